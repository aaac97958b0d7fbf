-- Learners' reports of a problem with a course item (a quiz question, a glossary term, a quote): the reason, their
-- words, the course version and language they saw it in, and where they sent it from (guild_id, NULL for a DM),
-- which decides whose moderators see it. closed_by is the moderator who resolved or dismissed it; told, what
-- became of telling a reporter who asked to be told (told, dms_closed, failed), tried once.
CREATE TABLE item_reports (
    id INTEGER PRIMARY KEY,
    item_kind TEXT NOT NULL CHECK (item_kind IN ('question', 'term', 'quote')),
    item_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    guild_id INTEGER,
    reason TEXT NOT NULL CHECK (reason IN ('wrong', 'unclear', 'typo', 'translation', 'offensive', 'other')),
    note TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL,
    course_version TEXT NOT NULL,
    notify INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
    created_at TEXT NOT NULL,
    closed_by INTEGER,
    closed_at TEXT,
    close_note TEXT,
    told TEXT,
    told_at TEXT
);
-- one open report per learner per item; once it is closed they may report the item again
CREATE UNIQUE INDEX item_reports_one_open ON item_reports (user_id, item_kind, item_id) WHERE status = 'open';
-- the queue: a server's open reports, and an item's when it is closed
CREATE INDEX item_reports_open_by_guild ON item_reports (guild_id, item_kind, item_id) WHERE status = 'open';
CREATE INDEX item_reports_open_by_item ON item_reports (item_kind, item_id) WHERE status = 'open';
