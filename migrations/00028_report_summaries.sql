-- +goose Up

-- The reports page reads these summaries instead of scanning a season's
-- applications and history on every visit: a job recomputes a season's
-- rows (reports.Store.Refresh) when its history has changed, and at
-- least daily. Each row holds one season's figures for all its roles
-- (role_id 0) and for each role; report_refreshes says when a season's
-- rows were computed, which the page shows beside them.
CREATE TABLE report_refreshes (
    season        text PRIMARY KEY,
    refreshed_at  timestamptz NOT NULL,
    took_ms       integer NOT NULL CHECK (took_ms >= 0),
    -- The newest application event the refresh saw: a later one in the
    -- season makes it due again.
    last_event_id bigint NOT NULL DEFAULT 0
);

-- Applications that ever entered a stage.
CREATE TABLE report_reached (
    season       text NOT NULL,
    role_id      bigint NOT NULL,
    stage        text NOT NULL,
    applications integer NOT NULL,
    PRIMARY KEY (season, role_id, stage)
);

-- Applications that moved from one stage to another.
CREATE TABLE report_moves (
    season       text NOT NULL,
    role_id      bigint NOT NULL,
    from_stage   text NOT NULL,
    to_stage     text NOT NULL,
    applications integer NOT NULL,
    PRIMARY KEY (season, role_id, from_stage, to_stage)
);

-- Time spent in a stage by the applications that left it.
CREATE TABLE report_durations (
    season      text NOT NULL,
    role_id     bigint NOT NULL,
    stage       text NOT NULL,
    stays       integer NOT NULL,
    median_secs double precision NOT NULL,
    p90_secs    double precision NOT NULL,
    PRIMARY KEY (season, role_id, stage)
);

-- Applications made on each day, in the site's zone.
CREATE TABLE report_days (
    season       text NOT NULL,
    role_id      bigint NOT NULL,
    day          date NOT NULL,
    applications integer NOT NULL,
    PRIMARY KEY (season, role_id, day)
);

-- Stage moves that answered a reply-by date, on time and late.
CREATE TABLE report_replies (
    season  text NOT NULL,
    role_id bigint NOT NULL,
    on_time integer NOT NULL,
    late    integer NOT NULL,
    PRIMARY KEY (season, role_id)
);

-- Breakdowns by a person's attribute (university, degree, source): the
-- largest groups only, with counts as they are; the page withholds the
-- small ones.
CREATE TABLE report_groups (
    season       text NOT NULL,
    role_id      bigint NOT NULL,
    dimension    text NOT NULL CHECK (dimension IN ('university', 'degree', 'source')),
    label        text NOT NULL,
    applications integer NOT NULL,
    interviews   integer NOT NULL,
    offers       integer NOT NULL,
    PRIMARY KEY (season, role_id, dimension, label)
);

-- +goose Down
DROP TABLE report_groups, report_replies, report_days, report_durations, report_moves, report_reached, report_refreshes;
