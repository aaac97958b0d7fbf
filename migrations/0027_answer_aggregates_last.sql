-- The answer's aggregates (0023's item statistics and learner totals, 0025's server days, 0026's assignment
-- takes) in one trigger, as on PostgreSQL, where the split mattered (see the migration of the same number there:
-- the learner's own rows are written first and the question's shared rows last). SQLite has one writer at a
-- time, so here it is the same work in one place.
DROP TRIGGER attempts_item_stats;
DROP TRIGGER attempts_guild_item_days;
DROP TRIGGER attempts_assignment_results;

CREATE TRIGGER attempts_aggregates AFTER INSERT ON attempts BEGIN
    -- the answers given by the due time of an assignment whose take is this quiz count
    UPDATE assignment_results SET answered = answered + 1, correct = correct + NEW.correct
    WHERE NEW.session_id IS NOT NULL AND session_id = NEW.session_id AND user_id = NEW.user_id
      AND NEW.answered_at <= (SELECT a.due_at FROM assignments a WHERE a.id = assignment_results.assignment_id);
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
    INSERT INTO guild_item_days (guild_id, day, item_id, answered, correct)
    SELECT NEW.guild_id, substr(NEW.answered_at, 1, 10), NEW.item_id, 1, NEW.correct
    WHERE NEW.guild_id IS NOT NULL
    ON CONFLICT (guild_id, day, item_id) DO UPDATE SET answered = answered + 1,
                                                       correct = correct + excluded.correct;
    -- a choice, true or false, or an order of events; never typed words (see 0023)
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
