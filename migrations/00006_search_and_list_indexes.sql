-- +goose Up

-- Search indexes what people search for: the title, weighted most, then
-- the team and area, the places, and the description's first paragraph
-- (its summary). Whole descriptions made every vector long enough to be
-- stored out of line, so ranking a broad search read them all back;
-- these stay short, in the row.
ALTER TABLE roles DROP COLUMN search;
ALTER TABLE roles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', team || ' ' || area), 'B') ||
    setweight(to_tsvector('english', immutable_array_to_string(locations)), 'C') ||
    setweight(to_tsvector('english', left(split_part(description, E'\n\n', 1), 300)), 'D')
) STORED;
CREATE INDEX roles_search ON roles USING gin (search);

-- The recruiters' list: newest first overall and per role, and the
-- name, email and university filters, which match anywhere in the text
-- (trigram indexes serve ILIKE '%...%').
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX applications_newest ON applications (created_at DESC, id DESC);
CREATE INDEX applications_role_newest ON applications (role_id, created_at DESC, id DESC);
CREATE INDEX applications_name_trgm ON applications USING gin (full_name gin_trgm_ops);
CREATE INDEX applications_email_trgm ON applications USING gin (email gin_trgm_ops);
CREATE INDEX applications_university_trgm ON applications USING gin (university gin_trgm_ops);

-- +goose Down
DROP INDEX applications_university_trgm;
DROP INDEX applications_email_trgm;
DROP INDEX applications_name_trgm;
DROP INDEX applications_role_newest;
DROP INDEX applications_newest;
ALTER TABLE roles DROP COLUMN search;
ALTER TABLE roles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', team), 'B') ||
    setweight(to_tsvector('english', immutable_array_to_string(locations)), 'C') ||
    setweight(to_tsvector('english', description), 'D')
) STORED;
CREATE INDEX roles_search ON roles USING gin (search);
