package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// reports loads the reports page of each season (and of the current
// season's busiest roles) over the million applications, once the app's
// periodic job has computed every season's summaries.
func (b *bench) reports(ctx context.Context, t *table, a *app, db *pgx.Conn) error {
	b.logf("reports over 1,000,000 applications in %d seasons: waiting for the summaries", b.large.pastSeasons+1)
	// The app refreshes due seasons when it starts (and every ten
	// minutes); a season it has not reached yet would be computed by the
	// first request for it, which is not what this row measures.
	deadline := time.Now().Add(10 * time.Minute)
	var seasons []string
	for {
		rows, err := db.Query(ctx, `SELECT season FROM report_refreshes WHERE season IN (SELECT season FROM roles) ORDER BY 1`)
		if err != nil {
			return err
		}
		if seasons, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		if len(seasons) == b.large.pastSeasons+1 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("reports: after 10 minutes only %d seasons are computed", len(seasons))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	cookie, err := signIn(a)
	if err != nil {
		return err
	}
	// What a recruiter waits for on "Recompute now", on the season with
	// the most history.
	current := seasons[len(seasons)-1]
	started := time.Now()
	if err := postForm(a, cookie, "/admin/reports/refresh", url.Values{"season": {current}}, "/admin/reports?"); err != nil {
		return err
	}
	recompute := time.Since(started)
	var tookMS int64
	if err := db.QueryRow(ctx, `SELECT took_ms FROM report_refreshes WHERE season = $1`, current).Scan(&tookMS); err != nil {
		return err
	}
	rows, err := db.Query(ctx, `
		SELECT a.role_id FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE r.season = (SELECT max(season) FROM roles) GROUP BY a.role_id ORDER BY count(*) DESC LIMIT 8`)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	encoded := make([]string, len(seasons))
	for i, s := range seasons {
		encoded[i] = url.QueryEscape(s)
	}
	idList := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(ids)), ","), "[]")
	l, err := b.median(ctx, func(ctx context.Context) (load, error) {
		return b.wrk(ctx, strictLua+reportsLua, a.url, 8, b.o.long, "BENCH_COOKIE="+cookie, "BENCH_SEASONS="+strings.Join(encoded, ","),
			"BENCH_ROLE_IDS="+idList)
	})
	if err != nil {
		return err
	}
	t.add(row{what: fmt.Sprintf("Reports page, a season or one of its roles, 1,000,000 applications in %d seasons, 8 connections", len(seasons)),
		app: l, target: "p95 < 500 ms", met: l.P95 < 500_000 && l.errors() == 0})
	t.note("Report summaries: recomputing %s (250,000 applications and their history) took %.1f s in the database, %.1f s for the recruiter who clicked; the periodic job recomputes a season only when its history changed, and each at least daily",
		current, float64(tookMS)/1000, recompute.Seconds())
	return nil
}
