-- +goose Up

-- Each student's language: the one they applied or signed up in, so
-- every later mail is written in it. A code as the site's catalogs name
-- them (en, es, pt-BR).
ALTER TABLE applications ADD COLUMN language text NOT NULL DEFAULT 'en'
    CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$');
ALTER TABLE alert_subscriptions ADD COLUMN language text NOT NULL DEFAULT 'en'
    CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$');

-- Accent-insensitive search: the words are stemmed by their language
-- after their accents are dropped, so "diseno" finds "diseño" and
-- "Montreal" finds "Montréal".
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION careers_en (COPY = english);
ALTER TEXT SEARCH CONFIGURATION careers_en
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION careers_es (COPY = spanish);
ALTER TEXT SEARCH CONFIGURATION careers_es
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
-- A language added as files has no stemmer here: its words are matched
-- whole, accents dropped.
CREATE TEXT SEARCH CONFIGURATION careers_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION careers_simple
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- +goose StatementBegin
CREATE FUNCTION careers_text_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE split_part(language, '-', 1)
        WHEN 'en' THEN 'careers_en'::regconfig
        WHEN 'es' THEN 'careers_es'::regconfig
        ELSE 'careers_simple'::regconfig END;
-- +goose StatementEnd

-- A role's title and description in another language, written by the
-- recruiter beside the English ones. Without one, that language's site
-- shows the English text, marked as English.
CREATE TABLE role_translations (
    role_id     bigint NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    language    text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' AND language <> 'en'),
    title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
    description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 20000),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_id, language)
);

-- The translations' words, kept in the role's row so that one GIN index
-- and one vector answer a search in any language (the in-memory index
-- reads the same vector). A trigger keeps it: a generated column cannot
-- read another table.
ALTER TABLE roles ADD COLUMN translated_search tsvector NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE FUNCTION role_translations_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rid   bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.role_id ELSE NEW.role_id END;
    words tsvector := '';
    t     record;
BEGIN
    FOR t IN SELECT language, title, description FROM role_translations WHERE role_id = rid LOOP
        words := words ||
            setweight(to_tsvector(careers_text_config(t.language), t.title), 'A') ||
            setweight(to_tsvector(careers_text_config(t.language),
                      left(split_part(t.description, E'\n\n', 1), 300)), 'D');
    END LOOP;
    UPDATE roles SET translated_search = words WHERE id = rid;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER role_translations_search AFTER INSERT OR UPDATE OR DELETE ON role_translations
    FOR EACH ROW EXECUTE FUNCTION role_translations_search();

-- The search vector: the English words through careers_en (accents
-- dropped, as the queries' are), then the translations'.
DROP INDEX roles_search;
ALTER TABLE roles DROP COLUMN search;
ALTER TABLE roles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('careers_en', title), 'A') ||
    setweight(to_tsvector('careers_en', team || ' ' || area), 'B') ||
    setweight(to_tsvector('careers_en', immutable_array_to_string(locations)), 'C') ||
    setweight(to_tsvector('careers_en', left(split_part(description, E'\n\n', 1), 300)), 'D') ||
    translated_search
) STORED;
CREATE INDEX roles_search ON roles USING gin (search);

-- +goose Down
DROP INDEX roles_search;
ALTER TABLE roles DROP COLUMN search;
ALTER TABLE roles ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', team || ' ' || area), 'B') ||
    setweight(to_tsvector('english', immutable_array_to_string(locations)), 'C') ||
    setweight(to_tsvector('english', left(split_part(description, E'\n\n', 1), 300)), 'D')
) STORED;
CREATE INDEX roles_search ON roles USING gin (search);
DROP TRIGGER role_translations_search ON role_translations;
DROP FUNCTION role_translations_search();
ALTER TABLE roles DROP COLUMN translated_search;
DROP TABLE role_translations;
DROP FUNCTION careers_text_config(text);
DROP TEXT SEARCH CONFIGURATION careers_simple;
DROP TEXT SEARCH CONFIGURATION careers_es;
DROP TEXT SEARCH CONFIGURATION careers_en;
ALTER TABLE alert_subscriptions DROP COLUMN language;
ALTER TABLE applications DROP COLUMN language;
