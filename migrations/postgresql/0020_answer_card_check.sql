-- An answer may be decided from its question's state as read when the question was shown; card_was_due names
-- the review card the service rescheduled, and the answer is refused unless the card is still that one (see
-- the SQLite migration of the same number). Otherwise the trigger is 0009's.
DROP TRIGGER answer_outcomes_insert ON answer_outcomes;
DROP VIEW answer_outcomes;

CREATE VIEW answer_outcomes AS SELECT
    CAST(NULL AS BIGINT) AS user_id, CAST(NULL AS BIGINT) AS guild_id, CAST(NULL AS BIGINT) AS session_id,
    CAST(NULL AS INTEGER) AS position, CAST(NULL AS TEXT) COLLATE "C" AS item_id, CAST(NULL AS TEXT) COLLATE "C" AS answer,
    CAST(NULL AS INTEGER) AS correct, CAST(NULL AS TEXT) COLLATE "C" AS answered_at, CAST(NULL AS TEXT) COLLATE "C" AS day,
    CAST(NULL AS TEXT) COLLATE "C" AS week, CAST(NULL AS INTEGER) AS new_day, CAST(NULL AS INTEGER) AS card_state,
    CAST(NULL AS INTEGER) AS card_step, CAST(NULL AS DOUBLE PRECISION) AS card_stability,
    CAST(NULL AS DOUBLE PRECISION) AS card_difficulty, CAST(NULL AS TEXT) COLLATE "C" AS card_due,
    CAST(NULL AS TEXT) COLLATE "C" AS card_last_review, CAST(NULL AS INTEGER) AS rating, CAST(NULL AS TEXT) COLLATE "C" AS reviewed_at,
    CAST(NULL AS TEXT) COLLATE "C" AS card_was_due
WHERE false;

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
    INSERT INTO attempts (user_id, guild_id, session_id, position, item_id, answer, correct, answered_at)
    VALUES (NEW.user_id, NEW.guild_id, NEW.session_id, NEW.position, NEW.item_id, NEW.answer, NEW.correct,
            NEW.answered_at);
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
    INSERT INTO review_log (user_id, item_id, rating, reviewed_at)
    VALUES (NEW.user_id, NEW.item_id, NEW.rating, NEW.reviewed_at);
    RETURN NEW;
END;
$$;

CREATE TRIGGER answer_outcomes_insert INSTEAD OF INSERT ON answer_outcomes
    FOR EACH ROW EXECUTE FUNCTION answer_outcomes_insert();
