-- A group quiz's pause and stop, kept with the quiz (see the SQLite migration of the same number).
ALTER TABLE quiz_sessions ADD COLUMN paused_left INTEGER;
ALTER TABLE quiz_sessions ADD COLUMN stopped_at TEXT COLLATE "C";
