// Package alerts holds "tell me when roles open": double opt-in
// subscriptions, and the digest that tells each subscriber once about the
// roles published since, matching their interests.
package alerts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/db"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/text"
	"example.com/careers/internal/token"
)

// Subscription is one address that asked to hear about new roles.
type Subscription struct {
	ID     int64        `db:"id"`
	Email  string       `db:"email"`
	Areas  []roles.Area `db:"areas"`
	Degree roles.Degree `db:"degree_level"`
	// Token is a new unsubscribe token and ConfirmToken a new
	// confirmation token, made for the mail being written (only their
	// hashes are stored: see newLink); both are empty otherwise.
	Token          string     `db:"-"`
	ConfirmToken   string     `db:"-"`
	ConfirmedAt    *time.Time `db:"confirmed_at"`
	UnsubscribedAt *time.Time `db:"unsubscribed_at"`
	CreatedAt      time.Time  `db:"created_at"`
}

// Active reports whether alerts go to this subscription.
func (s Subscription) Active() bool { return s.ConfirmedAt != nil && s.UnsubscribedAt == nil }

// ErrNotFound is returned for an unknown token.
var ErrNotFound = errors.New("subscription not found")

// Input is the sign-up form.
type Input struct {
	Email  string
	Areas  []roles.Area
	Degree roles.Degree
}

// Validate cleans the input and returns a problem for the student, or "".
func (in *Input) Validate() string {
	in.Email = text.Line(in.Email, 300)
	a, err := mail.ParseAddress(in.Email)
	at := strings.LastIndexByte(in.Email, '@')
	if err != nil || a.Address != in.Email || len(in.Email) > 254 || at < 1 || !strings.Contains(in.Email[at:], ".") {
		return "Enter an email address like name@example.com."
	}
	areas := []roles.Area{} // not nil: the column is NOT NULL
	for _, ar := range roles.Areas {
		if slices.Contains(in.Areas, ar) {
			areas = append(areas, ar)
		}
	}
	in.Areas = areas
	if !in.Degree.Valid() {
		in.Degree = ""
	}
	return ""
}

// Store reads and writes subscriptions.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Confirm is called inside the sign-up transaction when a confirmation
// mail should go out (queue it there, so it goes if and only if the
// sign-up commits).
type Confirm func(ctx context.Context, tx pgx.Tx, s Subscription) error

// errAlreadyActive is Subscribe's upsert changing nothing.
var errAlreadyActive = errors.New("subscription already active")

// Subscribe records a sign-up. A new or not yet confirmed (or
// unsubscribed) address gets a confirmation mail; an active one gets
// nothing, and its interests are not changed by someone who only knows
// the address. The caller answers the same in every case.
func (s *Store) Subscribe(ctx context.Context, in Input, confirm Confirm) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		sub, err := db.One(ctx, tx, pgx.RowToStructByName[Subscription], errAlreadyActive, `
			INSERT INTO alert_subscriptions (email, areas, degree_level)
			VALUES ($1, $2, $3)
			ON CONFLICT (lower(email)) DO UPDATE
				SET areas = excluded.areas, degree_level = excluded.degree_level,
				    confirmed_at = NULL, unsubscribed_at = NULL
				WHERE alert_subscriptions.confirmed_at IS NULL OR alert_subscriptions.unsubscribed_at IS NOT NULL
			RETURNING `+subColumns, in.Email, in.Areas, string(in.Degree))
		if errors.Is(err, errAlreadyActive) {
			return nil // nothing to do, nothing to reveal
		}
		if err != nil {
			return fmt.Errorf("subscribe: %w", err)
		}
		// A pending sign-up's earlier confirmation links stay good (a
		// mail already sent works); the new mail carries a new one.
		if sub.ConfirmToken, err = newLink(ctx, tx, sub.ID, purposeConfirm); err != nil {
			return err
		}
		return confirm(ctx, tx, sub)
	})
}

const subColumns = `id, email, areas, degree_level, confirmed_at, unsubscribed_at, created_at`

// Link purposes: a confirmation link activates a pending sign-up, an
// unsubscribe link (one in every digest) ends a subscription.
const (
	purposeConfirm     = "confirm"
	purposeUnsubscribe = "unsubscribe"
)

// newLink makes a link token for subscription id inside tx; only its
// hash is stored, so every mail that carries a link gets a new one.
func newLink(ctx context.Context, tx pgx.Tx, id int64, purpose string) (string, error) {
	tok := token.New()
	if _, err := tx.Exec(ctx, `INSERT INTO alert_links (token_hash, subscription_id, purpose) VALUES ($1, $2, $3)`,
		token.Hash(tok), id, purpose); err != nil {
		return "", fmt.Errorf("alert link: %w", err)
	}
	return tok, nil
}

// ByToken returns the subscription with the unsubscribe token.
func (s *Store) ByToken(ctx context.Context, token string) (Subscription, error) {
	return s.byLink(ctx, purposeUnsubscribe, token)
}

// ByConfirmToken returns the subscription with the confirmation token.
func (s *Store) ByConfirmToken(ctx context.Context, token string) (Subscription, error) {
	return s.byLink(ctx, purposeConfirm, token)
}

func (s *Store) byLink(ctx context.Context, purpose, tok string) (Subscription, error) {
	if !token.Valid(tok) {
		return Subscription{}, ErrNotFound
	}
	return db.One(ctx, s.pool, pgx.RowToStructByName[Subscription], ErrNotFound, `
		SELECT `+subColumns+` FROM alert_subscriptions
		WHERE id = (SELECT subscription_id FROM alert_links WHERE token_hash = $1 AND purpose = $2)`,
		token.Hash(tok), purpose)
}

// ConfirmToken activates the subscription whose confirmation token is
// token. It never undoes an unsubscription: only a new sign-up (with a
// new confirmation token) can.
func (s *Store) ConfirmToken(ctx context.Context, token string, now time.Time) error {
	return s.set(ctx, `UPDATE alert_subscriptions SET confirmed_at = coalesce(confirmed_at, $2)
		WHERE id = (SELECT subscription_id FROM alert_links WHERE token_hash = $1 AND purpose = 'confirm')
		  AND unsubscribed_at IS NULL
		RETURNING id`, token, now)
}

// Unsubscribe stops alerts for the subscription with token. Its
// confirmation links die too: only a new sign-up can restart it.
func (s *Store) Unsubscribe(ctx context.Context, token string, now time.Time) error {
	return s.set(ctx, `
		WITH sub AS (
			UPDATE alert_subscriptions SET unsubscribed_at = coalesce(unsubscribed_at, $2)
			WHERE id = (SELECT subscription_id FROM alert_links WHERE token_hash = $1 AND purpose = 'unsubscribe')
			RETURNING id
		), gone AS (
			DELETE FROM alert_links WHERE subscription_id IN (SELECT id FROM sub) AND purpose = 'confirm'
		)
		SELECT id FROM sub`, token, now)
}

func (s *Store) set(ctx context.Context, sql, tok string, now time.Time) error {
	if !token.Valid(tok) {
		return ErrNotFound
	}
	rows, err := s.pool.Query(ctx, sql, token.Hash(tok), now)
	if err != nil {
		return fmt.Errorf("subscription: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("subscription: %w", err)
	}
	if len(ids) == 0 {
		return ErrNotFound
	}
	return nil
}
