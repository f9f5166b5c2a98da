package accounts

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

// Sign-in throttling: after MaxFailures attempts within Window for one
// client address or one account, further attempts are refused until the
// window passes. Attempts live in PostgreSQL so every instance counts the
// same.
const (
	MaxFailures = 5
	Window      = time.Minute
)

// Throttle counts sign-in attempts.
type Throttle struct {
	pool *pgxpool.Pool
}

// NewThrottle returns a Throttle on pool.
func NewThrottle(pool *pgxpool.Pool) *Throttle { return &Throttle{pool: pool} }

// AddressKey and AccountKey name what is counted. The account key is a
// hash, so the table never holds an email address.
func AddressKey(addr string) string { return "addr:" + addr }

// AccountKey is the throttling key of the account with email.
func AccountKey(email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return "account:" + hex.EncodeToString(sum[:16])
}

// Attempt is a counted sign-in attempt.
type Attempt struct {
	// Blocked is true when a key was already at the limit; the attempt was
	// then not counted, and Wait says when to try again.
	Blocked bool
	Wait    time.Duration
	ids     []int64
}

// Attempt counts a sign-in attempt under every key before the password is
// checked, so parallel guesses cannot all slip under the limit. A correct
// password then uncounts it with Succeeded.
func (t *Throttle) Attempt(ctx context.Context, now time.Time, keys ...string) (Attempt, error) {
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
				SELECT count(*) AS c, min(created_at) AS first FROM sign_in_failures
				WHERE key = ANY ($1) AND created_at > $2
				GROUP BY key HAVING count(*) >= $3
			) AS over`, keys, now.Add(-Window), MaxFailures).Scan(&n, &oldest)
		if err != nil {
			return err
		}
		if n >= MaxFailures && oldest != nil {
			at.Blocked, at.Wait = true, max(oldest.Add(Window).Sub(now), time.Second)
			return nil
		}
		rows, err := tx.Query(ctx, `
			WITH gone AS (DELETE FROM sign_in_failures WHERE created_at < $2::timestamptz - interval '1 hour')
			INSERT INTO sign_in_failures (key, created_at) SELECT k, $2 FROM unnest($1::text[]) AS k
			RETURNING id`, keys, now)
		if err != nil {
			return err
		}
		at.ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		return err
	})
	if err != nil {
		return Attempt{}, fmt.Errorf("throttle: %w", err)
	}
	return at, nil
}

// Succeeded uncounts a successful attempt, and forgets the account's
// earlier failures. The address keeps its earlier failures: signing in
// to one's own account must not reset a guesser's budget.
func (t *Throttle) Succeeded(ctx context.Context, at Attempt, accountKey string) error {
	if _, err := t.pool.Exec(ctx, `DELETE FROM sign_in_failures WHERE id = ANY ($1) OR key = $2`, at.ids, accountKey); err != nil {
		return fmt.Errorf("throttle: %w", err)
	}
	return nil
}
