-- A learner's time zone (an IANA name, set by /mydata timezone or /remind): their days (streaks, "due today",
-- the activity calendar) and their review reminders are counted in it. NULL: not set, UTC.
ALTER TABLE learners ADD COLUMN timezone TEXT COLLATE "C";
