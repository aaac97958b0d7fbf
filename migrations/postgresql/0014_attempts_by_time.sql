-- A learner's answers in a span of time (see the SQLite migration of the same number).
CREATE INDEX attempts_user_time ON attempts (user_id, answered_at);
