-- +goose Up

-- An offer, as the student reads it: its terms written out when it was
-- made (a role edited later changes nothing), until when they may
-- decide, and what they decided. A window shorter than the program's
-- keeps its reason. The student may ask once for more time.
CREATE TABLE offers (
    application_id         bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    body                   text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    made_at                timestamptz NOT NULL,
    made_by                text NOT NULL,
    made_by_account        bigint REFERENCES accounts (id) ON DELETE SET NULL,
    expires_at             timestamptz NOT NULL CHECK (expires_at > made_at),
    short_window_reason    text CHECK (char_length(short_window_reason) BETWEEN 1 AND 1000),
    state                  text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'declined', 'expired')),
    decided_at             timestamptz,
    extension_reason       text CHECK (char_length(extension_reason) BETWEEN 1 AND 2000),
    extension_requested_at timestamptz,
    extension_decision     text CHECK (extension_decision IN ('granted', 'declined')),
    extension_decided_at   timestamptz,
    CHECK ((state = 'open') = (decided_at IS NULL))
);
CREATE INDEX offers_open_expiry ON offers (expires_at) WHERE state = 'open';

-- +goose Down
DROP TABLE offers;
