package applications

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/token"
)

// newLink makes a status link for application id inside tx: a new token,
// of which only the hash is stored. Every mail that carries a link gets
// one of its own, since a stored hash cannot be turned back into the
// link sent before; all of an application's links stay good until it is
// erased.
func newLink(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	tok := token.New()
	if _, err := tx.Exec(ctx, `INSERT INTO application_links (token_hash, application_id) VALUES ($1, $2)`, token.Hash(tok), id); err != nil {
		return "", fmt.Errorf("status link: %w", err)
	}
	return tok, nil
}

// NewLinkTx makes a status link for application id inside tx, for a
// mail queued in the same transaction (a take-home, a reminder).
func NewLinkTx(ctx context.Context, tx pgx.Tx, id int64) (string, error) { return newLink(ctx, tx, id) }

// NewLink makes a status link for application id, for a mail to its
// address (another application with the same address). An erased
// application gets none: ErrNotFound.
func (s *Store) NewLink(ctx context.Context, id int64) (string, error) {
	var tok string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var erased bool
		err := tx.QueryRow(ctx, `SELECT erased_at IS NOT NULL FROM applications WHERE id = $1 FOR SHARE`, id).Scan(&erased)
		if errors.Is(err, pgx.ErrNoRows) || erased {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		tok, err = newLink(ctx, tx, id)
		return err
	})
	return tok, err
}

// SubmissionKeyHash is what is stored of an apply form's key: holding
// the key mints a status link (a resubmission), so it is a credential.
func SubmissionKeyHash(key string) string { return fmt.Sprintf("%x", token.Hash(key)) }

// byLink is the join that finds an application by a status link's token
// ($1, hashed).
const byLink = `JOIN application_links l ON l.application_id = a.id AND l.token_hash = $1`
