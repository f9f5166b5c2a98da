-- +goose Up

-- Interview times an interviewer publishes for a role's interview round:
-- one seat (an interview) or more (a group session). An interviewer's
-- slots never overlap, so their bookings cannot either: the exclusion
-- constraint holds it in the database, whatever the instances do. The
-- account is compared as a one-value range, so plain GiST suffices (no
-- btree_gist extension to install).
CREATE TABLE interview_slots (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role_id    bigint NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    stage      text NOT NULL CHECK (stage IN ('interview_1', 'interview_2', 'interview_3')),
    account_id bigint NOT NULL REFERENCES accounts (id),
    during     tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
                                         AND upper(during) - lower(during) BETWEEN interval '10 minutes' AND interval '8 hours'),
    place      text NOT NULL CHECK (char_length(place) BETWEEN 1 AND 500),
    capacity   integer NOT NULL CHECK (capacity BETWEEN 1 AND 200),
    booked     integer NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT interview_slots_no_overlap EXCLUDE USING gist (int8range(account_id, account_id, '[]') WITH &&, during WITH &&)
);
CREATE INDEX interview_slots_role ON interview_slots (role_id, stage, lower(during));

-- A student's booked time for one interview round. One live booking per
-- application and stage; a cancelled one stays for the calendar's
-- sequence and the history.
CREATE TABLE interview_bookings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    stage          text NOT NULL CHECK (stage IN ('interview_1', 'interview_2', 'interview_3')),
    slot_id        bigint NOT NULL REFERENCES interview_slots (id),
    -- The calendar invitation's UID and SEQUENCE (RFC 5545): the same UID
    -- for the booking's whole life, one more SEQUENCE per change.
    uid            text NOT NULL UNIQUE,
    sequence       integer NOT NULL DEFAULT 0,
    reschedules    integer NOT NULL DEFAULT 0,
    cancelled_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX interview_bookings_live ON interview_bookings (application_id, stage) WHERE cancelled_at IS NULL;
CREATE INDEX interview_bookings_slot ON interview_bookings (slot_id) WHERE cancelled_at IS NULL;

-- +goose Down
DROP TABLE interview_bookings;
DROP TABLE interview_slots;
