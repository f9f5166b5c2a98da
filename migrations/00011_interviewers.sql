-- +goose Up

-- Interviewers: staff who see only the applications assigned to them,
-- for the stages they interview. Recruiters (and admins) assign them.
ALTER TABLE accounts ADD COLUMN is_interviewer boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT accounts_one_kind CHECK (NOT (is_admin AND is_interviewer));

CREATE TABLE interview_assignments (
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    stage          text NOT NULL CHECK (stage IN ('take_home', 'interview_1', 'interview_2', 'interview_3')),
    account_id     bigint NOT NULL REFERENCES accounts (id),
    assigned_by    text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, stage, account_id)
);
-- An interviewer's own list.
CREATE INDEX interview_assignments_account ON interview_assignments (account_id, created_at DESC);

-- +goose Down
DROP TABLE interview_assignments;
ALTER TABLE accounts DROP CONSTRAINT accounts_one_kind, DROP COLUMN is_interviewer;
