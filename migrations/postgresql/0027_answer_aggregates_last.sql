-- The answer's aggregates (0023's item statistics and learner totals, 0025's server days, 0026's assignment
-- takes) move from three statement-level triggers to one row-level trigger, and the answer writes its attempt
-- last. Two reasons:
-- * Locks. A statement trigger on attempts ran when the answer inserted its attempt, before its scores and
--   review card; the question's shared rows (its statistics, the server's day) were then held while the answer
--   waited on anything after them. One learner's answer stuck behind another connection's lock held up every
--   other learner answering the same question, each for its own lock timeout in turn: replies outside
--   Discord's window. Now the learner's own rows come first and the question's shared rows last, just before
--   the commit.
-- * Time. A statement trigger builds its transition table and plans its grouped statements for every answer
--   (about 0.5 ms an answer for the three); a row's upserts by key cost a fraction of that.
-- A bulk insert into attempts still keeps every aggregate, row by row, as SQLite's triggers do; nothing in the
-- bot inserts in bulk (the bench's generator copies its rows with triggers off).
DROP TRIGGER attempts_item_stats ON attempts;
DROP FUNCTION attempts_item_stats();
DROP TRIGGER attempts_guild_item_days ON attempts;
DROP FUNCTION attempts_guild_item_days();
DROP TRIGGER attempts_assignment_results ON attempts;
DROP FUNCTION attempts_assignment_results();

CREATE FUNCTION attempts_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_lang TEXT;
    v_position INTEGER;
    v_shown TEXT;
    v_created TEXT;
    v_score DOUBLE PRECISION;
    v_seconds INTEGER;
BEGIN
    -- the learner's own rows
    IF NEW.session_id IS NOT NULL THEN
        SELECT s.lang, s.position, s.shown_at, s.created_at INTO v_lang, v_position, v_shown, v_created
        FROM quiz_sessions s WHERE s.id = NEW.session_id;
        -- the answers given by the due time of an assignment whose take is this quiz count
        UPDATE assignment_results r SET answered = r.answered + 1, correct = r.correct + NEW.correct
        FROM assignments a
        WHERE r.session_id = NEW.session_id AND r.user_id = NEW.user_id AND a.id = r.assignment_id
          AND NEW.answered_at <= a.due_at;
    END IF;
    v_lang := COALESCE(v_lang, 'en');
    -- the learner's accuracy before this answer: read before learner_totals counts it
    SELECT CAST(t.correct AS DOUBLE PRECISION) / t.answered INTO v_score
    FROM learner_totals t WHERE t.user_id = NEW.user_id AND t.answered >= 5;
    INSERT INTO learner_totals AS t (user_id, answered, correct) VALUES (NEW.user_id, 1, NEW.correct)
    ON CONFLICT (user_id) DO UPDATE SET answered = t.answered + 1, correct = t.correct + excluded.correct;
    -- the rows shared with other learners: the server's day for the question, then the question's own
    IF NEW.guild_id IS NOT NULL THEN
        INSERT INTO guild_item_days AS g (guild_id, day, item_id, answered, correct)
        VALUES (NEW.guild_id, substr(NEW.answered_at, 1, 10), NEW.item_id, 1, NEW.correct)
        ON CONFLICT (guild_id, day, item_id) DO UPDATE SET answered = g.answered + 1,
                                                           correct = g.correct + excluded.correct;
    END IF;
    INSERT INTO item_stats AS st (item_id, lang, answered, correct, scored, scored_correct, score_sum,
                                  score_squares, score_correct_sum)
    VALUES (NEW.item_id, v_lang, 1, NEW.correct, CASE WHEN v_score IS NULL THEN 0 ELSE 1 END,
            CASE WHEN v_score IS NULL THEN 0 ELSE NEW.correct END, COALESCE(v_score, 0),
            COALESCE(v_score * v_score, 0), COALESCE(v_score * NEW.correct, 0))
    ON CONFLICT (item_id, lang) DO UPDATE SET
        answered = st.answered + 1, correct = st.correct + excluded.correct,
        scored = st.scored + excluded.scored, scored_correct = st.scored_correct + excluded.scored_correct,
        score_sum = st.score_sum + excluded.score_sum, score_squares = st.score_squares + excluded.score_squares,
        score_correct_sum = st.score_correct_sum + excluded.score_correct_sum;
    -- a choice, true or false, or an order of events; never typed words (see the SQLite migration 0023)
    IF NEW.correct = 0 AND NEW.answer ~ '^([A-Z]|true|false|[0-9]+(,[0-9]+)+)$' THEN
        INSERT INTO item_wrong_answers AS w (item_id, lang, answer, answered)
        VALUES (NEW.item_id, v_lang, NEW.answer, 1)
        ON CONFLICT (item_id, lang, answer) DO UPDATE SET answered = w.answered + 1;
    END IF;
    -- the time to answer: from the question's showing, while the quiz is still on it
    IF v_position = NEW.position AND (v_shown IS NOT NULL OR NEW.position = 0) THEN
        v_seconds := CAST(round(EXTRACT(EPOCH FROM (CAST(NEW.answered_at AS timestamptz)
                                                    - CAST(COALESCE(v_shown, v_created) AS timestamptz))))
                          AS INTEGER);
        IF v_seconds >= 0 THEN
            INSERT INTO item_answer_times AS h (item_id, lang, seconds, answered)
            VALUES (NEW.item_id, v_lang,
                    CASE WHEN v_seconds < 60 THEN v_seconds WHEN v_seconds < 600 THEN v_seconds / 10 * 10
                         ELSE 600 END, 1)
            ON CONFLICT (item_id, lang, seconds) DO UPDATE SET answered = h.answered + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER attempts_aggregates AFTER INSERT ON attempts FOR EACH ROW EXECUTE FUNCTION attempts_aggregates();

-- 0021's function with the attempt inserted last (its row trigger above writes the shared rows).
CREATE OR REPLACE FUNCTION answer_outcomes_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
            SELECT 1 FROM quiz_sessions s JOIN quiz_questions q ON q.session_id = s.id AND q.position = s.position
            WHERE s.id = NEW.session_id AND s.position = NEW.position AND s.status = 'active'
              AND (q.closes_at IS NULL OR q.closes_at >= NEW.answered_at))
       OR EXISTS (SELECT 1 FROM attempts
                  WHERE session_id = NEW.session_id AND position = NEW.position AND user_id = NEW.user_id) THEN
        -- reported as a taken key, as the unique index attempts_once reports a concurrent second answer
        RAISE EXCEPTION 'answer refused: its question is not open, or was answered' USING ERRCODE = 'unique_violation';
    END IF;
    IF (SELECT due FROM review_cards WHERE user_id = NEW.user_id AND item_id = NEW.item_id)
       IS DISTINCT FROM NEW.card_was_due THEN
        RAISE EXCEPTION 'answer refused: its review card changed since it was read' USING ERRCODE = 'unique_violation';
    END IF;
    IF NEW.new_day = 1 THEN
        INSERT INTO activity_days (user_id, day) VALUES (NEW.user_id, NEW.day) ON CONFLICT DO NOTHING;
    END IF;
    IF NEW.guild_id IS NOT NULL THEN
        INSERT INTO scores (guild_id, period, user_id, correct, answered)
        VALUES (NEW.guild_id, 'all', NEW.user_id, NEW.correct, 1), (NEW.guild_id, NEW.week, NEW.user_id, NEW.correct, 1)
        ON CONFLICT (guild_id, period, user_id) DO UPDATE SET
            correct = scores.correct + excluded.correct, answered = scores.answered + 1;
    END IF;
    INSERT INTO review_cards (user_id, item_id, state, step, stability, difficulty, due, last_review)
    VALUES (NEW.user_id, NEW.item_id, NEW.card_state, NEW.card_step, NEW.card_stability, NEW.card_difficulty,
            NEW.card_due, NEW.card_last_review)
    ON CONFLICT (user_id, item_id) DO UPDATE SET
        state = excluded.state, step = excluded.step, stability = excluded.stability,
        difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review;
    INSERT INTO review_log (user_id, item_id, rating, reviewed_at, session_id, position)
    VALUES (NEW.user_id, NEW.item_id, NEW.rating, NEW.reviewed_at, NEW.session_id, NEW.position);
    INSERT INTO attempts (user_id, guild_id, session_id, position, item_id, answer, correct, answered_at)
    VALUES (NEW.user_id, NEW.guild_id, NEW.session_id, NEW.position, NEW.item_id, NEW.answer, NEW.correct,
            NEW.answered_at);
    RETURN NEW;
END;
$$;
