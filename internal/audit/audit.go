// Package audit records who did what in the admin pages. Every entry is
// written in the transaction of the action it describes, so the log and
// the data never disagree.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Actor is who acts: a signed-in account, or the command line.
type Actor struct {
	// AccountID is 0 for the command line.
	AccountID int64
	// Label names the actor in the log, such as "Ada (ada@example.com)".
	Label string
}

// CLI is the actor for changes made with the careers command.
var CLI = Actor{Label: "command line"}

func (a Actor) accountID() *int64 {
	if a.AccountID == 0 {
		return nil
	}
	return &a.AccountID
}

// Entry is one line of the audit log.
type Entry struct {
	ID        int64     `db:"id"`
	Actor     string    `db:"actor"`
	Action    string    `db:"action"`
	Subject   string    `db:"subject"`
	Detail    string    `db:"detail"`
	CreatedAt time.Time `db:"created_at"`
}

// Record writes one entry inside tx. Subject and detail must not hold
// personal data: use ids and slugs.
func Record(ctx context.Context, tx pgx.Tx, a Actor, action, subject, detail string) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO audit_log (account_id, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)`,
		a.accountID(), a.Label, action, subject, detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// PageSize is how many entries a page of the log shows.
const PageSize = 50

// Store reads the audit log.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// List returns one page of the log, newest first, and whether there are
// more.
func (s *Store) List(ctx context.Context, page int) ([]Entry, bool, error) {
	page = max(page, 1)
	rows, err := s.pool.Query(ctx, `
		SELECT id, actor, action, subject, detail, created_at FROM audit_log
		ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`, PageSize+1, (page-1)*PageSize)
	if err != nil {
		return nil, false, fmt.Errorf("audit list: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Entry])
	if err != nil {
		return nil, false, fmt.Errorf("audit list: %w", err)
	}
	more := len(list) > PageSize
	if more {
		list = list[:PageSize]
	}
	return list, more, nil
}

// Write records one entry on its own, for events that change nothing
// else (a sign-in, a failed one): subject and detail follow Record's
// rules.
func (s *Store) Write(ctx context.Context, a Actor, action, subject, detail string) error {
	_, err := s.pool.Exec(ctx, `
		INSERT INTO audit_log (account_id, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)`,
		a.accountID(), a.Label, action, subject, detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}
