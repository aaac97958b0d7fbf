-- Group quizzes run on a timer in a channel: each question's message is kept so its results can be shown
-- on it after a restart, and the session keeps its seconds per question.
ALTER TABLE quiz_sessions ADD COLUMN seconds INTEGER;
ALTER TABLE quiz_questions ADD COLUMN message_id INTEGER;
CREATE INDEX quiz_sessions_running_groups ON quiz_sessions (channel_id) WHERE mode = 'group' AND status = 'active';
