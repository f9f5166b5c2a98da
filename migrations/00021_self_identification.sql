-- +goose Up

-- Voluntary self-identification (US EEO): a student's answers, kept apart
-- from the application so that no query serving an application page, the
-- CSV or an interviewer ever reads them by accident. One row per
-- application (the student may change or remove it); the role and season
-- for the aggregates come through the application. Erasure and retention
-- delete the row explicitly: they keep the application row, so the
-- cascade alone would never fire.
CREATE TABLE self_identifications (
    application_id    bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    gender            text NOT NULL CHECK (gender IN ('male', 'female', 'nonbinary', 'decline')),
    race_ethnicity    text NOT NULL CHECK (race_ethnicity IN ('hispanic_latino', 'white', 'black',
                          'native_hawaiian_pacific_islander', 'asian', 'american_indian_alaska_native',
                          'two_or_more', 'decline')),
    veteran_status    text NOT NULL CHECK (veteran_status IN ('protected', 'not_protected', 'decline')),
    disability_status text NOT NULL CHECK (disability_status IN ('yes', 'no', 'decline')),
    answered_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- +goose Down
DROP TABLE self_identifications;
