// Package dbtest gives each test package its own fresh PostgreSQL
// database, cloned from a template that has every migration applied.
// Cloning takes a fraction of a second, so tests never share state across
// packages and never wait for migrations twice.
//
// A package that uses it declares
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
//
// and calls dbtest.URL(t) or dbtest.Pool(t) in its tests. The server to
// use comes from DATABASE_URL (make test sets it); its role needs
// CREATEDB. Without DATABASE_URL, tests fail under CI and skip elsewhere.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	neturl "net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/db"
	"example.com/careers/migrations"
)

var (
	once    sync.Once
	url     string
	name    string
	errInit error
)

// Main runs the package's tests and drops its database afterwards.
func Main(m *testing.M) {
	code := m.Run()
	if name != "" {
		if err := dropDatabase(name); err != nil {
			fmt.Fprintln(os.Stderr, "dbtest: drop", name+":", err)
		}
	}
	os.Exit(code)
}

// URL returns the connection URL of this package's fresh database.
func URL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("DATABASE_URL")
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("DATABASE_URL is not set: CI must run PostgreSQL for these tests (see .ci/run)")
		}
		t.Skip("skipping: needs PostgreSQL; run `make test`, which brings one up and sets DATABASE_URL")
	}
	once.Do(func() { url, name, errInit = create(admin) })
	if errInit != nil {
		t.Fatalf("dbtest: %v", errInit)
	}
	return url
}

// OwnURL returns the URL of a fresh database of the test's own, cloned
// like the package's and dropped when t ends: for a test that must not
// hear the role notifications of tests running beside it (LISTEN and
// NOTIFY work within one database).
func OwnURL(t testing.TB) string {
	t.Helper()
	URL(t) // the same checks, and the template built
	u, n, err := create(os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() {
		if err := dropDatabase(n); err != nil {
			t.Errorf("dbtest: drop %s: %v", n, err)
		}
	})
	return u
}

// Pool returns a pool on this package's database, closed when t ends.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := db.Open(context.Background(), URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// create clones a fresh database from the migrated template, building the
// template first when the migrations changed. Test packages run in
// parallel, so both steps hold an advisory lock.
func create(admin string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", "", fmt.Errorf("connect to DATABASE_URL: %w", err)
	}
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(72270001)"); err != nil {
		return "", "", err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock(72270001)") //nolint:errcheck // the lock dies with the connection anyway

	tmpl, err := templateName()
	if err != nil {
		return "", "", err
	}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", tmpl).Scan(&exists); err != nil {
		return "", "", err
	}
	if !exists {
		if err := buildTemplate(ctx, conn, admin, tmpl); err != nil {
			return "", "", err
		}
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	fresh := "careers_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", fresh, tmpl)); err != nil {
		return "", "", fmt.Errorf("clone template: %w", err)
	}
	u, err := withDatabase(admin, fresh)
	return u, fresh, err
}

func buildTemplate(ctx context.Context, conn *pgx.Conn, admin, tmpl string) error {
	// Templates of older migration sets are of no further use.
	rows, err := conn.Query(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'careers_tmpl_%'")
	if err != nil {
		return err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, o := range old {
		if _, err := conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", o)); err != nil {
			return err
		}
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s", tmpl)); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	u, err := withDatabase(admin, tmpl)
	if err != nil {
		return err
	}
	pool, err := db.Open(ctx, u)
	if err != nil {
		return err
	}
	// The pool must be closed before cloning: PostgreSQL refuses to copy a
	// database others are connected to.
	defer pool.Close()
	m, err := db.NewMigrator(pool)
	if err != nil {
		return err
	}
	defer func() { _ = m.Close() }() // the pool it wraps is closed just after
	if err := m.Up(ctx, io.Discard); err != nil {
		_, _ = conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", tmpl))
		return err
	}
	return nil
}

// templateName is derived from the migration files, so a changed
// migration builds a new template.
func templateName() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return "careers_tmpl_" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

// withDatabase returns admin pointing at dbname instead, in URL or
// key=value form.
func withDatabase(admin, dbname string) (string, error) {
	if strings.HasPrefix(admin, "postgres://") || strings.HasPrefix(admin, "postgresql://") {
		u, err := neturl.Parse(admin)
		if err != nil {
			return "", err
		}
		u.Path = "/" + dbname
		return u.String(), nil
	}
	return admin + " dbname=" + dbname, nil
}

func dropDatabase(dbname string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(ctx) }()
	for {
		_, err = conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname))
		// FORCE cannot end an autovacuum worker (it runs as the
		// superuser: 42501, seen in CI after a busy test); it is gone in
		// moments, so try again, within the context's bound.
		pgErr, ok := errors.AsType[*pgconn.PgError](err)
		if !ok || pgErr.Code != "42501" || ctx.Err() != nil {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}
