-- +goose Up

-- array_to_string is only STABLE, so a generated column cannot call it;
-- joining text is immutable in fact, and this wrapper says so.
-- +goose StatementBegin
CREATE FUNCTION immutable_array_to_string(text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT array_to_string($1, ' ') $$;
-- +goose StatementEnd

CREATE TABLE roles (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug          text NOT NULL UNIQUE
                  CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 120),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    team          text NOT NULL CHECK (length(team) BETWEEN 1 AND 120),
    area          text NOT NULL CHECK (area IN ('technology', 'entertainment', 'business')),
    locations     text[] NOT NULL CHECK (cardinality(locations) BETWEEN 1 AND 20),
    work_mode     text NOT NULL CHECK (work_mode IN ('onsite', 'hybrid', 'remote')),
    degree_levels text[] NOT NULL
                  CHECK (cardinality(degree_levels) >= 1
                         AND degree_levels <@ ARRAY['bachelors', 'masters', 'phd']),
    season        text NOT NULL CHECK (length(season) BETWEEN 1 AND 60),
    description   text NOT NULL CHECK (length(description) <= 20000),
    status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    opens_at      timestamptz,
    closes_at     timestamptz CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    -- Title weighs most in ranking, then team, then places, then the text.
    search        tsvector GENERATED ALWAYS AS (
                      setweight(to_tsvector('english', title), 'A') ||
                      setweight(to_tsvector('english', team), 'B') ||
                      setweight(to_tsvector('english', immutable_array_to_string(locations)), 'C') ||
                      setweight(to_tsvector('english', description), 'D')
                  ) STORED,
    CHECK (status = 'draft' OR opens_at IS NOT NULL)
);

CREATE INDEX roles_search ON roles USING gin (search);
CREATE INDEX roles_open_newest ON roles (opens_at DESC, id DESC) WHERE status = 'open';

CREATE TRIGGER roles_updated_at BEFORE UPDATE ON roles
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE applications (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role_id        bigint NOT NULL REFERENCES roles (id),
    -- The private status link: 256 random bits, base64url.
    token          text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{43}$'),
    -- The apply form's one-time key: a resubmission of the same form
    -- (double click, second tab) finds its application again.
    submission_key text NOT NULL UNIQUE CHECK (length(submission_key) BETWEEN 16 AND 64),
    full_name      text NOT NULL CHECK (char_length(full_name) BETWEEN 1 AND 200),
    email          text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
    phone          text NOT NULL DEFAULT '' CHECK (char_length(phone) <= 40),
    university     text NOT NULL CHECK (char_length(university) BETWEEN 1 AND 200),
    degree_level   text NOT NULL CHECK (degree_level IN ('bachelors', 'masters', 'phd')),
    graduation     date NOT NULL CHECK (extract(day FROM graduation) = 1),
    linkedin_url   text NOT NULL DEFAULT '' CHECK (char_length(linkedin_url) <= 500),
    github_url     text NOT NULL DEFAULT '' CHECK (char_length(github_url) <= 500),
    portfolio_url  text NOT NULL DEFAULT '' CHECK (char_length(portfolio_url) <= 500),
    why            text NOT NULL CHECK (char_length(why) BETWEEN 1 AND 2000),
    consented_at   timestamptz NOT NULL,
    stage          text NOT NULL DEFAULT 'applied'
                   CHECK (stage IN ('applied', 'take_home', 'interview_1', 'interview_2', 'interview_3',
                                    'offer', 'hired', 'rejected', 'withdrawn')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One application per email per role, whatever the letter case.
CREATE UNIQUE INDEX applications_role_email ON applications (role_id, lower(email));
CREATE INDEX applications_stage ON applications (stage, created_at DESC);

CREATE TRIGGER applications_updated_at BEFORE UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Resumes live apart so listing applications never drags the bytes along.
CREATE TABLE resumes (
    application_id bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    file_name      text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
    content_type   text NOT NULL CHECK (content_type = 'application/pdf'),
    size           integer NOT NULL CHECK (size BETWEEN 5 AND 5242880),
    data           bytea NOT NULL CHECK (octet_length(data) = size AND substring(data FROM 1 FOR 5) = '\x255044462d'::bytea),
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Every stage change and note, with who and when.
CREATE TABLE application_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind           text NOT NULL CHECK (kind IN ('stage', 'note')),
    from_stage     text,
    to_stage       text,
    note           text NOT NULL DEFAULT '' CHECK (char_length(note) <= 5000),
    -- 'applicant', or a recruiter account once accounts exist.
    actor          text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'stage' OR to_stage IS NOT NULL)
);

CREATE INDEX application_events_application ON application_events (application_id, id);

-- +goose Down
DROP TABLE application_events;
DROP TABLE resumes;
DROP TABLE applications;
DROP TABLE roles;
DROP FUNCTION immutable_array_to_string(text[]);
