-- +goose Up

-- The university filter matched each typed word as a prefix of any
-- university word ('georgia':* & 'tech':*). PostgreSQL estimates such a
-- query as if its words were independent, but a university's words
-- always come together: "Georgia Tech" looked 16 times rarer than it is,
-- and the planner fetched and sorted thousands of rows through the GIN
-- index (100–600 ms under load) where walking the date order finds a
-- page in a few hundred. Now each university is stored as the runs of
-- its words from each word on ("universite de montreal", "de montreal",
-- "montreal"), and the typed text is one prefix of one of them
-- ('georgia tech':*): one lexeme, whose frequency the statistics know.
-- Typed words must follow each other as in the name, from the start of
-- any word: "georgia te", "tech", "de montr".

-- The runs of words of a text, from each word to the end, lowercased and
-- without accents; anything but letters and digits separates words.
-- IMMUTABLE like careers_unaccent, for the generated column.
CREATE FUNCTION careers_word_runs(text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN (SELECT coalesce(array_agg(array_to_string(s.w[i:], ' ') ORDER BY i), '{}')
            FROM (SELECT regexp_split_to_array(btrim(regexp_replace(lower(careers_unaccent($1)), '[^[:alnum:]]+', ' ', 'g')), ' ') AS w) AS s,
                 generate_subscripts(s.w, 1) AS i
            WHERE s.w[i] <> '');

-- The name and address words no longer share their column with the
-- university's, so a name query (no weights now) is answered by the index
-- alone, with no recheck of each row's weights, and "stan" typed as a
-- name no longer fetches every Stanford student to drop them again.
DROP INDEX applications_filters;
ALTER TABLE applications
    DROP COLUMN search_words,
    ADD COLUMN search_words tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', careers_unaccent(full_name || ' ' || email || ' ' || replace(email, '@', ' ') || ' '
            || regexp_replace(email, '[^[:alnum:]]+', ' ', 'g')))) STORED,
    ADD COLUMN university_words tsvector GENERATED ALWAYS AS (array_to_tsvector(careers_word_runs(university))) STORED;
ALTER TABLE applications ALTER COLUMN search_words SET STATISTICS 1000;
ALTER TABLE applications ALTER COLUMN university_words SET STATISTICS 1000;

CREATE INDEX applications_filters ON applications USING gin (stage, degree_level, source, search_words, university_words);

ANALYZE applications;

-- +goose Down
DROP INDEX applications_filters;
ALTER TABLE applications
    DROP COLUMN university_words,
    DROP COLUMN search_words,
    ADD COLUMN search_words tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', careers_unaccent(full_name || ' ' || email || ' ' || replace(email, '@', ' ') || ' '
            || regexp_replace(email, '[^[:alnum:]]+', ' ', 'g'))), 'A') ||
        setweight(to_tsvector('simple', careers_unaccent(university)), 'B')) STORED;
ALTER TABLE applications ALTER COLUMN search_words SET STATISTICS 1000;
CREATE INDEX applications_filters ON applications USING gin (stage, degree_level, source, search_words);
DROP FUNCTION careers_word_runs(text);
ANALYZE applications;
