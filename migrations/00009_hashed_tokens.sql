-- +goose Up

-- Tokens are stored as their SHA-256 only. A status, confirmation or
-- unsubscribe link is 256 random bits, so a fast hash is enough: nobody
-- can search that space, and whoever reads a backup, a replica or a dump
-- can no longer open or withdraw anyone's application. A mail sent later
-- (a stage change, a reminder of the link, an alert digest) carries a new
-- token; every token of a subject stays good until the subject is erased.

CREATE TABLE application_links (
    token_hash     bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_links_application ON application_links (application_id);

-- Links already sent keep working: the hash of each stored token.
INSERT INTO application_links (token_hash, application_id, created_at)
SELECT sha256(convert_to(token, 'UTF8')), id, created_at FROM applications;
ALTER TABLE applications DROP COLUMN token;

-- The form's key finds an application again on a resubmission, and now
-- mints a new status link for it: it is a credential too. Hex of the
-- SHA-256 (64 characters) fits the column's check.
UPDATE applications SET submission_key = encode(sha256(convert_to(submission_key, 'UTF8')), 'hex');

CREATE TABLE alert_links (
    token_hash      bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    subscription_id bigint NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
    purpose         text NOT NULL CHECK (purpose IN ('confirm', 'unsubscribe')),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_links_subscription ON alert_links (subscription_id, purpose);

INSERT INTO alert_links (token_hash, subscription_id, purpose, created_at)
SELECT sha256(convert_to(token, 'UTF8')), id, 'unsubscribe', created_at FROM alert_subscriptions;
INSERT INTO alert_links (token_hash, subscription_id, purpose, created_at)
SELECT sha256(convert_to(confirm_token, 'UTF8')), id, 'confirm', created_at
FROM alert_subscriptions WHERE confirm_token IS NOT NULL;
ALTER TABLE alert_subscriptions DROP COLUMN token, DROP COLUMN confirm_token;

-- Delivered mail keeps no link: its stored copy is for the outbox page
-- and data-access requests, not for opening anything. (Recorded mail,
-- which an admin reads instead of an inbox, keeps its links for a while:
-- see mail.RecordedLinkLifetime.)
UPDATE outgoing_mail SET
    text_body = regexp_replace(text_body, '(/applications/|/alerts/confirm/|/alerts/unsubscribe/)[A-Za-z0-9_-]{43}', '\1(link removed)', 'g'),
    html_body = regexp_replace(html_body, '(/applications/|/alerts/confirm/|/alerts/unsubscribe/)[A-Za-z0-9_-]{43}', '\1(link removed)', 'g'),
    unsubscribe_url = ''
WHERE state = 'sent';

-- +goose Down
-- Hashes cannot be turned back into tokens: going down gives every
-- application and subscription a new token, and links already sent stop
-- working.
ALTER TABLE alert_subscriptions ADD COLUMN token text, ADD COLUMN confirm_token text
    UNIQUE CHECK (confirm_token ~ '^[A-Za-z0-9_-]{43}$');
UPDATE alert_subscriptions SET token = rtrim(translate(encode(sha256(convert_to(random()::text || id, 'UTF8')), 'base64'), '+/', '-_'), '=');
ALTER TABLE alert_subscriptions ALTER COLUMN token SET NOT NULL,
    ADD CONSTRAINT alert_subscriptions_token_key UNIQUE (token),
    ADD CONSTRAINT alert_subscriptions_token_check CHECK (token ~ '^[A-Za-z0-9_-]{43}$');
DROP TABLE alert_links;
ALTER TABLE applications ADD COLUMN token text;
UPDATE applications SET token = rtrim(translate(encode(sha256(convert_to(random()::text || id, 'UTF8')), 'base64'), '+/', '-_'), '=');
ALTER TABLE applications ALTER COLUMN token SET NOT NULL,
    ADD CONSTRAINT applications_token_key UNIQUE (token),
    ADD CONSTRAINT applications_token_check CHECK (token ~ '^[A-Za-z0-9_-]{43}$');
DROP TABLE application_links;
