-- +goose Up

-- A role's pay range, as job postings must show it in a growing list of
-- places (content/site.yaml, pay_transparency). Whole amounts in the
-- currency's main unit (45 dollars, not 4500 cents): postings state pay
-- that way, and it keeps currencies without cents the same. The four
-- columns are all set or all empty, so no half range is ever stored.
-- Whether a role needs one before publishing depends on the site's
-- list, which changes without a migration: that rule is in Go
-- (roles.PayRule), not here.
ALTER TABLE roles
    ADD COLUMN pay_min      integer CHECK (pay_min > 0),
    ADD COLUMN pay_max      integer CHECK (pay_max <= 1000000000),
    ADD COLUMN pay_currency text CHECK (pay_currency ~ '^[A-Z]{3}$'),
    ADD COLUMN pay_unit     text CHECK (pay_unit IN ('hour', 'month', 'year')),
    -- Other support interns ask about (housing, relocation), optional.
    ADD COLUMN benefits     text NOT NULL DEFAULT '' CHECK (length(benefits) <= 1000),
    ADD CONSTRAINT roles_pay_all_or_none CHECK (
        (pay_min IS NULL AND pay_max IS NULL AND pay_currency IS NULL AND pay_unit IS NULL)
        OR (pay_min IS NOT NULL AND pay_max IS NOT NULL AND pay_currency IS NOT NULL AND pay_unit IS NOT NULL)),
    ADD CONSTRAINT roles_pay_range CHECK (pay_min <= pay_max);

-- +goose Down
ALTER TABLE roles
    DROP CONSTRAINT roles_pay_range,
    DROP CONSTRAINT roles_pay_all_or_none,
    DROP COLUMN benefits,
    DROP COLUMN pay_unit,
    DROP COLUMN pay_currency,
    DROP COLUMN pay_max,
    DROP COLUMN pay_min;
