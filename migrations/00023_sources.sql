-- +goose Up

-- A named source recruiters hand out: a career fair, a university club,
-- a newsletter. Its code is the short link's last segment (/s/{code})
-- and the src= value its links carry; a role, when set, is where the
-- short link lands instead of the list of open roles.
CREATE TABLE sources (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
    role_id    bigint REFERENCES roles (id) ON DELETE SET NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Where an application came from, as its links said: src= (or
-- utm_source), utm_medium and utm_campaign, cleaned. Free text, so a
-- link nobody registered still counts; a named source's code is one
-- such value.
ALTER TABLE applications
    ADD COLUMN source          text CHECK (source ~ '^[a-z0-9][a-z0-9._-]{0,39}$'),
    ADD COLUMN source_medium   text CHECK (source_medium ~ '^[a-z0-9][a-z0-9._-]{0,39}$'),
    ADD COLUMN source_campaign text CHECK (source_campaign ~ '^[a-z0-9][a-z0-9._-]{0,39}$');

-- The admin list filtered by source, newest first.
CREATE INDEX applications_source_newest ON applications (source, created_at DESC, id DESC) WHERE source IS NOT NULL;

-- +goose Down
DROP INDEX applications_source_newest;
ALTER TABLE applications DROP COLUMN source_campaign, DROP COLUMN source_medium, DROP COLUMN source;
DROP TABLE sources;
