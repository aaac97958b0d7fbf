-- A review log row names the answer that wrote it (its quiz and question), so a self-rating finds its answer's row,
-- and the rows before it, by identity rather than by time: times are stored to the second, and a miss and a review
-- answer of the same item in one second had one time (the rating rebuilt the card without the miss, as a new one,
-- and rated the miss too). The answer's one statement carries both already. Otherwise the trigger is 0020's.
ALTER TABLE review_log ADD COLUMN session_id INTEGER;
ALTER TABLE review_log ADD COLUMN position INTEGER;

-- The rows already written: an answer a learner may still rate is a right one (Good, not rated) and its card's
-- last review; such a row takes the quiz and question of the one attempt of its learner, item and second, when
-- it alone holds that second. Any other is left without (a rating of it is refused, never put on a miss).
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

DROP TRIGGER answer_outcomes_insert;

CREATE TRIGGER answer_outcomes_insert INSTEAD OF INSERT ON answer_outcomes
BEGIN
    SELECT RAISE(ABORT, 'answer refused: its question is not open, or was answered')
    WHERE NOT EXISTS (
            SELECT 1 FROM quiz_sessions s JOIN quiz_questions q ON q.session_id = s.id AND q.position = s.position
            WHERE s.id = NEW.session_id AND s.position = NEW.position AND s.status = 'active'
              AND (q.closes_at IS NULL OR q.closes_at >= NEW.answered_at))
       OR EXISTS (SELECT 1 FROM attempts
                  WHERE session_id = NEW.session_id AND position = NEW.position AND user_id = NEW.user_id);
    SELECT RAISE(ABORT, 'answer refused: its review card changed since it was read')
    WHERE (SELECT due FROM review_cards WHERE user_id = NEW.user_id AND item_id = NEW.item_id)
          IS NOT NEW.card_was_due;
    INSERT INTO attempts (user_id, guild_id, session_id, position, item_id, answer, correct, answered_at)
    VALUES (NEW.user_id, NEW.guild_id, NEW.session_id, NEW.position, NEW.item_id, NEW.answer, NEW.correct,
            NEW.answered_at);
    INSERT INTO activity_days (user_id, day) SELECT NEW.user_id, NEW.day WHERE NEW.new_day = 1
    ON CONFLICT DO NOTHING;
    INSERT INTO scores (guild_id, period, user_id, correct, answered)
    SELECT NEW.guild_id, 'all', NEW.user_id, NEW.correct, 1 WHERE NEW.guild_id IS NOT NULL
    ON CONFLICT (guild_id, period, user_id) DO UPDATE SET
        correct = scores.correct + excluded.correct, answered = scores.answered + 1;
    INSERT INTO scores (guild_id, period, user_id, correct, answered)
    SELECT NEW.guild_id, NEW.week, NEW.user_id, NEW.correct, 1 WHERE NEW.guild_id IS NOT NULL
    ON CONFLICT (guild_id, period, user_id) DO UPDATE SET
        correct = scores.correct + excluded.correct, answered = scores.answered + 1;
    INSERT INTO review_cards (user_id, item_id, state, step, stability, difficulty, due, last_review)
    VALUES (NEW.user_id, NEW.item_id, NEW.card_state, NEW.card_step, NEW.card_stability, NEW.card_difficulty,
            NEW.card_due, NEW.card_last_review)
    ON CONFLICT (user_id, item_id) DO UPDATE SET
        state = excluded.state, step = excluded.step, stability = excluded.stability,
        difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review;
    INSERT INTO review_log (user_id, item_id, rating, reviewed_at, session_id, position)
    VALUES (NEW.user_id, NEW.item_id, NEW.rating, NEW.reviewed_at, NEW.session_id, NEW.position);
END;
