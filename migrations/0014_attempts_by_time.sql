-- A learner's answers in a span of time (/progress's four-week activity calendar): a range of this index,
-- where attempts_user (user_id, item_id, answered_at) would have to be read whole for the learner, a cost that
-- grows with everything they ever answered.
CREATE INDEX attempts_user_time ON attempts (user_id, answered_at);
