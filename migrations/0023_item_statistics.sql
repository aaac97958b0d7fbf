-- Item statistics (/content stats, python -m bot stats), kept per item and language as answers come in, by a
-- trigger on attempts: the answer's one statement writes them (no trip added), and a report reads a few rows per
-- item instead of every answer (millions). The language is the quiz's (an answer without a quiz counts as
-- English). The figures are anonymous counts and sums: a learner's deletion leaves them.
--
-- Discrimination is the point-biserial correlation between an answer being right and its learner's accuracy over
-- their answers before it (only once they have 5; fewer say little), from five sums kept per item. Time to answer
-- runs from when the question was shown: quiz_sessions.shown_at, set when a quiz moves to its next question (the
-- first question is shown when the quiz is created); answers given before this migration have no time. Times are
-- kept as a histogram: each second up to a minute, then tens of seconds, and 600 for ten minutes or more.
ALTER TABLE quiz_sessions ADD COLUMN shown_at TEXT;

CREATE TABLE learner_totals (
    user_id INTEGER PRIMARY KEY,
    answered INTEGER NOT NULL,
    correct INTEGER NOT NULL
);

CREATE TABLE item_stats (
    item_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    answered INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    scored INTEGER NOT NULL,  -- answers whose learner had 5 earlier answers or more
    scored_correct INTEGER NOT NULL,
    score_sum REAL NOT NULL,  -- of the learner's earlier accuracy, over the scored answers
    score_squares REAL NOT NULL,
    score_correct_sum REAL NOT NULL,  -- the same, over the scored answers that were right
    PRIMARY KEY (item_id, lang)
) WITHOUT ROWID;

-- A wrong choice as attempts stores it: a choice's letter, true or false, an order of events ('2,0,1'). Typed
-- answers are not kept here: a learner's own words must go with their answers when their data is deleted.
CREATE TABLE item_wrong_answers (
    item_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    answer TEXT NOT NULL,
    answered INTEGER NOT NULL,
    PRIMARY KEY (item_id, lang, answer)
) WITHOUT ROWID;

CREATE TABLE item_answer_times (
    item_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    seconds INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    PRIMARY KEY (item_id, lang, seconds)
) WITHOUT ROWID;

-- The answers already given: counts, wrong answers and each learner's accuracy before each answer (no times).
INSERT INTO learner_totals (user_id, answered, correct)
SELECT user_id, COUNT(*), SUM(correct) FROM attempts GROUP BY user_id;

INSERT INTO item_stats (item_id, lang, answered, correct, scored, scored_correct, score_sum, score_squares,
                        score_correct_sum)
SELECT item_id, lang, COUNT(*), SUM(correct), COUNT(score), SUM(CASE WHEN score IS NULL THEN 0 ELSE correct END),
       COALESCE(SUM(score), 0), COALESCE(SUM(score * score), 0), COALESCE(SUM(score * correct), 0)
FROM (SELECT a.item_id, COALESCE(s.lang, 'en') AS lang, a.correct,
             CASE WHEN COUNT(*) OVER w - 1 >= 5
                  THEN CAST(SUM(a.correct) OVER w - a.correct AS REAL) / (COUNT(*) OVER w - 1) END AS score
      FROM attempts a LEFT JOIN quiz_sessions s ON s.id = a.session_id
      WINDOW w AS (PARTITION BY a.user_id ORDER BY a.answered_at, a.id ROWS UNBOUNDED PRECEDING))
GROUP BY item_id, lang;

INSERT INTO item_wrong_answers (item_id, lang, answer, answered)
SELECT a.item_id, COALESCE(s.lang, 'en'), a.answer, COUNT(*)
FROM attempts a LEFT JOIN quiz_sessions s ON s.id = a.session_id
WHERE a.correct = 0 AND (a.answer GLOB '[A-Z]' OR a.answer IN ('true', 'false')
                         OR (a.answer GLOB '[0-9]*,*' AND a.answer NOT GLOB '*[^0-9,]*'))
GROUP BY a.item_id, COALESCE(s.lang, 'en'), a.answer;

CREATE TRIGGER attempts_item_stats AFTER INSERT ON attempts BEGIN
    -- the learner's accuracy before this answer: read before learner_totals counts it
    INSERT INTO item_stats (item_id, lang, answered, correct, scored, scored_correct, score_sum, score_squares,
                            score_correct_sum)
    SELECT NEW.item_id, v.lang, 1, NEW.correct, v.score IS NOT NULL,
           CASE WHEN v.score IS NULL THEN 0 ELSE NEW.correct END,
           COALESCE(v.score, 0), COALESCE(v.score * v.score, 0), COALESCE(v.score * NEW.correct, 0)
    FROM (SELECT COALESCE((SELECT lang FROM quiz_sessions WHERE id = NEW.session_id), 'en') AS lang,
                 (SELECT CAST(correct AS REAL) / answered FROM learner_totals
                  WHERE user_id = NEW.user_id AND answered >= 5) AS score) AS v
    WHERE 1
    ON CONFLICT (item_id, lang) DO UPDATE SET
        answered = answered + 1, correct = correct + excluded.correct, scored = scored + excluded.scored,
        scored_correct = scored_correct + excluded.scored_correct, score_sum = score_sum + excluded.score_sum,
        score_squares = score_squares + excluded.score_squares,
        score_correct_sum = score_correct_sum + excluded.score_correct_sum;
    INSERT INTO learner_totals (user_id, answered, correct) VALUES (NEW.user_id, 1, NEW.correct)
    ON CONFLICT (user_id) DO UPDATE SET answered = answered + 1, correct = correct + excluded.correct;
    INSERT INTO item_wrong_answers (item_id, lang, answer, answered)
    SELECT NEW.item_id, COALESCE((SELECT lang FROM quiz_sessions WHERE id = NEW.session_id), 'en'),
           NEW.answer, 1
    WHERE NEW.correct = 0 AND (NEW.answer GLOB '[A-Z]' OR NEW.answer IN ('true', 'false')
                               OR (NEW.answer GLOB '[0-9]*,*' AND NEW.answer NOT GLOB '*[^0-9,]*'))
    ON CONFLICT (item_id, lang, answer) DO UPDATE SET answered = answered + 1;
    INSERT INTO item_answer_times (item_id, lang, seconds, answered)
    SELECT NEW.item_id, t.lang,
           CASE WHEN t.seconds < 60 THEN t.seconds WHEN t.seconds < 600 THEN t.seconds / 10 * 10 ELSE 600 END, 1
    FROM (SELECT lang, CAST((julianday(NEW.answered_at) - julianday(COALESCE(shown_at, created_at))) * 86400
                            + 0.5 AS INTEGER) AS seconds
          FROM quiz_sessions
          WHERE id = NEW.session_id AND position = NEW.position
            AND (shown_at IS NOT NULL OR NEW.position = 0)) AS t
    WHERE t.seconds >= 0
    ON CONFLICT (item_id, lang, seconds) DO UPDATE SET answered = answered + 1;
END;

-- A learner's totals follow their answers out (a deleted learner leaves no row).
CREATE TRIGGER attempts_learner_totals_delete AFTER DELETE ON attempts BEGIN
    UPDATE learner_totals SET answered = answered - 1, correct = correct - OLD.correct WHERE user_id = OLD.user_id;
    DELETE FROM learner_totals WHERE user_id = OLD.user_id AND answered <= 0;
END;
