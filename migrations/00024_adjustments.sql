-- +goose Up

-- A student's request for an adjustment (an accommodation): extra time,
-- another format, an interpreter, anything. Only recruiters read it
-- (never interviewers); how it was handled is recorded with it.
CREATE TABLE adjustment_requests (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    body           text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    handled_at     timestamptz,
    handled_by     text,
    handling_note  text CHECK (char_length(handling_note) <= 2000),
    CHECK ((handled_at IS NULL) = (handling_note IS NULL))
);
CREATE INDEX adjustment_requests_application ON adjustment_requests (application_id);
CREATE INDEX adjustment_requests_waiting ON adjustment_requests (created_at) WHERE handled_at IS NULL;

-- What was arranged for the application: more hours for its take-home,
-- more minutes for each interview. Interviewers see the minutes (they
-- run the interview), never the request.
ALTER TABLE applications
    ADD COLUMN take_home_extra_hours integer NOT NULL DEFAULT 0 CHECK (take_home_extra_hours BETWEEN 0 AND 720),
    ADD COLUMN interview_extra_minutes integer NOT NULL DEFAULT 0 CHECK (interview_extra_minutes BETWEEN 0 AND 240);

-- +goose Down
ALTER TABLE applications DROP COLUMN interview_extra_minutes, DROP COLUMN take_home_extra_hours;
DROP TABLE adjustment_requests;
