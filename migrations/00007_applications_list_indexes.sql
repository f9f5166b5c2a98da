-- +goose Up
-- The recruiters' list: sorted by name, overall and within one role,
-- without sorting every match first; and one role's applications at one
-- stage (the commonest view) without intersecting two large bitmaps.
CREATE INDEX applications_name_order ON applications (lower(full_name), id);
CREATE INDEX applications_role_name_order ON applications (role_id, lower(full_name), id);
CREATE INDEX applications_role_stage ON applications (role_id, stage, created_at DESC, id DESC);
-- One stage and degree across all roles, newest first, and its count.
CREATE INDEX applications_stage_degree ON applications (stage, degree_level, created_at DESC, id DESC);
-- The role filter offers the most recently published roles.
CREATE INDEX roles_published_newest ON roles (opens_at DESC, id DESC) WHERE status <> 'draft';

-- +goose Down
DROP INDEX roles_published_newest;
DROP INDEX applications_stage_degree;
DROP INDEX applications_role_stage;
DROP INDEX applications_role_name_order;
DROP INDEX applications_name_order;
