package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/audit"
)

// RecoveryCodeCount is how many codes a set holds. Each is 80 random bits
// (16 base32 letters and digits, shown in groups of four), so a fast hash
// is enough to store them.
const RecoveryCodeCount = 10

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func newRecoveryCode() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	c := recoveryEncoding.EncodeToString(b[:])
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12] + "-" + c[12:16]
}

// recoveryHash is what is stored of a code, typed in any case, with or
// without its dashes and spaces.
func recoveryHash(code string) []byte {
	c := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	sum := sha256.Sum256([]byte(c))
	return sum[:]
}

// NewRecoveryCodes replaces the account's recovery codes with a new set
// and returns it: the only time the codes are seen.
func (s *Store) NewRecoveryCodes(ctx context.Context, by audit.Actor, id int64) ([]string, error) {
	codes := make([]string, RecoveryCodeCount)
	hashes := make([][]byte, RecoveryCodeCount)
	for i := range codes {
		codes[i] = newRecoveryCode()
		hashes[i] = recoveryHash(codes[i])
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE account_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO recovery_codes (account_id, code_hash) SELECT $1, unnest($2::bytea[])`, id, hashes); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "account.recovery_codes_made", accountSubject(id), strconv.Itoa(RecoveryCodeCount)+" codes")
	})
	if err != nil {
		return nil, fmt.Errorf("recovery codes: %w", err)
	}
	return codes, nil
}

// UseRecoveryCode spends one of the account's codes: a code works once.
func (s *Store) UseRecoveryCode(ctx context.Context, acc Account, code string, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE recovery_codes SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL`,
			acc.ID, recoveryHash(code), now)
		if err != nil {
			return fmt.Errorf("recovery code: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrCodeRefused
		}
		return audit.Record(ctx, tx, acc.Actor(), "account.recovery_code_used", accountSubject(acc.ID), "")
	})
}

// RecoveryCodesLeft counts the account's unused codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL`, id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("recovery codes left: %w", err)
	}
	return n, nil
}
