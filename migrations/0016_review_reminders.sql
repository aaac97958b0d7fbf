-- Review reminders: one row per learner who turned them on (/remind on). The scheduler wakes for the earliest
-- next_due_at (indexed) instead of reading every learner: each row keeps its next check (the learner's local date
-- it is for and the UTC instant it falls), recomputed after each check and on every change. Their zone is
-- learners.timezone (one zone per learner).
CREATE TABLE reminders (
    user_id INTEGER PRIMARY KEY,
    local_time TEXT NOT NULL,  -- HH:MM on the learner's wall clock
    enabled INTEGER NOT NULL DEFAULT 1,
    problem TEXT,  -- why DMs stopped (dms_closed), until the learner turns reminders on again
    problem_told INTEGER NOT NULL DEFAULT 0,
    problem_at TEXT,
    next_local_date TEXT,
    next_due_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX reminders_due ON reminders (next_due_at)
    WHERE enabled = 1 AND problem IS NULL AND next_due_at IS NOT NULL;
-- the learners with a problem to be told, read on each scheduler wake
CREATE INDEX reminders_untold ON reminders (user_id) WHERE problem IS NOT NULL AND problem_told = 0;

-- Each learner's DM per local date: claimed before it is sent and marked sent after, so a day never gets two.
CREATE TABLE reminder_sends (
    user_id INTEGER NOT NULL,
    local_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'failed')),
    claimed_at TEXT NOT NULL,
    sent_at TEXT,
    message_id INTEGER,
    due INTEGER,  -- the reviews the DM said were due
    note TEXT,
    PRIMARY KEY (user_id, local_date)
);
