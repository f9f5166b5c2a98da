// Package db opens the PostgreSQL pool, runs the embedded migrations
// (goose, and River's tables), keeps a connection listening for
// notifications (Listener), and offers the helpers the domain packages
// share: One, for a query that finds at most one row, and the tests of
// "is the database unavailable".
package db

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Open returns a pool for databaseURL. It does not wait for the database:
// the site starts and serves its content pages even while PostgreSQL is
// down, and pgxpool connects (and reconnects) on demand.
func Open(ctx context.Context, databaseURL string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		// A request must not hang for the kernel's TCP timeout when the
		// database host is gone; it gets a 503 instead.
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	if !strings.Contains(databaseURL, "pool_max_conns") {
		// pgxpool's default (4 on this kind of machine) keeps requests
		// waiting for a connection while PostgreSQL has cores idle: an
		// admin page makes five round trips, and River holds one
		// connection to listen. make bench shows the waits in
		// careers_db_pool_acquire_waits_total. PostgreSQL's default
		// allows 100 connections, room for several instances.
		cfg.MaxConns = int32(max(16, 4*runtime.NumCPU())) //nolint:gosec // G115: four per CPU is far below 2^31
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "careers"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database pool: %w", err)
	}
	return pool, nil
}

// Ping checks that the database answers within timeout.
func Ping(ctx context.Context, pool *pgxpool.Pool, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return pool.Ping(ctx)
}

// Health is the database as the HTTP server sees it: something to ping
// and the source of errors that mean "unavailable".
type Health struct {
	Pool *pgxpool.Pool
}

// Ping checks that the database answers before ctx ends.
func (h Health) Ping(ctx context.Context) error { return h.Pool.Ping(ctx) }

// IsUnavailable reports whether err means the database is out of reach.
func (h Health) IsUnavailable(err error) bool { return IsUnavailable(err) }
