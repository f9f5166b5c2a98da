-- +goose Up

-- One scorecard per interviewer per stage of an application. kit is the
-- kit as the interviewer saw it (purpose, questions, attributes), so a
-- later change of the kit never changes feedback already given.
CREATE TABLE scorecards (
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    stage          text NOT NULL CHECK (stage IN ('take_home', 'interview_1', 'interview_2', 'interview_3')),
    account_id     bigint NOT NULL REFERENCES accounts (id),
    kit            jsonb NOT NULL,
    -- attribute key -> strong_no | no | yes | strong_yes | not_assessed
    ratings        jsonb NOT NULL,
    -- attribute key -> written evidence
    evidence       jsonb NOT NULL,
    recommendation text NOT NULL CHECK (recommendation IN ('strong_no', 'no', 'yes', 'strong_yes')),
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, stage, account_id)
);

-- Every earlier version of an edited scorecard.
CREATE TABLE scorecard_versions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL,
    stage          text NOT NULL,
    account_id     bigint NOT NULL,
    ratings        jsonb NOT NULL,
    evidence       jsonb NOT NULL,
    recommendation text NOT NULL,
    replaced_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (application_id, stage, account_id) REFERENCES scorecards ON DELETE CASCADE
);

-- +goose Down
DROP TABLE scorecard_versions;
DROP TABLE scorecards;
