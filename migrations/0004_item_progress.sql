-- /progress reads one row per question a learner has answered instead of every answer they ever gave
-- (a heavy learner has thousands): how often answered, how often right, and whether the latest answer was
-- right. Kept by triggers in the same transaction as the answer, so it cannot drift from `attempts`;
-- answers are only ever inserted or deleted (a deletion recomputes its question from what remains).
CREATE TABLE item_progress (
    user_id INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    answered INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    last_correct INTEGER NOT NULL,
    last_at TEXT NOT NULL,
    last_id INTEGER NOT NULL,  -- the latest answer (by time, then by id, as /progress always ordered them)
    PRIMARY KEY (user_id, item_id)
) WITHOUT ROWID;

INSERT INTO item_progress (user_id, item_id, answered, correct, last_correct, last_at, last_id)
SELECT a.user_id, a.item_id, COUNT(*), SUM(a.correct), last.correct, last.answered_at, last.id
FROM attempts a
JOIN attempts last ON last.id = (
    SELECT a2.id FROM attempts a2 WHERE a2.user_id = a.user_id AND a2.item_id = a.item_id
    ORDER BY a2.answered_at DESC, a2.id DESC LIMIT 1)
GROUP BY a.user_id, a.item_id;

CREATE TRIGGER attempts_item_progress_insert AFTER INSERT ON attempts BEGIN
    INSERT INTO item_progress (user_id, item_id, answered, correct, last_correct, last_at, last_id)
    VALUES (new.user_id, new.item_id, 1, new.correct, new.correct, new.answered_at, new.id)
    ON CONFLICT (user_id, item_id) DO UPDATE SET
        answered = answered + 1,
        correct = correct + excluded.correct,
        last_correct = CASE WHEN (excluded.last_at, excluded.last_id) > (last_at, last_id)
                            THEN excluded.last_correct ELSE last_correct END,
        last_at = CASE WHEN (excluded.last_at, excluded.last_id) > (last_at, last_id)
                       THEN excluded.last_at ELSE last_at END,
        last_id = CASE WHEN (excluded.last_at, excluded.last_id) > (last_at, last_id)
                       THEN excluded.last_id ELSE last_id END;
END;

CREATE TRIGGER attempts_item_progress_delete AFTER DELETE ON attempts BEGIN
    DELETE FROM item_progress WHERE user_id = old.user_id AND item_id = old.item_id;
    INSERT INTO item_progress (user_id, item_id, answered, correct, last_correct, last_at, last_id)
    SELECT a.user_id, a.item_id, COUNT(*), SUM(a.correct), last.correct, last.answered_at, last.id
    FROM attempts a
    JOIN attempts last ON last.id = (
        SELECT a2.id FROM attempts a2 WHERE a2.user_id = old.user_id AND a2.item_id = old.item_id
        ORDER BY a2.answered_at DESC, a2.id DESC LIMIT 1)
    WHERE a.user_id = old.user_id AND a.item_id = old.item_id
    GROUP BY a.user_id, a.item_id;
END;
