-- Privacy settings and learner deletion.

-- Whether other members may see this learner's /progress: off unless the learner turns it on, and separate
-- from the leaderboard opt-out.
ALTER TABLE learners ADD COLUMN progress_visible INTEGER NOT NULL DEFAULT 0;

-- Learners whose data /mydata delete is removing. The deletion goes a bounded batch per write, so other
-- learners never wait long; a row here while it runs means a deletion interrupted by a crash is found and
-- finished, and lets the trigger below skip its work for answers that are going anyway.
CREATE TABLE learner_deletions (
    user_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL
);

-- A deleted answer recomputes its question's item_progress row from the answers that remain, which reads all
-- of them: deleting a learner's answers that way costs the square of their number per question, all of it
-- holding the writer. A learner being deleted loses their item_progress rows outright, so their answers skip it;
-- any other deletion of an answer still recomputes.
DROP TRIGGER attempts_item_progress_delete;
CREATE TRIGGER attempts_item_progress_delete AFTER DELETE ON attempts
WHEN NOT EXISTS (SELECT 1 FROM learner_deletions WHERE user_id = old.user_id) BEGIN
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

-- A learner's scores found by the learner (an export, a deletion): without it, each scans every server's scores.
CREATE INDEX scores_user ON scores (user_id);
