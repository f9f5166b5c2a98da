package accounts

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/text"
)

// Passkey is one WebAuthn credential of an account. Credential is the
// WebAuthn library's record of it (public key, sign count, flags), as
// JSON: this package stores it and leaves the ceremony to the server.
type Passkey struct {
	ID           int64      `db:"id"`
	AccountID    int64      `db:"account_id"`
	CredentialID []byte     `db:"credential_id"`
	Credential   []byte     `db:"credential"`
	Name         string     `db:"name"`
	CreatedAt    time.Time  `db:"created_at"`
	LastUsedAt   *time.Time `db:"last_used_at"`
}

const passkeyColumns = `id, account_id, credential_id, credential::text::bytea AS credential, name, created_at, last_used_at` //nolint:gosec // G101: column names, not a credential

// Passkeys lists the account's passkeys, oldest first.
func (s *Store) Passkeys(ctx context.Context, accountID int64) ([]Passkey, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+passkeyColumns+` FROM passkeys WHERE account_id = $1 ORDER BY id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Passkey])
}

// AddPasskey stores a credential just registered by the account.
func (s *Store) AddPasskey(ctx context.Context, acc Account, name string, credentialID, credential []byte) error {
	name = text.Line(name, 100)
	if name == "" {
		name = "Passkey"
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO passkeys (account_id, credential_id, credential, name) VALUES ($1, $2, $3::text::jsonb, $4)`,
			acc.ID, credentialID, string(credential), name); err != nil {
			return fmt.Errorf("add passkey: %w", err)
		}
		return audit.Record(ctx, tx, acc.Actor(), "account.factor_added", accountSubject(acc.ID), "passkey")
	})
}

// PasskeyUsed records a sign-in with the credential: its new state (the
// sign count, which exposes a cloned authenticator) and when.
func (s *Store) PasskeyUsed(ctx context.Context, accountID int64, credentialID, credential []byte, now time.Time) error {
	_, err := s.pool.Exec(ctx, `
		UPDATE passkeys SET credential = $3::text::jsonb, last_used_at = $4 WHERE account_id = $1 AND credential_id = $2`,
		accountID, credentialID, string(credential), now)
	if err != nil {
		return fmt.Errorf("passkey used: %w", err)
	}
	return nil
}

// DeletePasskey removes one of the account's passkeys.
func (s *Store) DeletePasskey(ctx context.Context, by audit.Actor, accountID, id int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM passkeys WHERE id = $1 AND account_id = $2`, id, accountID)
		if err != nil {
			return fmt.Errorf("delete passkey: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, by, "account.factor_removed", accountSubject(accountID), "passkey")
	})
}

// ResetFactors removes every second factor of an account (its owner lost
// the device): the app, the passkeys and the recovery codes. The owner
// enrols again at the next sign-in.
func (s *Store) ResetFactors(ctx context.Context, by audit.Actor, id int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE accounts SET totp_secret = NULL, totp_last_step = 0 WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("reset factors: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		if _, err := tx.Exec(ctx, `DELETE FROM passkeys WHERE account_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE account_id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "account.factors_reset", accountSubject(id), "")
	})
}

// RequireSecondFactor reports whether recruiters must have a second
// factor too (admins always must).
func (s *Store) RequireSecondFactor(ctx context.Context) (bool, error) {
	var on bool
	if err := s.pool.QueryRow(ctx, `SELECT require_second_factor FROM staff_policy`).Scan(&on); err != nil {
		return false, fmt.Errorf("staff policy: %w", err)
	}
	return on, nil
}

// SetRequireSecondFactor turns the requirement for recruiters on or off.
func (s *Store) SetRequireSecondFactor(ctx context.Context, by audit.Actor, on bool) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE staff_policy SET require_second_factor = $1, updated_at = now()`, on); err != nil {
			return fmt.Errorf("staff policy: %w", err)
		}
		detail := "second factor optional for recruiters"
		if on {
			detail = "second factor required for everyone"
		}
		return audit.Record(ctx, tx, by, "staff.policy", "staff policy", detail)
	})
}

// NeedsSecondFactor reports whether acc must have a second factor.
func (s *Store) NeedsSecondFactor(ctx context.Context, acc Account) (bool, error) {
	if acc.IsAdmin {
		return true, nil
	}
	return s.RequireSecondFactor(ctx)
}
