-- +goose Up

-- The recruiters' list finds people by the start of any word of their
-- name, email address or university ("garc" finds García, "oconn"
-- O'Connor), accents ignored, instead of by text anywhere: a word index
-- answers that for any number of rows, where ILIKE '%…%' over trigrams
-- rechecked tens of thousands of rows and misled the planner (its
-- estimate for a pattern is a guess; a tsvector's statistics count
-- words).
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (its dictionary could change); a generated
-- column and an index need IMMUTABLE. This wrapper names the dictionary
-- itself, and its SQL-standard body binds it when created, whatever the
-- search_path later.
CREATE FUNCTION careers_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN unaccent('unaccent'::regdictionary, $1);

-- Name and email words weigh A, university words B, so one index serves
-- both filters (a query asks for 'stanford:*B'). The address is there
-- whole ("zoe.o@uni.edu"), as mailbox and domain, and word by word, so
-- any of them typed finds it.
ALTER TABLE applications ADD COLUMN search_words tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', careers_unaccent(full_name || ' ' || email || ' ' || replace(email, '@', ' ') || ' '
        || regexp_replace(email, '[^[:alnum:]]+', ' ', 'g'))), 'A') ||
    setweight(to_tsvector('simple', careers_unaccent(university)), 'B')) STORED;

-- A bigger sample of words, so the planner knows a common surname from
-- a rare one (and walks the date order for the first, the index for the
-- second).
ALTER TABLE applications ALTER COLUMN search_words SET STATISTICS 1000;

CREATE INDEX applications_search_words ON applications USING gin (search_words);

-- The new column's statistics now, not when autovacuum next analyzes:
-- until then the planner would guess how many rows a word matches.
ANALYZE applications;

-- The trigram indexes served only the old filters.
DROP INDEX applications_name_trgm;
DROP INDEX applications_email_trgm;
DROP INDEX applications_university_trgm;

-- +goose Down
CREATE INDEX applications_name_trgm ON applications USING gin (full_name gin_trgm_ops);
CREATE INDEX applications_email_trgm ON applications USING gin (email gin_trgm_ops);
CREATE INDEX applications_university_trgm ON applications USING gin (university gin_trgm_ops);
DROP INDEX applications_search_words;
ALTER TABLE applications DROP COLUMN search_words;
DROP FUNCTION careers_unaccent(text);
