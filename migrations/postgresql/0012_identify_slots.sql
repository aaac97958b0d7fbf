-- When each IDENTIFY bucket last let a shard connect, claimed by every process of a cluster (see the SQLite
-- migration of the same number).
CREATE TABLE identify_slots (
    bucket INTEGER PRIMARY KEY,
    identified_at DOUBLE PRECISION NOT NULL
);
