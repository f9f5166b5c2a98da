-- +goose Up

-- A message may carry a calendar invitation (an interview booked, moved
-- or cancelled): the iCalendar object and its iTIP method, sent as a
-- text/calendar part and an .ics attachment.
ALTER TABLE outgoing_mail ADD COLUMN calendar text NOT NULL DEFAULT '',
    ADD COLUMN calendar_method text NOT NULL DEFAULT '' CHECK (calendar_method IN ('', 'REQUEST', 'CANCEL')),
    ADD CONSTRAINT outgoing_mail_calendar_method CHECK ((calendar = '') = (calendar_method = ''));

-- +goose Down
ALTER TABLE outgoing_mail DROP CONSTRAINT outgoing_mail_calendar_method, DROP COLUMN calendar_method, DROP COLUMN calendar;
