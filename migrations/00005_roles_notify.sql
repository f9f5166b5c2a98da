-- +goose Up

-- Every change to a role tells every app instance, so each drops the
-- cached pages built from it. A trigger, not the Go code, sends it: no
-- write path (admin pages, seeds, a psql session) can forget to.
-- Notifications are delivered on commit only, and duplicates within one
-- transaction are folded into one.
-- +goose StatementBegin
CREATE FUNCTION notify_roles_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_notify('roles_changed', OLD.slug);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM pg_notify('roles_changed', NEW.slug);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER roles_notify AFTER INSERT OR UPDATE OR DELETE ON roles
    FOR EACH ROW EXECUTE FUNCTION notify_roles_changed();

-- +goose Down
DROP TRIGGER roles_notify ON roles;
DROP FUNCTION notify_roles_changed();
