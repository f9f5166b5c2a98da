-- +goose Up

-- A role's own questions on its apply form, in the order shown. Choice
-- questions list their options; a yes/no question's are Yes and No, so a
-- knockout is always one of the question's own options. A knockout
-- answer cannot proceed, and the requirement says why, in the words the
-- role page and the form show.
CREATE TABLE role_questions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role_id     bigint NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position >= 0),
    kind        text NOT NULL CHECK (kind IN ('short_text', 'long_text', 'single_choice', 'multi_choice', 'yes_no', 'link', 'file')),
    label       text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 300),
    help        text NOT NULL DEFAULT '' CHECK (char_length(help) <= 1000),
    required    boolean NOT NULL DEFAULT false,
    max_chars   integer CHECK (max_chars BETWEEN 1 AND 10000),
    options     text[] NOT NULL DEFAULT '{}',
    knockouts   text[] NOT NULL DEFAULT '{}',
    requirement text NOT NULL DEFAULT '' CHECK (char_length(requirement) <= 300),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT role_questions_max_chars CHECK ((max_chars IS NOT NULL) = (kind IN ('short_text', 'long_text'))),
    CONSTRAINT role_questions_options CHECK (CASE kind
        WHEN 'yes_no' THEN options = '{Yes,No}'
        WHEN 'single_choice' THEN cardinality(options) BETWEEN 2 AND 30
        WHEN 'multi_choice' THEN cardinality(options) BETWEEN 2 AND 30
        ELSE cardinality(options) = 0 END),
    CONSTRAINT role_questions_knockouts CHECK (knockouts <@ options AND (cardinality(knockouts) = 0 OR requirement <> '')),
    CONSTRAINT role_questions_order UNIQUE (role_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE TRIGGER role_questions_updated_at BEFORE UPDATE ON role_questions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The role page lists the knockout requirements and the form's length:
-- a change to the questions drops its cached pages like a change to the
-- role itself.
-- +goose StatementBegin
CREATE FUNCTION notify_role_questions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    role_slug text;
BEGIN
    SELECT slug INTO role_slug FROM roles WHERE id = COALESCE(NEW.role_id, OLD.role_id);
    IF FOUND THEN
        PERFORM pg_notify('roles_changed', role_slug);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER role_questions_notify AFTER INSERT OR UPDATE OR DELETE ON role_questions
    FOR EACH ROW EXECUTE FUNCTION notify_role_questions_changed();

-- A student's answers, each with the question as they saw it (kind,
-- label, help, options): editing or removing a question later never
-- rewrites what was answered.
CREATE TABLE application_answers (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    question_id    bigint REFERENCES role_questions (id) ON DELETE SET NULL,
    position       integer NOT NULL,
    kind           text NOT NULL,
    label          text NOT NULL,
    help           text NOT NULL DEFAULT '',
    options        text[] NOT NULL DEFAULT '{}',
    answer         text NOT NULL DEFAULT '' CHECK (char_length(answer) <= 10000),
    choices        text[] NOT NULL DEFAULT '{}',
    file_name      text,
    file_data      bytea CHECK (octet_length(file_data) <= 5242880),
    UNIQUE (application_id, position),
    CHECK ((file_name IS NULL) = (file_data IS NULL))
);
CREATE INDEX application_answers_question ON application_answers (question_id);

-- +goose Down
DROP TABLE application_answers;
DROP TRIGGER role_questions_notify ON role_questions;
DROP FUNCTION notify_role_questions_changed();
DROP TABLE role_questions;
