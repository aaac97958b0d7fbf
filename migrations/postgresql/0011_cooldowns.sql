-- Per-learner budgets, counted where every process of the bot sees them (see the SQLite migration of the same
-- number).
CREATE TABLE cooldowns (
    budget TEXT COLLATE "C" NOT NULL,
    user_id BIGINT NOT NULL,
    uses INTEGER NOT NULL,
    ends_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (budget, user_id)
);
