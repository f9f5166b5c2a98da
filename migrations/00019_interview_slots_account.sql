-- +goose Up

-- An interviewer's own schedule reads their slots by start. The exclusion
-- constraint's GiST index is keyed on a range made from the account, which
-- a plain account_id = $1 cannot use: without this index the schedule
-- read every slot (20 ms at 200,000 slots; BenchmarkSlots).
CREATE INDEX interview_slots_account ON interview_slots (account_id, lower(during));

-- +goose Down
DROP INDEX interview_slots_account;
