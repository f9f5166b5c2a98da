package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/token"
)

// SetupLinkLifetime is how long the first admin's setup link works.
const SetupLinkLifetime = 24 * time.Hour

// ErrSetupLinkDead is a setup link that was used, expired, replaced, or
// is no longer needed because an account exists.
var ErrSetupLinkDead = errors.New("setup link no longer valid")

// NewSetupLink makes the one-time link that creates the first admin,
// when no account exists yet; "" when one does. Links made before stop
// working: only the newest one printed can be used.
func (s *Store) NewSetupLink(ctx context.Context, now time.Time) (string, error) {
	tok := token.New()
	var made bool
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Two instances starting at once: one link, not two.
		if _, err := tx.Exec(ctx, `LOCK TABLE setup_links IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM accounts)`).Scan(&any); err != nil || any {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM setup_links WHERE used_at IS NULL`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO setup_links (token_hash, expires_at) VALUES ($1, $2)`,
			token.Hash(tok), now.Add(SetupLinkLifetime)); err != nil {
			return err
		}
		made = true
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("setup link: %w", err)
	}
	if !made {
		return "", nil
	}
	return tok, nil
}

// SetupLinkValid reports whether tok is a live setup link.
func (s *Store) SetupLinkValid(ctx context.Context, tok string, now time.Time) (bool, error) {
	if !token.Valid(tok) {
		return false, nil
	}
	var ok bool
	err := s.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT FROM setup_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2)
		   AND NOT EXISTS (SELECT FROM accounts)`, token.Hash(tok), now).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("setup link: %w", err)
	}
	return ok, nil
}

// CreateFirstAdmin uses the setup link tok to create the first admin, in
// one transaction with spending the link: of two tabs, one wins.
func (s *Store) CreateFirstAdmin(ctx context.Context, tok string, n NewAccount, now time.Time) (Account, error) {
	n.Admin, n.SetByOther = true, false
	if errs := n.Check(); len(errs) > 0 {
		return Account{}, &CheckError{Problems: errs}
	}
	var hash string
	if err := hashing(ctx, func() error { hash = HashPassword(n.Password); return nil }); err != nil {
		return Account{}, err
	}
	var acc Account
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE setup_links IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE setup_links SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 AND NOT EXISTS (SELECT FROM accounts)`,
			token.Hash(tok), now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 || !token.Valid(tok) {
			return ErrSetupLinkDead
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO accounts (email, name, is_admin, password_hash) VALUES ($1, $2, true, $3) RETURNING id`,
			n.Email, n.Name, hash).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Actor{Label: "setup link"}, "account.create", accountSubject(id), "Admin (first account)")
	})
	if errors.Is(err, ErrSetupLinkDead) {
		return Account{}, err
	}
	if err != nil {
		return Account{}, fmt.Errorf("first admin: %w", err)
	}
	acc, err = s.ByEmail(ctx, n.Email)
	return acc, err
}

// CheckError is a new account's fields refused, by field.
type CheckError struct{ Problems map[string]string }

func (e *CheckError) Error() string { return "account refused" }
