-- The scheduler wakes for the earliest due post instead of scanning every server: each schedule keeps
-- its next slot (the local date it is for and the UTC instant it is due), recomputed on every change.
ALTER TABLE daily_schedules ADD COLUMN next_local_date TEXT;
ALTER TABLE daily_schedules ADD COLUMN next_due_at TEXT;
ALTER TABLE daily_schedules ADD COLUMN problem_at TEXT;
CREATE INDEX daily_schedules_due ON daily_schedules (next_due_at)
    WHERE enabled = 1 AND problem IS NULL AND next_due_at IS NOT NULL;
CREATE INDEX daily_posts_history ON daily_posts (guild_id, local_date);
