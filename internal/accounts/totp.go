package accounts

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"example.com/careers/internal/audit"
)

// TOTP (RFC 6238) as every authenticator app knows it: SHA-1, six
// digits, 30-second steps; a code of the step before or after is
// accepted too (a phone's clock drifts), but never twice.
const totpPeriod = 30

// ErrCodeRefused is a second-factor code that is wrong, expired or used.
var ErrCodeRefused = errors.New("second-factor code refused")

// NewTOTPKey makes a secret for acc to enrol in an app: the otpauth://
// URL (for the QR code) and the secret to type in. Nothing is stored
// until EnableTOTP sees the app's first code.
func NewTOTPKey(issuer string, acc Account) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: acc.Email, SecretSize: 20})
}

// totpStep returns the step whose code is code, among the steps around
// now, or false.
func totpStep(secret, code string, now time.Time) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, s := range []int64{step - 1, step, step + 1} {
		want, err := totp.GenerateCode(secret, time.Unix(s*totpPeriod, 0))
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// EnableTOTP stores secret for acc once code proves the app has it.
func (s *Store) EnableTOTP(ctx context.Context, acc Account, secret, code string, now time.Time) error {
	step, ok := totpStep(secret, code, now)
	if !ok {
		return ErrCodeRefused
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE accounts SET totp_secret = $2, totp_last_step = $3 WHERE id = $1`, acc.ID, secret, step); err != nil {
			return fmt.Errorf("enable totp: %w", err)
		}
		return audit.Record(ctx, tx, acc.Actor(), "account.factor_added", accountSubject(acc.ID), "authenticator app")
	})
}

// CheckTOTP accepts code for account id once: the step it belongs to
// must be later than the last one accepted, so a code seen over a
// shoulder or replayed from a log is refused.
func (s *Store) CheckTOTP(ctx context.Context, id int64, code string, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var secret *string
		var last int64
		err := tx.QueryRow(ctx, `SELECT totp_secret, totp_last_step FROM accounts WHERE id = $1 FOR UPDATE`, id).Scan(&secret, &last)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && secret == nil) {
			return ErrCodeRefused
		}
		if err != nil {
			return fmt.Errorf("check totp: %w", err)
		}
		step, ok := totpStep(*secret, code, now)
		if !ok || step <= last {
			return ErrCodeRefused
		}
		_, err = tx.Exec(ctx, `UPDATE accounts SET totp_last_step = $2 WHERE id = $1`, id, step)
		return err
	})
}

// DisableTOTP removes the account's app.
func (s *Store) DisableTOTP(ctx context.Context, by audit.Actor, id int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE accounts SET totp_secret = NULL, totp_last_step = 0 WHERE id = $1`, id); err != nil {
			return fmt.Errorf("disable totp: %w", err)
		}
		return audit.Record(ctx, tx, by, "account.factor_removed", accountSubject(id), "authenticator app")
	})
}

func accountSubject(id int64) string { return "account " + strconv.FormatInt(id, 10) }

// ParseTOTPURL reads back a key made by NewTOTPKey (kept in the session
// between showing it and its first code).
func ParseTOTPURL(u string) (*otp.Key, error) { return otp.NewKeyFromURL(u) }
