package db

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// Querier runs a query: a pool or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// One runs a query that finds at most one row and collects that row
// with fn. No row is notFound (each domain's own ErrNotFound), so the
// server can answer 404 without knowing pgx; more than one row is an
// error, since the query's author promised one.
func One[T any](ctx context.Context, q Querier, fn pgx.RowToFunc[T], notFound error, sql string, args ...any) (T, error) {
	var zero T
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return zero, err
	}
	v, err := pgx.CollectExactlyOneRow(rows, fn)
	if errors.Is(err, pgx.ErrNoRows) {
		return zero, notFound
	}
	if err != nil {
		return zero, err
	}
	return v, nil
}
