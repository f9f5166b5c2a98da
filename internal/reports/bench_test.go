package reports_test

import (
	"context"
	"testing"
	"time"

	"example.com/careers/internal/bulkseed"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/reports"
)

// BenchmarkReports measures, at a program's realistic size (20,000
// applications over two seasons), a season's refresh and the page's
// read of a season and of a role. make bench measures the page at a
// million applications.
func BenchmarkReports(b *testing.B) {
	ctx := context.Background()
	pool := dbtest.Pool(b)
	now := time.Now()
	if _, err := bulkseed.Run(ctx, pool, bulkseed.Options{Roles: 200, Applications: 20_000, PastSeasons: 1, Seed: 9,
		Season: "Summer 2050", Now: now}); err != nil {
		b.Fatal(err)
	}
	var role int64
	if err := pool.QueryRow(ctx, `SELECT a.role_id FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE r.season = 'Summer 2050' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`).Scan(&role); err != nil {
		b.Fatal(err)
	}
	store := reports.NewStore(pool, time.UTC)
	b.Run("refresh/season-10000", func(b *testing.B) {
		for b.Loop() {
			if err := store.Refresh(ctx, "Summer 2050", now); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, sc := range []struct {
		name  string
		scope reports.Scope
	}{{"read/season-10000", reports.Scope{Season: "Summer 2050"}}, {"read/busiest-role", reports.Scope{Season: "Summer 2050", RoleID: role}}} {
		b.Run(sc.name, func(b *testing.B) {
			for b.Loop() {
				if r, err := store.Report(ctx, sc.scope, now); err != nil || r.Funnel[0].Reached == 0 {
					b.Fatal(r.Funnel, err)
				}
			}
		})
	}
}
