// Package privacy owns what the site does with personal data as a whole:
// erasure on request, the retention job that anonymises what has been
// kept long enough, and the export for a data-access request. It reads
// and writes across the domains' tables (applications, resumes, events,
// mail, alerts) by design: these rules must see every row that holds a
// person's data, and keeping them in one place keeps them in step.
package privacy

import "github.com/jackc/pgx/v5/pgxpool"

// Store runs the personal-data rules over the database.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store over pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }
