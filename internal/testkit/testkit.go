// Package testkit holds what many packages' tests need and would
// otherwise each write again: a log buffer that a server writes while the
// test reads it, the harness for "N goroutines race, exactly one wins",
// and a row count. Only tests import it.
package testkit

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// LogBuffer is an io.Writer safe for a logger on other goroutines to
// write while the test reads what was written.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Race calls fn(0) to fn(n-1), each on its own goroutine, all released
// at the same moment so they really contend, and returns their errors
// by index once all have returned.
func Race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// ExactlyOneWins fails the test unless exactly one of errs is nil and
// every other one is (errors.Is) lost.
func ExactlyOneWins(t testing.TB, errs []error, lost error) {
	t.Helper()
	won, lose := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, lost):
			lose++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 || lose != len(errs)-1 {
		t.Fatalf("%d won, %d lost with %q, of %d", won, lose, lost, len(errs))
	}
}

// Count runs a query returning one number (SELECT count(*) ...) and
// returns it, failing the test on error.
func Count(t testing.TB, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
