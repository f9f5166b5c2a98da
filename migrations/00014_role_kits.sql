-- +goose Up

-- A role's own interview kits, by stage; NULL: the site's defaults
-- (content/kits.yaml). Scorecards keep the kit their writer saw, so
-- editing these never changes feedback already given.
ALTER TABLE roles ADD COLUMN kits jsonb;

-- +goose Down
ALTER TABLE roles DROP COLUMN kits;
