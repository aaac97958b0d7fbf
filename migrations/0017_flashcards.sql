-- Flashcards (/flashcards): glossary terms and quotes recalled and rated Again, Hard, Good or Easy, each a card
-- scheduled by FSRS as a review card is. Kept apart from review_cards, so /review's due questions, /progress's
-- mastery and the review reminders count quiz questions only (a flashcard cannot be answered in /review). A
-- card's id is the course's own: 'term:<glossary id>' or 'quote:<quote id>' (a course reload keeps them).
CREATE TABLE flashcard_cards (
    user_id INTEGER NOT NULL,
    card_id TEXT NOT NULL,
    state INTEGER NOT NULL,
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due TEXT NOT NULL,
    last_review TEXT,
    PRIMARY KEY (user_id, card_id)
) WITHOUT ROWID;

-- The deck a learner is going through: its topic (NULL: the whole course), its language and the card shown
-- (NULL: none left for now). A rating is taken only for the card shown, and moves the deck to the next card in
-- the same transaction: a second click on the same button, or one on an older deck's message, changes nothing.
CREATE TABLE flashcard_decks (
    user_id INTEGER NOT NULL PRIMARY KEY,
    topic_id TEXT,
    lang TEXT NOT NULL,
    card_id TEXT,
    reviewed INTEGER NOT NULL DEFAULT 0,
    opened_at TEXT NOT NULL
);
