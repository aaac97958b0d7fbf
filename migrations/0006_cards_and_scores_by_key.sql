-- A learner's review cards and a server's scores are only ever found by their key. Stored by that key
-- (WITHOUT ROWID), each is one B-tree, where a table with a key of several columns is two (the rows, and
-- an index on the key kept in step): every answer finds its card and each of its two scores in one descent
-- instead of two (the key's index, then the row), and a new card or score goes into one tree, not two.
-- The due-cards index now ends with the card's key, so /progress counts the cards due from the index
-- alone, without fetching each one from the table.
CREATE TABLE review_cards_by_key (
    user_id INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    state INTEGER NOT NULL,
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due TEXT NOT NULL,
    last_review TEXT,
    PRIMARY KEY (user_id, item_id)
) WITHOUT ROWID;
INSERT INTO review_cards_by_key (user_id, item_id, state, step, stability, difficulty, due, last_review)
SELECT user_id, item_id, state, step, stability, difficulty, due, last_review FROM review_cards;
DROP TABLE review_cards;
ALTER TABLE review_cards_by_key RENAME TO review_cards;
CREATE INDEX review_cards_due ON review_cards (user_id, due);

CREATE TABLE scores_by_key (
    guild_id INTEGER NOT NULL,
    period TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    correct INTEGER NOT NULL DEFAULT 0,
    answered INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, period, user_id)
) WITHOUT ROWID;
INSERT INTO scores_by_key (guild_id, period, user_id, correct, answered)
SELECT guild_id, period, user_id, correct, answered FROM scores;
DROP TABLE scores;
ALTER TABLE scores_by_key RENAME TO scores;
CREATE INDEX scores_rank ON scores (guild_id, period, correct DESC, answered, user_id);
