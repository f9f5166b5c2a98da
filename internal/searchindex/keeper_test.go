package searchindex_test

import (
	"context"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"example.com/careers/internal/bulkseed"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/searchindex"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var now = time.Now()

func search(t *testing.T, s *roles.Store, raw string) roles.Result {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(context.Background(), roles.ParseQuery(v), now)
	if err != nil {
		t.Fatalf("search %q: %v", raw, err)
	}
	return res
}

// TestIndexKeeperNeverServesStale follows the keeper through a change:
// no index until the first build, none from the moment a change is
// heard until the rebuild that includes it, none while not live.
func TestIndexKeeperNeverServesStale(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pool := dbtest.Pool(t)
	if _, err := bulkseed.Run(ctx, pool, bulkseed.Options{Roles: 50, Seed: 3, Season: "Summer 2027", Now: now}); err != nil {
		t.Fatal(err)
	}
	s := roles.NewStore(pool)
	k := searchindex.NewKeeper(s, slog.New(slog.DiscardHandler))
	k.Debounce = time.Millisecond
	done := make(chan struct{})
	go func() { k.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitRebuilt := func(n uint64) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); k.Rebuilds() < n; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("no rebuild %d", n)
			}
		}
	}

	if k.Current() != nil {
		t.Fatal("an index before any was built")
	}
	k.SetLive(true)
	waitRebuilt(1)
	if k.Current() == nil {
		t.Fatal("no index once built and live")
	}
	s.UseEngine(k)
	if res := search(t, s, "q=playback"); !res.Indexed {
		t.Fatal("the search did not use the current index")
	}

	// A new role: heard, so the index is stale at once and SQL answers.
	if _, err := pool.Exec(ctx, `INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season,
		description, status, opens_at) VALUES ('keeper-new', 'Keeper Telemetry Intern', 'Playback', 'technology',
		'{"Los Gatos, CA"}', 'onsite', '{bachelors}', 'Summer 2027', 'New.', 'open', $1)`, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	k.Changed()
	if k.Current() != nil {
		t.Fatal("the index was still offered after a change it does not hold")
	}
	if res := search(t, s, "q=telemetry"); res.Indexed || res.Total != 1 {
		t.Fatalf("during the rebuild: indexed %t, %d found; want SQL finding the new role", res.Indexed, res.Total)
	}
	waitRebuilt(2)
	if res := search(t, s, "q=telemetry"); !res.Indexed || res.Total != 1 {
		t.Fatalf("after the rebuild: indexed %t, %d found", res.Indexed, res.Total)
	}

	k.SetLive(false)
	if k.Current() != nil {
		t.Fatal("the index was offered while changes could not be heard")
	}
}
