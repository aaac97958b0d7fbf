-- A group quiz's host (or a moderator) may pause, skip or stop it (bot/services/group.py). Both states are kept
-- with the quiz, so a restart finds it as it was left: paused_left is the seconds its question had left when it
-- was paused (NULL: not paused), stopped_at when it was stopped (NULL: not stopped; the quiz then shows the
-- current question's results and the scoreboard so far, and ends). Who did either is not kept: it is said in
-- the channel, and a learner's /mydata delete need not look here. The quiz stays 'active' meanwhile, so the
-- channel keeps its one running group quiz until then.
ALTER TABLE quiz_sessions ADD COLUMN paused_left INTEGER;
ALTER TABLE quiz_sessions ADD COLUMN stopped_at TEXT;
