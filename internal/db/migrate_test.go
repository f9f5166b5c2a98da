package db_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// TestMigrationsRoundTrip proves every migration can be rolled back and
// applied again, so `careers migrate down` is a real escape hatch.
func TestMigrationsRoundTrip(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	m, err := db.NewMigrator(pool)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	var out bytes.Buffer
	if err := m.Status(ctx, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "pending") || !strings.Contains(out.String(), "00001_baseline.sql") {
		t.Fatalf("fresh test database should have every migration applied:\n%s", out.String())
	}

	// Roll everything back, one step at a time, until nothing is left.
	for i := 0; ; i++ {
		out.Reset()
		if err := m.Down(ctx, &out); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), "nothing to roll back") {
			break
		}
		if i > 1000 {
			t.Fatal("migrate down never ran out of migrations")
		}
	}
	if n := countFunctions(t, pool, "set_updated_at"); n != 0 {
		t.Fatalf("set_updated_at still exists after rolling back everything")
	}

	out.Reset()
	if err := m.Up(ctx, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "applied 00001_baseline.sql") {
		t.Fatalf("up did not report the baseline migration:\n%s", out.String())
	}
	if n := countFunctions(t, pool, "set_updated_at"); n != 1 {
		t.Fatalf("set_updated_at missing after migrate up")
	}
	out.Reset()
	if err := m.Up(ctx, &out); err != nil || !strings.Contains(out.String(), "no pending migrations") {
		t.Fatalf("second up: err=%v out=%q", err, out.String())
	}
}

func countFunctions(t *testing.T, pool *pgxpool.Pool, name string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM pg_proc WHERE proname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
