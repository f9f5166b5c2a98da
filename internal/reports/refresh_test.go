package reports_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/reports"
)

// TestRefreshDue: the page shows the figures of the last refresh; the
// periodic check recomputes exactly the seasons whose history changed
// (or that are a day old), and two refreshes at once both succeed.
func TestRefreshDue(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	d := &data{t: t, pool: pool}
	var other int64
	for season, id := range map[string]*int64{"Summer 2040": &d.role, "Summer 2041": &other} {
		if err := pool.QueryRow(ctx, `
			INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
			VALUES ('refresh-' || md5($1), 'Refresh Intern', 'Data', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', $1, 'x', 'open', now())
			RETURNING id`, season).Scan(id); err != nil {
			t.Fatal(err)
		}
	}
	store := reports.NewStore(pool, time.UTC)
	now := time.Date(2040, 2, 1, 9, 0, 0, 0, time.UTC)
	first := d.app("Siobhán Ní Bhriain", "Trinity College Dublin", now.Add(-48*time.Hour))

	// Every season never computed is due, once.
	due, err := store.RefreshDue(ctx, now)
	if err != nil || !slices.Contains(due, "Summer 2040") || !slices.Contains(due, "Summer 2041") {
		t.Fatalf("first check: %v %v", due, err)
	}
	if due, err := store.RefreshDue(ctx, now.Add(time.Minute)); err != nil || len(due) != 0 {
		t.Fatalf("nothing changed, yet due: %v %v", due, err)
	}

	// New history waits for the next refresh, which takes only its season.
	d.event(first, "applied", "take_home", now.Add(-time.Hour), nil)
	d.app("Zoë O'Connor", "Trinity College Dublin", now.Add(-time.Hour))
	r, err := store.Report(ctx, reports.Scope{Season: "Summer 2040"}, now)
	if err != nil || r.Funnel[0].Reached != 1 || !r.RefreshedAt.Equal(now) {
		t.Fatalf("before the refresh: %+v at %s, %v", r.Funnel[0], r.RefreshedAt, err)
	}
	later := now.Add(10 * time.Minute)
	if due, err := store.RefreshDue(ctx, later); err != nil || !slices.Equal(due, []string{"Summer 2040"}) {
		t.Fatalf("after new history: %v %v", due, err)
	}
	r, err = store.Report(ctx, reports.Scope{Season: "Summer 2040", RoleID: d.role}, later)
	if err != nil || r.Funnel[0].Reached != 2 || r.Funnel[0].Finished != 1 || r.Funnel[1].Reached != 1 || !r.RefreshedAt.Equal(later) {
		t.Fatalf("after the refresh: %+v at %s, %v", r.Funnel[:2], r.RefreshedAt, err)
	}
	if o, err := store.Report(ctx, reports.Scope{Season: "Summer 2041"}, later); err != nil || !o.RefreshedAt.Equal(now) {
		t.Fatalf("the quiet season was recomputed: %s %v", o.RefreshedAt, err)
	}

	// A day on, every season is recomputed even without new history.
	if due, err := store.RefreshDue(ctx, later.Add(reports.FullEvery+time.Minute)); err != nil ||
		!slices.Contains(due, "Summer 2041") || !slices.Contains(due, "Summer 2040") {
		t.Fatalf("a day later: %v %v", due, err)
	}

	// Refreshes of one season at once (two instances, two clicks): one
	// computes, the others wait for it, and none fails.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = store.Refresh(ctx, "Summer 2040", later) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent refresh: %v", err)
		}
	}
	if r, err := store.Report(ctx, reports.Scope{Season: "Summer 2040"}, later); err != nil || r.Funnel[0].Reached != 2 {
		t.Fatalf("after concurrent refreshes: %+v %v", r.Funnel[0], err)
	}
}
