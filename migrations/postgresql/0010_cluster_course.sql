-- One course for a cluster (see the SQLite migration of the same number): the accepted course, its files, and the
-- processes serving it. A process that accepts a course writes it here and NOTIFYs course_changed in the same
-- transaction, so the others hear of it once it is committed.

CREATE TABLE course_release (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    fingerprint TEXT COLLATE "C" NOT NULL,
    accepted_at TEXT COLLATE "C" NOT NULL,
    accepted_by BIGINT
);

CREATE TABLE course_files (
    path TEXT COLLATE "C" PRIMARY KEY,
    body TEXT COLLATE "C" NOT NULL
);

CREATE TABLE course_servers (
    label TEXT COLLATE "C" PRIMARY KEY,
    shards TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT COLLATE "C" NOT NULL,
    seen_at TEXT COLLATE "C" NOT NULL
);
