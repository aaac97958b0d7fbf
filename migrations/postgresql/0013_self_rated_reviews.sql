-- Self-rated reviews: after a right answer in a review, the learner may rate it Hard, Good or Easy. The rating
-- replaces the answer's Good in its review_log row, once: self_rated marks a row the learner rated, so a second
-- click is refused.
ALTER TABLE review_log ADD COLUMN self_rated INTEGER NOT NULL DEFAULT 0;
