-- +goose Up

-- An application matched with another team's role keeps its history; the
-- match itself is an event of its own kind, naming both roles.
ALTER TABLE application_events DROP CONSTRAINT application_events_kind_check,
    ADD CONSTRAINT application_events_kind_check CHECK (kind IN ('stage', 'note', 'match'));

-- +goose Down
DELETE FROM application_events WHERE kind = 'match';
ALTER TABLE application_events DROP CONSTRAINT application_events_kind_check,
    ADD CONSTRAINT application_events_kind_check CHECK (kind IN ('stage', 'note'));
