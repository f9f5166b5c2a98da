package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
)

var errGone = errors.New("gone")

// One gives the domain's not-found error for no row, the row for one,
// and an error, never the first row, for a query that finds two.
func TestOne(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	const sql = `SELECT n FROM generate_series(1, $1::int) AS n`
	if _, err := db.One(ctx, pool, pgx.RowTo[int32], errGone, sql, 0); !errors.Is(err, errGone) {
		t.Fatalf("no row: %v, want the not-found error", err)
	}
	if n, err := db.One(ctx, pool, pgx.RowTo[int32], errGone, sql, 1); err != nil || n != 1 {
		t.Fatalf("one row: %d, %v", n, err)
	}
	if _, err := db.One(ctx, pool, pgx.RowTo[int32], errGone, sql, 2); err == nil || errors.Is(err, errGone) {
		t.Fatalf("two rows: %v, want an error that is not not-found", err)
	}
	if _, err := db.One(ctx, pool, pgx.RowTo[int32], errGone, `SELECT nope`); err == nil || errors.Is(err, errGone) {
		t.Fatalf("a failing query: %v", err)
	}
}
