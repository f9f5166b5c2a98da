package main

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The datasets the growth section adds to the large one: fewer open
// roles for search (550 and 2,200 roles give 500 and 2,002 open), and a
// tenth of the applications for the admin list.
func growthSets() []dataset {
	return []dataset{
		{name: "careers_bench_500", roles: 550},
		{name: "careers_bench_2k", roles: 2_200},
		{name: "careers_bench_apps_100k", roles: 1_100, applications: 100_000},
	}
}

// point is one size and the p95 measured there, in microseconds.
type point struct {
	size int
	p95  int64
}

// growth measures the same load at several sizes, so that how its cost
// grows shows at a glance: search cache misses over 500, 2,000 and
// 10,000 open roles, and the admin list over 100,000 and 1,000,000
// applications. Each size runs on an app of its own, one at a time.
func (b *bench) growth(ctx context.Context, t *table) error {
	search, admin := b.growthSets[0:2], b.growthSets[2]
	var searches, lists []point
	for _, d := range []*dataset{&search[0], &search[1], &b.large} {
		p, err := b.atSize(ctx, d, func(a *app, db *pgx.Conn) (int, load, error) {
			var open int
			if err := db.QueryRow(ctx, `SELECT count(*) FROM roles WHERE status = 'open'`).Scan(&open); err != nil {
				return 0, load{}, err
			}
			b.logf("growth: search cache misses over %d open roles", open)
			l, err := b.median(ctx, func(ctx context.Context) (load, error) { return b.wrk(ctx, searchLua, a.url, 8, b.o.long) })
			return open, l, err
		})
		if err != nil {
			return err
		}
		searches = append(searches, p)
	}
	for _, d := range []*dataset{&admin, &b.large} {
		p, err := b.atSize(ctx, d, func(a *app, db *pgx.Conn) (int, load, error) {
			var apps int
			if err := db.QueryRow(ctx, `SELECT count(*) FROM applications`).Scan(&apps); err != nil {
				return 0, load{}, err
			}
			b.logf("growth: admin list, random filters, over %d applications", apps)
			cookie, err := signIn(a)
			if err != nil {
				return 0, load{}, err
			}
			ids, err := busiestRoles(ctx, db)
			if err != nil {
				return 0, load{}, err
			}
			l, err := b.median(ctx, func(ctx context.Context) (load, error) {
				return b.wrk(ctx, strictLua+adminLua, a.url, 8, b.o.long, "BENCH_COOKIE="+cookie, "BENCH_ROLE_IDS="+idList(ids))
			})
			return apps, l, err
		})
		if err != nil {
			return err
		}
		lists = append(lists, p)
	}
	t.note("How cost grows, search cache misses (8 connections, p95): %s", describeGrowth(searches, "open roles"))
	t.note("How cost grows, admin list with random filters (8 connections, p95): %s", describeGrowth(lists, "applications"))
	return nil
}

// atSize starts an app on d, measures it with run and stops it again.
func (b *bench) atSize(ctx context.Context, d *dataset, run func(*app, *pgx.Conn) (int, load, error)) (point, error) {
	a, err := b.startApp(ctx, d.url)
	if err != nil {
		return point{}, err
	}
	defer a.stop()
	db, err := pgx.Connect(ctx, d.url)
	if err != nil {
		return point{}, err
	}
	defer func() { _ = db.Close(ctx) }()
	size, l, err := run(a, db)
	if err != nil {
		return point{}, err
	}
	if l.errors() > 0 {
		return point{}, fmt.Errorf("%s: %d errors", d.name, l.errors())
	}
	return point{size: size, p95: l.P95}, nil
}

// busiestRoles lists the eight roles with the most applications, for the
// admin script's role filter, busiest first.
func busiestRoles(ctx context.Context, db *pgx.Conn) ([]int64, error) {
	rows, err := db.Query(ctx, `SELECT role_id FROM applications GROUP BY role_id ORDER BY count(*) DESC LIMIT 8`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// idList is ids as the admin script reads them: 12,7,31.
func idList(ids []int64) string {
	return strings.Trim(strings.Join(strings.Fields(fmt.Sprint(ids)), ","), "[]")
}

// describeGrowth prints each size's p95 and the order of growth between
// the smallest and the largest: p95 ∝ size^k, k from the two ends.
func describeGrowth(ps []point, unit string) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, fmt.Sprintf("%s %s %s ms", thousands(p.size), unit, ms(p.p95)))
	}
	first, last := ps[0], ps[len(ps)-1]
	k := math.Log(float64(max(last.p95, 1))/float64(max(first.p95, 1))) / math.Log(float64(last.size)/float64(first.size))
	order := "grows about as size^%.2f"
	switch {
	case k < 0.15:
		order += " (flat: the size barely matters)"
	case k < 0.85:
		order += " (slower than the data)"
	case k < 1.15:
		order += " (linear in the data)"
	default:
		order += " (faster than the data)"
	}
	return strings.Join(parts, "; ") + ": " + fmt.Sprintf(order, k) +
		fmt.Sprintf(", %.1f× the p95 for %.0f× the data", float64(last.p95)/float64(max(first.p95, 1)), float64(last.size)/float64(first.size))
}

// thousands writes n with commas: 1,000,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
