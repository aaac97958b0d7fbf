-- Review reminders: a learner's change wins over a check under way, and the record of each day's DM stays small.
-- version: bumped by every change the learner makes (/remind on or off, a new zone); a check writes the next
-- time only while the row still has the version it took, so a check that began before the change never puts back
-- a time computed from the old choice.
ALTER TABLE reminders ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
-- The learner's local day of their last DM sent, kept on their row: reminder_sends is pruned to the last days
-- (all the once-a-day rule reads), and /remind status still says when the last one came.
ALTER TABLE reminders ADD COLUMN last_sent_on TEXT;
UPDATE reminders SET last_sent_on = (SELECT MAX(s.local_date) FROM reminder_sends s
                                     WHERE s.user_id = reminders.user_id AND s.status = 'sent');
-- the pruning's range: the days gone, oldest first, a bounded batch at a time
CREATE INDEX reminder_sends_by_date ON reminder_sends (local_date);
