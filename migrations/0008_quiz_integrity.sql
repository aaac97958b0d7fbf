-- What each question showed, so an answer is graded against what was on the learner's screen even when a
-- moderator edits the item mid-quiz: a key for what it asked, then a key per choice in display order (NULL in
-- older rows).
ALTER TABLE quiz_questions ADD COLUMN shown TEXT;

-- One running group quiz per channel, enforced by the database: two starts at the same moment cannot both win.
-- Duplicates left by older versions are ended first (the oldest keeps running).
UPDATE quiz_sessions SET status = 'abandoned', finished_at = COALESCE(finished_at, created_at)
WHERE mode = 'group' AND status = 'active' AND channel_id IS NOT NULL AND id <> (
    SELECT MIN(s2.id) FROM quiz_sessions s2
    WHERE s2.mode = 'group' AND s2.status = 'active' AND s2.channel_id = quiz_sessions.channel_id);
DROP INDEX quiz_sessions_running_groups;
CREATE UNIQUE INDEX quiz_sessions_running_groups ON quiz_sessions (channel_id) WHERE mode = 'group' AND status = 'active';

-- Quizzes abandoned a while ago are pruned (their answers stay): found by status and when they were abandoned.
CREATE INDEX quiz_sessions_prune ON quiz_sessions (status, finished_at);
