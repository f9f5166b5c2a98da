-- +goose Up

-- When an application entered its stage, and the moment by which the
-- student is promised an answer there (the end of a working day in the
-- program's zone, computed by internal/replyby from the stage's service
-- level; NULL while none is owed: a take-home not handed in, an offer,
-- a closed application). Recruiters' late list reads the index.
ALTER TABLE applications
    ADD COLUMN stage_entered_at timestamptz,
    ADD COLUMN reply_by timestamptz;
UPDATE applications a SET stage_entered_at = coalesce(
    (SELECT max(e.created_at) FROM application_events e WHERE e.application_id = a.id AND e.kind = 'stage'), a.created_at);
ALTER TABLE applications
    ALTER COLUMN stage_entered_at SET DEFAULT now(),
    ALTER COLUMN stage_entered_at SET NOT NULL;
CREATE INDEX applications_reply_by ON applications (reply_by, id) WHERE reply_by IS NOT NULL;

-- The reply-by that was pending when a stage changed: whether each
-- answer came on time, for the reports.
ALTER TABLE application_events ADD COLUMN reply_by timestamptz;

-- A role's own service levels, in working days; NULL keeps the site's.
ALTER TABLE roles
    ADD COLUMN reply_by_applied integer CHECK (reply_by_applied BETWEEN 1 AND 60),
    ADD COLUMN reply_by_take_home integer CHECK (reply_by_take_home BETWEEN 1 AND 60),
    ADD COLUMN reply_by_interview integer CHECK (reply_by_interview BETWEEN 1 AND 60);

-- +goose Down
ALTER TABLE roles DROP COLUMN reply_by_interview, DROP COLUMN reply_by_take_home, DROP COLUMN reply_by_applied;
ALTER TABLE application_events DROP COLUMN reply_by;
DROP INDEX applications_reply_by;
ALTER TABLE applications DROP COLUMN reply_by, DROP COLUMN stage_entered_at;
