-- +goose Up

-- When the interviewer meets the student for the stage (set by the
-- recruiter today; booked by the student once self-scheduling lands):
-- a day later, an interviewer without a scorecard is reminded.
ALTER TABLE interview_assignments ADD COLUMN interview_at timestamptz;

-- +goose Down
ALTER TABLE interview_assignments DROP COLUMN interview_at;
