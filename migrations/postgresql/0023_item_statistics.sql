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

CREATE FUNCTION attempts_item_stats() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    answer_lang TEXT;
    shown TEXT;
    score DOUBLE PRECISION;
    secs INTEGER;
BEGIN
    SELECT s.lang, CASE WHEN s.position = NEW.position AND (s.shown_at IS NOT NULL OR NEW.position = 0)
                        THEN COALESCE(s.shown_at, s.created_at) END
    INTO answer_lang, shown FROM quiz_sessions s WHERE s.id = NEW.session_id;
    answer_lang := COALESCE(answer_lang, 'en');
    -- the learner's accuracy before this answer: read before learner_totals counts it
    SELECT CAST(t.correct AS DOUBLE PRECISION) / t.answered INTO score
    FROM learner_totals t WHERE t.user_id = NEW.user_id AND t.answered >= 5;
    INSERT INTO item_stats AS st (item_id, lang, answered, correct, scored, scored_correct, score_sum,
                                  score_squares, score_correct_sum)
    VALUES (NEW.item_id, answer_lang, 1, NEW.correct, CASE WHEN score IS NULL THEN 0 ELSE 1 END,
            CASE WHEN score IS NULL THEN 0 ELSE NEW.correct END,
            COALESCE(score, 0), COALESCE(score * score, 0), COALESCE(score * NEW.correct, 0))
    ON CONFLICT (item_id, lang) DO UPDATE SET
        answered = st.answered + 1, correct = st.correct + excluded.correct, scored = st.scored + excluded.scored,
        scored_correct = st.scored_correct + excluded.scored_correct,
        score_sum = st.score_sum + excluded.score_sum, score_squares = st.score_squares + excluded.score_squares,
        score_correct_sum = st.score_correct_sum + excluded.score_correct_sum;
    INSERT INTO learner_totals AS t (user_id, answered, correct) VALUES (NEW.user_id, 1, NEW.correct)
    ON CONFLICT (user_id) DO UPDATE SET answered = t.answered + 1, correct = t.correct + excluded.correct;
    -- a choice, true or false, or an order of events; never typed words (see the SQLite migration)
    IF NEW.correct = 0 AND NEW.answer ~ '^([A-Z]|true|false|[0-9]+(,[0-9]+)+)$' THEN
        INSERT INTO item_wrong_answers AS w (item_id, lang, answer, answered)
        VALUES (NEW.item_id, answer_lang, NEW.answer, 1)
        ON CONFLICT (item_id, lang, answer) DO UPDATE SET answered = w.answered + 1;
    END IF;
    IF shown IS NOT NULL THEN
        secs := round(EXTRACT(EPOCH FROM (CAST(NEW.answered_at AS timestamptz) - CAST(shown AS timestamptz))));
        IF secs >= 0 THEN
            INSERT INTO item_answer_times AS h (item_id, lang, seconds, answered)
            VALUES (NEW.item_id, answer_lang,
                    CASE WHEN secs < 60 THEN secs WHEN secs < 600 THEN secs / 10 * 10 ELSE 600 END, 1)
            ON CONFLICT (item_id, lang, seconds) DO UPDATE SET answered = h.answered + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER attempts_item_stats AFTER INSERT ON attempts
    FOR EACH ROW EXECUTE FUNCTION attempts_item_stats();

CREATE FUNCTION attempts_learner_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE learner_totals SET answered = answered - 1, correct = correct - OLD.correct WHERE user_id = OLD.user_id;
    DELETE FROM learner_totals WHERE user_id = OLD.user_id AND answered <= 0;
    RETURN NULL;
END
$$;
CREATE TRIGGER attempts_learner_totals_delete AFTER DELETE ON attempts
    FOR EACH ROW EXECUTE FUNCTION attempts_learner_totals_delete();
