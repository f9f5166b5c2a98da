-- +goose Up

-- Mail about an application names it, so erasure and retention find the
-- application's messages by a key of the schema, not by the format of
-- their idempotency keys. NULL for mail that belongs to no application
-- (alert confirmations and digests).
ALTER TABLE outgoing_mail
    ADD COLUMN application_id bigint REFERENCES applications (id) ON DELETE CASCADE;

-- Existing rows: applicant mail was keyed 'application-<id>-...'. The
-- join keeps the foreign key from ever failing this migration.
UPDATE outgoing_mail m SET application_id = a.id
FROM applications a
WHERE m.idempotency_key ~ '^application-[0-9]+-'
  AND a.id = substring(m.idempotency_key FROM '^application-([0-9]+)-')::bigint;

CREATE INDEX outgoing_mail_application ON outgoing_mail (application_id) WHERE application_id IS NOT NULL;

-- +goose Down
DROP INDEX outgoing_mail_application;
ALTER TABLE outgoing_mail DROP COLUMN application_id;
