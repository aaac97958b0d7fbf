-- One course for a cluster: several bot processes sharing one database (PostgreSQL) serve the course accepted
-- last. A moderator's accepted upload or reload writes it here, every file of it, and the other processes take it
-- from here (told by NOTIFY course_changed, and at start). A single process on SQLite leaves these tables empty.

-- The accepted course: one row (slot 1), its fingerprint (as the loader computes it over the files), when and by whom.
CREATE TABLE course_release (
    slot INTEGER PRIMARY KEY CHECK (slot = 1),
    fingerprint TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    accepted_by INTEGER
);

-- Its files: the path inside the course folder (course.yaml, quizzes/x.yaml) and the text, UTF-8 as on disk.
CREATE TABLE course_files (
    path TEXT NOT NULL PRIMARY KEY,
    body TEXT NOT NULL
);

-- The processes serving, for /content status: each one's label (host:pid), its shards, the fingerprint it
-- serves and when it last said so (every few minutes; a row not renewed for a while is a process gone).
CREATE TABLE course_servers (
    label TEXT NOT NULL PRIMARY KEY,
    shards TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
