-- +goose Up

-- Every message the site sends, written in the transaction of the change
-- that causes it; a River job (river_job, same transaction) delivers it.
CREATE TABLE outgoing_mail (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 60),
    -- One message per key: the same event never mails twice.
    idempotency_key  text NOT NULL UNIQUE CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
    recipient        text NOT NULL CHECK (char_length(recipient) BETWEEN 3 AND 254),
    subject          text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 300),
    text_body        text NOT NULL,
    html_body        text NOT NULL,
    -- RFC 8058 one-click unsubscribe URL, for alerts.
    unsubscribe_url  text NOT NULL DEFAULT '',
    -- queued: waiting; sent: handed to SMTP; recorded: kept, not sent
    -- (no SMTP_URL); retrying: failed, will try again; failed: gave up.
    state            text NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'sent', 'recorded', 'retrying', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text NOT NULL DEFAULT '',
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outgoing_mail_created ON outgoing_mail (created_at DESC, id DESC);
CREATE INDEX outgoing_mail_recipient ON outgoing_mail (lower(recipient));
CREATE TRIGGER outgoing_mail_updated_at BEFORE UPDATE ON outgoing_mail
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- "Tell me when roles open": double opt-in subscriptions.
CREATE TABLE alert_subscriptions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1),
    areas           text[] NOT NULL DEFAULT '{}'
                    CHECK (areas <@ ARRAY['technology', 'entertainment', 'business']),
    degree_level    text NOT NULL DEFAULT '' CHECK (degree_level IN ('', 'bachelors', 'masters', 'phd')),
    -- Unsubscribes (it is in every alert); 256 random bits.
    token           text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{43}$'),
    -- Confirms; a new one for every sign-up, so an unsubscribe link (which
    -- alerts carry around) can never turn alerts back on.
    confirm_token   text UNIQUE CHECK (confirm_token ~ '^[A-Za-z0-9_-]{43}$'),
    confirmed_at    timestamptz,
    unsubscribed_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alert_subscriptions_email ON alert_subscriptions (lower(email));
CREATE TRIGGER alert_subscriptions_updated_at BEFORE UPDATE ON alert_subscriptions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Which role each subscriber was told about: never the same role twice.
CREATE TABLE alert_deliveries (
    subscription_id bigint NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
    role_id         bigint NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    mail_id         bigint REFERENCES outgoing_mail (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription_id, role_id)
);

-- +goose Down
DROP TABLE alert_deliveries;
DROP TABLE alert_subscriptions;
DROP TABLE outgoing_mail;
