-- Assignments (issue 30): a quiz on a topic that a server's moderator sets for a due time (bot/services/
-- assignments.py). `items` are the quiz's question ids, fixed when it is set (a JSON list), so every learner
-- answers the same questions and the summary can name the hardest. `lang` is the moderator's language, the
-- summary's. created_by is the moderator who set it (the server's, like item_reports.closed_by: not the
-- learners' data).
--
-- The scheduler's work on it, once each, across restarts and the processes of a cluster: `stage` is what comes
-- next ('remind' a day before the due time, 'summary' after it, then 'done'), `next_at` when (NULL: nothing
-- more, or cancelled). A post is claimed on the row before it is sent (claimed_at, by a conditional UPDATE) and
-- the stage moves on once it is confirmed; a claim left unconfirmed (a crash) is taken over only after its lease,
-- and only after looking for the post where it would be.
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    role_id INTEGER,
    topic_id TEXT NOT NULL,
    items TEXT NOT NULL,
    timezone TEXT NOT NULL,
    due_at TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    lang TEXT NOT NULL,
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    stage TEXT NOT NULL CHECK (stage IN ('remind', 'summary', 'done')),
    next_at TEXT,
    claimed_at TEXT,
    reminded_at TEXT,
    reminder_message_id INTEGER,
    summarised_at TEXT,
    summary_sent_to TEXT
);
-- a server's open assignments, by due time
CREATE INDEX assignments_open ON assignments (guild_id, due_at) WHERE cancelled_at IS NULL;
-- the scheduler's next event: the first entry
CREATE INDEX assignments_next ON assignments (next_at) WHERE next_at IS NOT NULL;

-- A learner's take on an assignment: the quiz that counts (session_id), its number of questions (total), and
-- their answers in it given by the due time (answered, correct: kept by the trigger below, in the answer's own
-- statement, so a quiz pruned later keeps its result and the answer click gains no trip). A new start replaces an
-- unfinished take only (answered < total): the first finished one stands.
CREATE TABLE assignment_results (
    assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    session_id INTEGER REFERENCES quiz_sessions (id) ON DELETE SET NULL,
    total INTEGER NOT NULL,
    answered INTEGER NOT NULL DEFAULT 0,
    correct INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    PRIMARY KEY (assignment_id, user_id)
);
CREATE INDEX assignment_results_session ON assignment_results (session_id) WHERE session_id IS NOT NULL;

CREATE TRIGGER attempts_assignment_results AFTER INSERT ON attempts WHEN NEW.session_id IS NOT NULL
BEGIN
    UPDATE assignment_results SET answered = answered + 1, correct = correct + NEW.correct
    WHERE session_id = NEW.session_id AND user_id = NEW.user_id
      AND NEW.answered_at <= (SELECT a.due_at FROM assignments a WHERE a.id = assignment_results.assignment_id);
END;
