-- Item statistics kept per item and language as answers come in (see the SQLite migration of the same number).
ALTER TABLE quiz_sessions ADD COLUMN shown_at TEXT COLLATE "C";

CREATE TABLE learner_totals (
    user_id BIGINT PRIMARY KEY,
    answered INTEGER NOT NULL,
    correct INTEGER NOT NULL
);

CREATE TABLE item_stats (
    item_id TEXT COLLATE "C" NOT NULL,
    lang TEXT COLLATE "C" NOT NULL,
    answered INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    scored INTEGER NOT NULL,
    scored_correct INTEGER NOT NULL,
    score_sum DOUBLE PRECISION NOT NULL,
    score_squares DOUBLE PRECISION NOT NULL,
    score_correct_sum DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (item_id, lang)
);

CREATE TABLE item_wrong_answers (
    item_id TEXT COLLATE "C" NOT NULL,
    lang TEXT COLLATE "C" NOT NULL,
    answer TEXT COLLATE "C" NOT NULL,
    answered INTEGER NOT NULL,
    PRIMARY KEY (item_id, lang, answer)
);

CREATE TABLE item_answer_times (
    item_id TEXT COLLATE "C" NOT NULL,
    lang TEXT COLLATE "C" NOT NULL,
    seconds INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    PRIMARY KEY (item_id, lang, seconds)
);

INSERT INTO learner_totals (user_id, answered, correct)
SELECT user_id, COUNT(*), SUM(correct) FROM attempts GROUP BY user_id;

INSERT INTO item_stats (item_id, lang, answered, correct, scored, scored_correct, score_sum, score_squares,
                        score_correct_sum)
SELECT item_id, lang, COUNT(*), SUM(correct), COUNT(score), SUM(CASE WHEN score IS NULL THEN 0 ELSE correct END),
       COALESCE(SUM(score), 0), COALESCE(SUM(score * score), 0), COALESCE(SUM(score * correct), 0)
FROM (SELECT a.item_id, COALESCE(s.lang, 'en') AS lang, a.correct,
             CASE WHEN COUNT(*) OVER w - 1 >= 5
                  THEN CAST(SUM(a.correct) OVER w - a.correct AS DOUBLE PRECISION) / (COUNT(*) OVER w - 1) END
                 AS score
      FROM attempts a LEFT JOIN quiz_sessions s ON s.id = a.session_id
      WINDOW w AS (PARTITION BY a.user_id ORDER BY a.answered_at, a.id ROWS UNBOUNDED PRECEDING)) AS scored
GROUP BY item_id, lang;

INSERT INTO item_wrong_answers (item_id, lang, answer, answered)
SELECT a.item_id, COALESCE(s.lang, 'en'), a.answer, COUNT(*)
FROM attempts a LEFT JOIN quiz_sessions s ON s.id = a.session_id
WHERE a.correct = 0 AND a.answer ~ '^([A-Z]|true|false|[0-9]+(,[0-9]+)+)$'
GROUP BY a.item_id, COALESCE(s.lang, 'en'), a.answer;

