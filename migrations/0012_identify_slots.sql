-- When each IDENTIFY bucket last let a shard connect. Discord lets a bot's shards IDENTIFY once per 5 seconds
-- per bucket (shard_id % max_concurrency), whichever process runs them; only PostgreSQL writes this table: the
-- processes of a cluster claim their turns here (bot/storage/identify.py). One process on SQLite paces its own
-- shards in memory; the table is here too so that both engines' schemas stay the same.
--
-- `identified_at` is seconds since the epoch by the database's clock, so processes on machines whose clocks
-- disagree still keep Discord's pace: only ever compared with the database's clock, never shown.
CREATE TABLE identify_slots (
    bucket INTEGER PRIMARY KEY,
    identified_at REAL NOT NULL
);
