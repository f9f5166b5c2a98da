-- +goose Up
-- The recruiters' list sorted by name, overall and within one role,
-- without sorting every match first.
CREATE INDEX applications_name_order ON applications (lower(full_name), id);
CREATE INDEX applications_role_name_order ON applications (role_id, lower(full_name), id);

-- +goose Down
DROP INDEX applications_role_name_order;
DROP INDEX applications_name_order;
