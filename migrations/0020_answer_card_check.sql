-- An answer may be decided from its question's state as read when the question was shown (one trip fewer per
-- answer: bot/services/quiz.py). The review card read then may have changed since (the same question answered
-- in another quiz, a self-rating): card_was_due names the card the service rescheduled (its due time; NULL: it
-- had none), and the answer is refused unless the card is still that one, so the service reads again and
-- reschedules from the card as it is. Otherwise the trigger is 0009's.
DROP TRIGGER answer_outcomes_insert;
DROP VIEW answer_outcomes;

CREATE VIEW answer_outcomes AS SELECT
    NULL AS user_id, NULL AS guild_id, NULL AS session_id, NULL AS position, NULL AS item_id, NULL AS answer,
    NULL AS correct, NULL AS answered_at, NULL AS day, NULL AS week, NULL AS new_day,
    NULL AS card_state, NULL AS card_step, NULL AS card_stability, NULL AS card_difficulty, NULL AS card_due,
    NULL AS card_last_review, NULL AS rating, NULL AS reviewed_at, NULL AS card_was_due
WHERE 0;

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
    INSERT INTO review_log (user_id, item_id, rating, reviewed_at)
    VALUES (NEW.user_id, NEW.item_id, NEW.rating, NEW.reviewed_at);
END;
