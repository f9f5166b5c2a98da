-- +goose Up

-- Recruiters and admins. There is no default account: the first one is
-- made with `careers user add`.
CREATE TABLE accounts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
    name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    is_admin      boolean NOT NULL DEFAULT false,
    -- argon2id in PHC string form: $argon2id$v=19$m=...,t=...,p=...$salt$hash
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
CREATE TRIGGER accounts_updated_at BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- scs sessions (github.com/alexedwards/scs/pgxstore), shared by every
-- instance.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Attempts counted by rate limits (sign-in, apply), kept a short while,
-- so every instance limits alike.
CREATE TABLE rate_limit_attempts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key        text NOT NULL CHECK (char_length(key) <= 300),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rate_limit_attempts_key ON rate_limit_attempts (key, created_at);

-- Who did what in the admin pages. Written in the same transaction as
-- the action; details hold ids, never personal data.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  bigint REFERENCES accounts (id),
    actor       text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 300),
    action      text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 100),
    subject     text NOT NULL DEFAULT '' CHECK (char_length(subject) <= 300),
    detail      text NOT NULL DEFAULT '' CHECK (char_length(detail) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_created ON audit_log (created_at DESC, id DESC);

-- Events now name the recruiter who caused them.
ALTER TABLE application_events ADD COLUMN account_id bigint REFERENCES accounts (id);

-- Erasure on request leaves an anonymised row so counts stay right.
ALTER TABLE applications ADD COLUMN erased_at timestamptz;

-- +goose Down
ALTER TABLE applications DROP COLUMN erased_at;
ALTER TABLE application_events DROP COLUMN account_id;
DROP TABLE audit_log;
DROP TABLE rate_limit_attempts;
DROP TABLE sessions;
DROP TABLE accounts;
