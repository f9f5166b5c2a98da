package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/text"
)

// Store reads and writes accounts.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const accountColumns = `id, email, name, is_admin, is_interviewer, password_hash, disabled_at, created_at, must_change_password,
	totp_secret IS NOT NULL AS has_totp, (SELECT count(*) FROM passkeys p WHERE p.account_id = accounts.id)::int AS passkeys,
	webauthn_id`

// NewAccount is what creating an account needs.
type NewAccount struct {
	Email, Name, Password string
	Admin                 bool
	// Interviewer makes an interviewer account (never with Admin).
	Interviewer bool
	// SetByOther: the password was chosen by the admin creating the
	// account, so its owner must change it at first sign-in.
	SetByOther bool
}

// Check validates a new account's fields and returns problems by field
// ("email", "name", "password").
func (n *NewAccount) Check() map[string]string {
	n.Email = text.Line(n.Email, 300)
	n.Name = text.Line(n.Name, 300)
	errs := map[string]string{}
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > 254 {
		errs["email"] = "Enter an email address like name@example.com."
	}
	if n.Name == "" || text.Runes(n.Name) > 200 {
		errs["name"] = "Enter a name of at most 200 characters."
	}
	if msg := CheckPassword(n.Password, n.Email, n.Name); msg != "" {
		errs["password"] = msg
	}
	return errs
}

// Create adds an account and records it in the audit log.
func (s *Store) Create(ctx context.Context, by audit.Actor, n NewAccount) (Account, error) {
	if errs := n.Check(); len(errs) > 0 {
		for _, k := range []string{"email", "name", "password"} {
			if msg, ok := errs[k]; ok {
				return Account{}, fmt.Errorf("%s: %s", k, msg)
			}
		}
	}
	var hash string
	if err := hashing(ctx, func() error { hash = HashPassword(n.Password); return nil }); err != nil {
		return Account{}, err
	}
	var acc Account
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		acc, err = db.One(ctx, tx, pgx.RowToStructByName[Account], ErrNotFound, `
			INSERT INTO accounts (email, name, is_admin, is_interviewer, password_hash, must_change_password) VALUES ($1, $2, $3, $4, $5, $6)
			RETURNING `+accountColumns, n.Email, n.Name, n.Admin, n.Interviewer && !n.Admin, hash, n.SetByOther)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "account.create", "account "+strconv.FormatInt(acc.ID, 10), acc.Role())
	})
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23505" {
		return Account{}, ErrEmailTaken
	}
	if err != nil {
		return Account{}, fmt.Errorf("create account: %w", err)
	}
	return acc, nil
}

// ByID returns the account with id.
func (s *Store) ByID(ctx context.Context, id int64) (Account, error) {
	return s.one(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = $1`, id)
}

// ByEmail returns the account with email, in any letter case.
func (s *Store) ByEmail(ctx context.Context, email string) (Account, error) {
	return s.one(ctx, `SELECT `+accountColumns+` FROM accounts WHERE lower(email) = lower($1)`, email)
}

func (s *Store) one(ctx context.Context, sql string, arg any) (Account, error) {
	acc, err := db.One(ctx, s.pool, pgx.RowToStructByName[Account], ErrNotFound, sql, arg)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Account{}, fmt.Errorf("account: %w", err)
	}
	return acc, err
}

// List returns every account, enabled ones first, by name.
func (s *Store) List(ctx context.Context) ([]Account, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+accountColumns+` FROM accounts ORDER BY disabled_at IS NOT NULL, lower(name), id`)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Account])
}

// Authenticate returns the enabled account with email and password. Any
// failure is ErrBadCredentials, after the same amount of hashing work.
func (s *Store) Authenticate(ctx context.Context, email, password string) (Account, error) {
	email = strings.TrimSpace(email)
	acc, err := s.ByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		if err := hashing(ctx, func() error { _, _ = VerifyPassword(dummyHash(), password); return nil }); err != nil {
			return Account{}, err
		}
		return Account{}, ErrBadCredentials
	}
	if err != nil {
		return Account{}, err
	}
	var ok bool
	err = hashing(ctx, func() (err error) { ok, err = VerifyPassword(acc.PasswordHash, password); return err })
	if err != nil {
		return Account{}, err
	}
	if !ok || acc.Disabled() {
		return Account{}, ErrBadCredentials
	}
	return acc, nil
}

// SetDisabled disables or re-enables an account.
func (s *Store) SetDisabled(ctx context.Context, by audit.Actor, id int64, disabled bool) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE accounts SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END WHERE id = $1`, id, disabled)
		if err != nil {
			return fmt.Errorf("disable account: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		action := "account.enable"
		if disabled {
			action = "account.disable"
		}
		return audit.Record(ctx, tx, by, action, "account "+strconv.FormatInt(id, 10), "")
	})
}

// SetPassword replaces an account's password with one an admin chose:
// its owner must change it at first sign-in.
func (s *Store) SetPassword(ctx context.Context, by audit.Actor, id int64, password string) error {
	acc, err := s.ByID(ctx, id)
	if err != nil {
		return err
	}
	if msg := CheckPassword(password, acc.Email, acc.Name); msg != "" {
		return &PasswordError{Problem: msg}
	}
	return s.storePassword(ctx, by, id, password, true, "account.password_reset")
}

// ChangeOwnPassword sets the signed-in owner's new password after
// checking the current one (ErrBadCredentials when it is wrong).
func (s *Store) ChangeOwnPassword(ctx context.Context, acc Account, current, next string) error {
	var ok bool
	err := hashing(ctx, func() (err error) { ok, err = VerifyPassword(acc.PasswordHash, current); return err })
	if err != nil {
		return err
	}
	if !ok {
		return ErrBadCredentials
	}
	if msg := CheckPassword(next, acc.Email, acc.Name); msg != "" {
		return &PasswordError{Problem: msg}
	}
	if next == current {
		return &PasswordError{Problem: "Choose a password different from the current one."}
	}
	return s.storePassword(ctx, acc.Actor(), acc.ID, next, false, "account.password_change")
}

func (s *Store) storePassword(ctx context.Context, by audit.Actor, id int64, password string, mustChange bool, action string) error {
	var hash string
	if err := hashing(ctx, func() error { hash = HashPassword(password); return nil }); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE accounts SET password_hash = $2, must_change_password = $3 WHERE id = $1`, id, hash, mustChange)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, by, action, "account "+strconv.FormatInt(id, 10), "")
	})
}

// PasswordError is a new password the rules refuse; Problem says why, in
// words for the person choosing it.
type PasswordError struct{ Problem string }

func (e *PasswordError) Error() string { return "password refused: " + e.Problem }
