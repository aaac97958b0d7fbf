-- Per-learner budgets (/quiz's three per 30 s and the like), counted where every process of the bot sees them.
-- Only PostgreSQL uses this table: a cluster's processes share the database, and a learner must not escape a
-- budget by using a server that another process serves. One process on SQLite counts in memory (no write per
-- command); the table is here too so that both engines' schemas stay the same.
--
-- One row per budget and learner: the learner's current window (bot/storage/limits.py). `ends_at` is seconds
-- since the epoch, as Discord stamps the interaction: only compared with the next interaction's time, never
-- shown, so a number rather than the ISO text of the other tables. A row whose window has ended is overwritten
-- by the learner's next use, or deleted by the next sweep.
CREATE TABLE cooldowns (
    budget TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    uses INTEGER NOT NULL,
    ends_at REAL NOT NULL,
    PRIMARY KEY (budget, user_id)
) WITHOUT ROWID;
