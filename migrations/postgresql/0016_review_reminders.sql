-- Review reminders and each learner's DM per local date (see the SQLite migration of the same number).
CREATE TABLE reminders (
    user_id BIGINT PRIMARY KEY,
    local_time TEXT COLLATE "C" NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    problem TEXT COLLATE "C",
    problem_told INTEGER NOT NULL DEFAULT 0,
    problem_at TEXT COLLATE "C",
    next_local_date TEXT COLLATE "C",
    next_due_at TEXT COLLATE "C",
    updated_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX reminders_due ON reminders (next_due_at)
    WHERE enabled = 1 AND problem IS NULL AND next_due_at IS NOT NULL;
CREATE INDEX reminders_untold ON reminders (user_id) WHERE problem IS NOT NULL AND problem_told = 0;

CREATE TABLE reminder_sends (
    user_id BIGINT NOT NULL,
    local_date TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'failed')),
    claimed_at TEXT COLLATE "C" NOT NULL,
    sent_at TEXT COLLATE "C",
    message_id BIGINT,
    due INTEGER,
    note TEXT COLLATE "C",
    PRIMARY KEY (user_id, local_date)
);
