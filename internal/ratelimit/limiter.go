// Package ratelimit counts attempts per key (a client address, an
// account) in PostgreSQL, so every instance enforces the same limits.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Limiter allows Max attempts per key within Window; further attempts
// are refused until the oldest counted one leaves the window.
type Limiter struct {
	pool *pgxpool.Pool
	// Name keeps different limiters' keys apart ("sign-in", "apply").
	Name   string
	Max    int
	Window time.Duration
}

// New returns a limiter on pool.
func New(pool *pgxpool.Pool, name string, maxAttempts int, window time.Duration) *Limiter {
	return &Limiter{pool: pool, Name: name, Max: maxAttempts, Window: window}
}

// HashedKey is the key of a personal value, such as an email: a hash, so
// the table never holds the value itself.
func HashedKey(kind, value string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(value))))
	return kind + ":" + hex.EncodeToString(sum[:16])
}

// Attempt is a counted attempt.
type Attempt struct {
	// Blocked is true when a key was already at the limit; the attempt was
	// then not counted, and Wait says when to try again.
	Blocked bool
	Wait    time.Duration
	ids     []int64
}

// Attempt counts an attempt under every key before the work it guards
// (checking a password, storing an application), so parallel requests
// cannot all slip under the limit. Forget uncounts it when it should not
// count (a correct password).
func (t *Limiter) Attempt(ctx context.Context, now time.Time, keys ...string) (Attempt, error) {
	for i, k := range keys {
		keys[i] = t.Name + "/" + k
	}
	keys = slices.Sorted(slices.Values(keys))
	var at Attempt
	err := pgx.BeginFunc(ctx, t.pool, func(tx pgx.Tx) error {
		// One attempt per key at a time, across instances; sorted keys
		// cannot deadlock.
		for _, k := range keys {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 7227))`, k); err != nil {
				return err
			}
		}
		var n int
		var oldest *time.Time
		err := tx.QueryRow(ctx, `
			SELECT coalesce(max(c), 0), min(first) FROM (
				SELECT count(*) AS c, min(created_at) AS first FROM rate_limit_attempts
				WHERE key = ANY ($1) AND created_at > $2
				GROUP BY key HAVING count(*) >= $3
			) AS over`, keys, now.Add(-t.Window), t.Max).Scan(&n, &oldest)
		if err != nil {
			return err
		}
		if n >= t.Max && oldest != nil {
			at.Blocked, at.Wait = true, max(oldest.Add(t.Window).Sub(now), time.Second)
			return nil
		}
		rows, err := tx.Query(ctx, `
			WITH gone AS (DELETE FROM rate_limit_attempts WHERE created_at < $2::timestamptz - interval '1 day')
			INSERT INTO rate_limit_attempts (key, created_at) SELECT k, $2 FROM unnest($1::text[]) AS k
			RETURNING id`, keys, now)
		if err != nil {
			return err
		}
		at.ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		return err
	})
	if err != nil {
		return Attempt{}, fmt.Errorf("rate limit: %w", err)
	}
	return at, nil
}

// Forget uncounts at, and every earlier attempt under the keys in
// alsoForget (an account's failures after its correct password). Other
// keys keep their earlier attempts: signing in to one's own account must
// not reset a guesser's budget for the address.
func (t *Limiter) Forget(ctx context.Context, at Attempt, alsoForget ...string) error {
	for i, k := range alsoForget {
		alsoForget[i] = t.Name + "/" + k
	}
	if _, err := t.pool.Exec(ctx, `DELETE FROM rate_limit_attempts WHERE id = ANY ($1) OR key = ANY ($2)`, at.ids, alsoForget); err != nil {
		return fmt.Errorf("rate limit: %w", err)
	}
	return nil
}
