-- +goose Up

-- Staff authentication: a password set by someone else must be changed at
-- first sign-in; second factors are passkeys (WebAuthn), a TOTP app and
-- one-time recovery codes.
ALTER TABLE accounts
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
    -- The TOTP shared secret (base32), set once the first code from the
    -- app was checked; NULL: no app. It stays usable by whoever reads a
    -- dump, with the password still needed (argon2id): see the README.
    ADD COLUMN totp_secret text CHECK (totp_secret ~ '^[A-Z2-7]{32}$'),
    -- The last 30-second step whose code was accepted: a code is refused
    -- the second time, even inside its window.
    ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0,
    -- The WebAuthn user handle: random, never shown, never the id.
    ADD COLUMN webauthn_id bytea NOT NULL DEFAULT decode(replace(gen_random_uuid()::text, '-', ''), 'hex');
CREATE UNIQUE INDEX accounts_webauthn_id ON accounts (webauthn_id);

CREATE TABLE passkeys (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    credential_id  bytea NOT NULL UNIQUE,
    -- go-webauthn's Credential as JSON: public key, sign count, flags.
    credential     jsonb NOT NULL,
    name           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz
);
CREATE INDEX passkeys_account ON passkeys (account_id);

-- Ten per set, SHA-256 of 80 random bits each: a fast hash is enough.
CREATE TABLE recovery_codes (
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL CHECK (length(code_hash) = 32),
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, code_hash)
);

-- One row: whether recruiters (admins always do) need a second factor.
CREATE TABLE staff_policy (
    one                   boolean PRIMARY KEY DEFAULT true CHECK (one),
    require_second_factor boolean NOT NULL DEFAULT false,
    updated_at            timestamptz NOT NULL DEFAULT now()
);
INSERT INTO staff_policy DEFAULT VALUES;

-- The first admin's one-time setup link (SHA-256 of its token).
CREATE TABLE setup_links (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE setup_links;
DROP TABLE staff_policy;
DROP TABLE recovery_codes;
DROP TABLE passkeys;
DROP INDEX accounts_webauthn_id;
ALTER TABLE accounts DROP COLUMN webauthn_id, DROP COLUMN totp_last_step, DROP COLUMN totp_secret,
    DROP COLUMN must_change_password;
