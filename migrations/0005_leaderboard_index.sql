-- A leaderboard is the first ten rows of one server and period, ordered by right answers, then fewest
-- answered, then user id. The old index stopped before the user id: learners tied on the first two were
-- fetched from the table and sorted, a few dozen random pages for a week's top ten. This one holds the whole
-- order and every column the query reads, so the top ten are read straight from it.
DROP INDEX scores_rank;
CREATE INDEX scores_rank ON scores (guild_id, period, correct DESC, answered, user_id);
