-- Learners, guild settings, quizzes, attempts, reviews, reading, daily posts, content audit.
-- Times are ISO-8601 UTC text ('2026-01-05T12:00:00+00:00'); Discord ids are integers.

CREATE TABLE learners (
    user_id INTEGER PRIMARY KEY,
    locale TEXT,
    leaderboard_opt_out INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE guild_settings (
    guild_id INTEGER PRIMARY KEY,
    locale TEXT,
    moderator_role_id INTEGER,
    updated_at TEXT NOT NULL
);

CREATE TABLE quiz_sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    guild_id INTEGER,
    channel_id INTEGER,
    mode TEXT NOT NULL CHECK (mode IN ('solo', 'group', 'review')),
    topic_id TEXT,
    difficulty INTEGER,
    lang TEXT NOT NULL,
    length INTEGER NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished', 'abandoned')),
    created_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX quiz_sessions_user ON quiz_sessions (user_id, status);

CREATE TABLE quiz_questions (
    session_id INTEGER NOT NULL REFERENCES quiz_sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    display_order TEXT NOT NULL,
    closes_at TEXT,
    PRIMARY KEY (session_id, position)
);

CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    guild_id INTEGER,
    session_id INTEGER REFERENCES quiz_sessions (id) ON DELETE SET NULL,
    position INTEGER,
    item_id TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    answered_at TEXT NOT NULL
);
CREATE UNIQUE INDEX attempts_once ON attempts (session_id, position, user_id) WHERE session_id IS NOT NULL;
CREATE INDEX attempts_user ON attempts (user_id, item_id, answered_at);

-- Per guild and period ('all' or an ISO week '2026-W02'), kept up to date on every answer,
-- so leaderboards never scan the attempts.
CREATE TABLE scores (
    guild_id INTEGER NOT NULL,
    period TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    correct INTEGER NOT NULL DEFAULT 0,
    answered INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, period, user_id)
);
CREATE INDEX scores_rank ON scores (guild_id, period, correct DESC, answered);

CREATE TABLE activity_days (
    user_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (user_id, day)
) WITHOUT ROWID;

CREATE TABLE review_cards (
    user_id INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    state INTEGER NOT NULL,
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due TEXT NOT NULL,
    last_review TEXT,
    PRIMARY KEY (user_id, item_id)
);
CREATE INDEX review_cards_due ON review_cards (user_id, due);

CREATE TABLE review_log (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    rating INTEGER NOT NULL,
    reviewed_at TEXT NOT NULL
);
CREATE INDEX review_log_card ON review_log (user_id, item_id, reviewed_at);

CREATE TABLE topics_read (
    user_id INTEGER NOT NULL,
    topic_id TEXT NOT NULL,
    first_read_at TEXT NOT NULL,
    last_read_at TEXT NOT NULL,
    PRIMARY KEY (user_id, topic_id)
);

CREATE TABLE quotes_seen (
    user_id INTEGER NOT NULL,
    quote_id TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (user_id, quote_id)
);

CREATE TABLE daily_schedules (
    guild_id INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL,
    local_time TEXT NOT NULL,
    timezone TEXT NOT NULL,
    topic_id TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    problem TEXT,
    problem_told INTEGER NOT NULL DEFAULT 0,
    seed INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE daily_posts (
    guild_id INTEGER NOT NULL,
    local_date TEXT NOT NULL,
    quote_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'failed')),
    claimed_at TEXT NOT NULL,
    sent_at TEXT,
    message_id INTEGER,
    note TEXT,
    PRIMARY KEY (guild_id, local_date)
);

CREATE TABLE content_audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    guild_id INTEGER,
    action TEXT NOT NULL,
    file TEXT,
    fingerprint TEXT,
    detail TEXT
);
