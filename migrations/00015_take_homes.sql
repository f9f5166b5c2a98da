-- +goose Up

-- A role's take-home task: the instructions (markdown), how long a
-- student has from the moment it is sent, and a latest due moment for the
-- whole role (the season's interviews must start some day).
CREATE TABLE take_home_tasks (
    role_id         bigint PRIMARY KEY REFERENCES roles (id) ON DELETE CASCADE,
    body            text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
    allowance_hours integer NOT NULL CHECK (allowance_hours BETWEEN 1 AND 720),
    latest_due_at   timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Files attached to a task (a starter kit, a data set). A file removed
-- from the task stays for the students it was already sent to.
CREATE TABLE take_home_task_files (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role_id      bigint NOT NULL REFERENCES take_home_tasks (role_id) ON DELETE CASCADE,
    file_name    text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'application/zip')),
    size         integer NOT NULL CHECK (size BETWEEN 4 AND 20971520),
    data         bytea NOT NULL CHECK (octet_length(data) = size),
    removed_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX take_home_task_files_role ON take_home_task_files (role_id, id);

-- A take-home sent to one application: the task as the student received
-- it (the role's task may change later), the due moment, the one
-- extension request and its answer. Matching to another team keeps it.
CREATE TABLE take_homes (
    application_id         bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    body                   text NOT NULL,
    file_ids               bigint[] NOT NULL DEFAULT '{}',
    sent_at                timestamptz NOT NULL,
    sent_by                text NOT NULL,
    -- Who sent it hears of a waiting extension request first.
    sent_by_account        bigint REFERENCES accounts (id),
    first_due_at           timestamptz NOT NULL,
    due_at                 timestamptz NOT NULL CHECK (due_at > sent_at),
    extension_reason       text CHECK (char_length(extension_reason) BETWEEN 1 AND 2000),
    extension_requested_at timestamptz,
    extension_decision     text CHECK (extension_decision IN ('granted', 'declined')),
    extension_decided_at   timestamptz,
    extension_decided_by   text,
    CHECK ((extension_reason IS NULL) = (extension_requested_at IS NULL)),
    CHECK (extension_decision IS NULL OR extension_requested_at IS NOT NULL)
);
-- Extension requests waiting for a recruiter.
CREATE INDEX take_homes_waiting ON take_homes (extension_requested_at)
    WHERE extension_requested_at IS NOT NULL AND extension_decision IS NULL;

-- The student's work: a PDF or ZIP, or a link to a public repository.
-- Replacing it keeps only the latest (counted in versions).
CREATE TABLE take_home_submissions (
    application_id bigint PRIMARY KEY REFERENCES take_homes (application_id) ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('file', 'link')),
    file_name      text CHECK (char_length(file_name) BETWEEN 1 AND 255),
    content_type   text CHECK (content_type IN ('application/pdf', 'application/zip')),
    size           integer CHECK (size BETWEEN 4 AND 20971520),
    data           bytea,
    link           text CHECK (char_length(link) BETWEEN 1 AND 500),
    submitted_at   timestamptz NOT NULL,
    versions       integer NOT NULL DEFAULT 1,
    CHECK ((kind = 'file') = (data IS NOT NULL AND file_name IS NOT NULL AND content_type IS NOT NULL AND size = octet_length(data))),
    CHECK ((kind = 'link') = (link IS NOT NULL))
);

-- The time zone the student reads their times in (an IANA name), chosen
-- on the status page; NULL: not chosen yet (the site's zone is shown).
ALTER TABLE applications ADD COLUMN time_zone text CHECK (char_length(time_zone) BETWEEN 1 AND 64);

-- +goose Down
ALTER TABLE applications DROP COLUMN time_zone;
DROP TABLE take_home_submissions;
DROP TABLE take_homes;
DROP TABLE take_home_task_files;
DROP TABLE take_home_tasks;
