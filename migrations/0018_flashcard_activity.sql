-- Flashcard ratings per UTC minute: /progress's activity calendar counts them with the answers (attempts), put
-- into the learner's days the same way (every zone's offset is whole minutes). A count, not a log: the calendar
-- needs no more, and a rating adds one to its minute's row. A rating's day also goes into activity_days (the
-- streak), written by the rating itself.
CREATE TABLE flashcard_minutes (
    user_id INTEGER NOT NULL,
    minute TEXT NOT NULL,  -- the minute's start, stored as times are ('2026-03-03T09:15:00+00:00')
    ratings INTEGER NOT NULL,
    PRIMARY KEY (user_id, minute)
) WITHOUT ROWID;