-- One statement's answers at a time (a statement-level trigger over the rows it inserted): the answer's one row,
-- or thousands at once, each a few grouped upserts rather than a row-by-row function that updates the same
-- item's row once per answer. Each answer's score is the learner's accuracy before it, counting the answers
-- inserted before it in the same statement, as SQLite's row trigger counts them.
CREATE FUNCTION attempts_item_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO item_stats AS st (item_id, lang, answered, correct, scored, scored_correct, score_sum,
                                  score_squares, score_correct_sum)
    SELECT item_id, lang, COUNT(*), SUM(correct), COUNT(score),
           SUM(CASE WHEN score IS NULL THEN 0 ELSE correct END), COALESCE(SUM(score), 0),
           COALESCE(SUM(score * score), 0), COALESCE(SUM(score * correct), 0)
    FROM (SELECT a.item_id, COALESCE(s.lang, 'en') AS lang, a.correct,
                 CASE WHEN COALESCE(t.answered, 0) + COUNT(*) OVER w - 1 >= 5
                      THEN CAST(COALESCE(t.correct, 0) + SUM(a.correct) OVER w - a.correct AS DOUBLE PRECISION)
                           / (COALESCE(t.answered, 0) + COUNT(*) OVER w - 1) END AS score
          FROM added a
          LEFT JOIN quiz_sessions s ON s.id = a.session_id
          LEFT JOIN learner_totals t ON t.user_id = a.user_id
          WINDOW w AS (PARTITION BY a.user_id ORDER BY a.id ROWS UNBOUNDED PRECEDING)) AS scored
    GROUP BY item_id, lang
    ON CONFLICT (item_id, lang) DO UPDATE SET
        answered = st.answered + excluded.answered, correct = st.correct + excluded.correct,
        scored = st.scored + excluded.scored, scored_correct = st.scored_correct + excluded.scored_correct,
        score_sum = st.score_sum + excluded.score_sum, score_squares = st.score_squares + excluded.score_squares,
        score_correct_sum = st.score_correct_sum + excluded.score_correct_sum;
    INSERT INTO learner_totals AS t (user_id, answered, correct)
    SELECT user_id, COUNT(*), SUM(correct) FROM added GROUP BY user_id
    ON CONFLICT (user_id) DO UPDATE SET answered = t.answered + excluded.answered,
                                        correct = t.correct + excluded.correct;
    -- a choice, true or false, or an order of events; never typed words (see the SQLite migration)
    INSERT INTO item_wrong_answers AS w (item_id, lang, answer, answered)
    SELECT a.item_id, COALESCE(s.lang, 'en'), a.answer, COUNT(*)
    FROM added a LEFT JOIN quiz_sessions s ON s.id = a.session_id
    WHERE a.correct = 0 AND a.answer ~ '^([A-Z]|true|false|[0-9]+(,[0-9]+)+)$'
    GROUP BY a.item_id, COALESCE(s.lang, 'en'), a.answer
    ON CONFLICT (item_id, lang, answer) DO UPDATE SET answered = w.answered + excluded.answered;
    INSERT INTO item_answer_times AS h (item_id, lang, seconds, answered)
    SELECT item_id, lang, bucket, COUNT(*)
    FROM (SELECT item_id, lang,
                 CASE WHEN secs < 60 THEN secs WHEN secs < 600 THEN secs / 10 * 10 ELSE 600 END AS bucket
          FROM (SELECT a.item_id, s.lang,
                       CAST(round(EXTRACT(EPOCH FROM (CAST(a.answered_at AS timestamptz)
                                                      - CAST(COALESCE(s.shown_at, s.created_at) AS timestamptz))))
                            AS INTEGER) AS secs
                FROM added a
                JOIN quiz_sessions s ON s.id = a.session_id AND s.position = a.position
                                    AND (s.shown_at IS NOT NULL OR a.position = 0)) AS timed
          WHERE secs >= 0) AS bucketed
    GROUP BY item_id, lang, bucket
    ON CONFLICT (item_id, lang, seconds) DO UPDATE SET answered = h.answered + excluded.answered;
    RETURN NULL;
END
$$;
CREATE TRIGGER attempts_item_stats AFTER INSERT ON attempts REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION attempts_item_stats();

CREATE FUNCTION attempts_learner_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE learner_totals t SET answered = t.answered - d.answered, correct = t.correct - d.correct
    FROM (SELECT user_id, COUNT(*) AS answered, SUM(correct) AS correct FROM removed GROUP BY user_id) AS d
    WHERE t.user_id = d.user_id;
    DELETE FROM learner_totals t USING (SELECT DISTINCT user_id FROM removed) AS d
    WHERE t.user_id = d.user_id AND t.answered <= 0;
    RETURN NULL;
END
$$;
CREATE TRIGGER attempts_learner_totals_delete AFTER DELETE ON attempts REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION attempts_learner_totals_delete();
