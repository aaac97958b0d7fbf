-- The class report's hardest questions per server and period (/class report, /class export): each server's
-- answers per question and UTC day, kept by a trigger on attempts, so a report sums a few rows per question and
-- day instead of reading the server's answers (millions). The day is the answer's answered_at date (times are
-- stored in UTC), computable from the answer itself, so a deleted answer (/mydata delete) is taken off again:
-- the figures a server's moderators read never keep a deleted learner's answers. Answers in DMs have no server
-- and are not counted here.
CREATE TABLE guild_item_days (
    guild_id INTEGER NOT NULL,
    day TEXT NOT NULL,  -- YYYY-MM-DD, UTC
    item_id TEXT NOT NULL,
    answered INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    PRIMARY KEY (guild_id, day, item_id)
) WITHOUT ROWID;

INSERT INTO guild_item_days (guild_id, day, item_id, answered, correct)
SELECT guild_id, substr(answered_at, 1, 10), item_id, COUNT(*), SUM(correct)
FROM attempts WHERE guild_id IS NOT NULL
GROUP BY guild_id, substr(answered_at, 1, 10), item_id;

-- one upsert per answer
CREATE TRIGGER attempts_guild_item_days AFTER INSERT ON attempts WHEN NEW.guild_id IS NOT NULL BEGIN
    INSERT INTO guild_item_days (guild_id, day, item_id, answered, correct)
    VALUES (NEW.guild_id, substr(NEW.answered_at, 1, 10), NEW.item_id, 1, NEW.correct)
    ON CONFLICT (guild_id, day, item_id) DO UPDATE SET answered = answered + 1,
                                                       correct = correct + excluded.correct;
END;

CREATE TRIGGER attempts_guild_item_days_delete AFTER DELETE ON attempts WHEN OLD.guild_id IS NOT NULL BEGIN
    UPDATE guild_item_days SET answered = answered - 1, correct = correct - OLD.correct
    WHERE guild_id = OLD.guild_id AND day = substr(OLD.answered_at, 1, 10) AND item_id = OLD.item_id;
    DELETE FROM guild_item_days
    WHERE guild_id = OLD.guild_id AND day = substr(OLD.answered_at, 1, 10) AND item_id = OLD.item_id
      AND answered <= 0;
END;
