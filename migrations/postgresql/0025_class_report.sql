-- Each server's answers per question and UTC day, for the class report's hardest questions (see the SQLite
-- migration of the same number). As the item statistics' trigger (0023), one statement's answers at a time: one
-- grouped upsert per statement, never a row-level function.
CREATE TABLE guild_item_days (
    guild_id BIGINT NOT NULL,
    day TEXT COLLATE "C" NOT NULL,
    item_id TEXT COLLATE "C" NOT NULL,
    answered INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    PRIMARY KEY (guild_id, day, item_id)
);

INSERT INTO guild_item_days (guild_id, day, item_id, answered, correct)
SELECT guild_id, substr(answered_at, 1, 10), item_id, COUNT(*), SUM(correct)
FROM attempts WHERE guild_id IS NOT NULL
GROUP BY guild_id, substr(answered_at, 1, 10), item_id;

CREATE FUNCTION attempts_guild_item_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO guild_item_days AS g (guild_id, day, item_id, answered, correct)
    SELECT guild_id, substr(answered_at, 1, 10), item_id, COUNT(*), SUM(correct)
    FROM added WHERE guild_id IS NOT NULL
    GROUP BY guild_id, substr(answered_at, 1, 10), item_id
    ON CONFLICT (guild_id, day, item_id) DO UPDATE SET answered = g.answered + excluded.answered,
                                                       correct = g.correct + excluded.correct;
    RETURN NULL;
END
$$;
CREATE TRIGGER attempts_guild_item_days AFTER INSERT ON attempts REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION attempts_guild_item_days();

CREATE FUNCTION attempts_guild_item_days_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE guild_item_days g SET answered = g.answered - d.answered, correct = g.correct - d.correct
    FROM (SELECT guild_id, substr(answered_at, 1, 10) AS day, item_id, COUNT(*) AS answered,
                 SUM(correct) AS correct
          FROM removed WHERE guild_id IS NOT NULL
          GROUP BY guild_id, substr(answered_at, 1, 10), item_id) AS d
    WHERE g.guild_id = d.guild_id AND g.day = d.day AND g.item_id = d.item_id;
    DELETE FROM guild_item_days g
    USING (SELECT DISTINCT guild_id, substr(answered_at, 1, 10) AS day, item_id
           FROM removed WHERE guild_id IS NOT NULL) AS d
    WHERE g.guild_id = d.guild_id AND g.day = d.day AND g.item_id = d.item_id AND g.answered <= 0;
    RETURN NULL;
END
$$;
CREATE TRIGGER attempts_guild_item_days_delete AFTER DELETE ON attempts REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION attempts_guild_item_days_delete();
