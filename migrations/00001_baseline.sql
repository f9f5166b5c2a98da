-- +goose Up
-- Shared helpers for the tables later migrations add.

-- set_updated_at keeps updated_at honest on every UPDATE, whoever writes the
-- row, so no code path can forget it.
-- +goose StatementBegin
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION set_updated_at();
