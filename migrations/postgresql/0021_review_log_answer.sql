-- A review log row names the answer that wrote it (its quiz and question), so a self-rating finds that row and
-- the rows before it by identity, not by the second it was stored at (see the SQLite migration of the same
-- number). Otherwise the trigger's function is 0020's.
ALTER TABLE review_log ADD COLUMN session_id BIGINT, ADD COLUMN position INTEGER;

-- The rows already written: named where the answer may still be rated and its second tells it alone.
UPDATE review_log
SET session_id = (SELECT a.session_id FROM attempts a
                  WHERE a.user_id = review_log.user_id AND a.item_id = review_log.item_id
                    AND a.answered_at = review_log.reviewed_at AND a.session_id IS NOT NULL),
    position = (SELECT a.position FROM attempts a
                WHERE a.user_id = review_log.user_id AND a.item_id = review_log.item_id
                  AND a.answered_at = review_log.reviewed_at AND a.session_id IS NOT NULL)
WHERE rating = 3 AND self_rated = 0
  AND id IN (SELECT max(id) FROM review_log GROUP BY user_id, item_id)
  AND (SELECT count(*) FROM review_log l
       WHERE l.user_id = review_log.user_id AND l.item_id = review_log.item_id
         AND l.reviewed_at = review_log.reviewed_at) = 1
  AND (SELECT count(*) FROM attempts a
       WHERE a.user_id = review_log.user_id AND a.item_id = review_log.item_id
         AND a.answered_at = review_log.reviewed_at AND a.session_id IS NOT NULL) = 1;

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
    INSERT INTO review_log (user_id, item_id, rating, reviewed_at, session_id, position)
    VALUES (NEW.user_id, NEW.item_id, NEW.rating, NEW.reviewed_at, NEW.session_id, NEW.position);
    RETURN NEW;
END;
$$;
