-- Review reminders: a learner's change wins over a check under way, and the record of each day's DM stays small
-- (see the SQLite migration of the same number).
ALTER TABLE reminders ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reminders ADD COLUMN last_sent_on TEXT COLLATE "C";
UPDATE reminders SET last_sent_on = (SELECT MAX(s.local_date) FROM reminder_sends s
                                     WHERE s.user_id = reminders.user_id AND s.status = 'sent');
CREATE INDEX reminder_sends_by_date ON reminder_sends (local_date);
