package bulkseed_test

import (
	"context"
	"testing"
	"time"

	"example.com/careers/internal/bulkseed"
	"example.com/careers/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// TestPastSeasonsAndHistory: earlier seasons hold closed roles and their
// share of the applications, and every application's history is a chain
// of stage moves from applied to its current stage, in time order,
// before now.
func TestPastSeasonsAndHistory(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	res, err := bulkseed.Run(ctx, pool, bulkseed.Options{Roles: 40, Applications: 3000, PastSeasons: 2, Seed: 5, Season: "Summer 2027", Now: now})
	if err != nil || res.Roles != 40+2*10 || res.Applications != 3000 {
		t.Fatalf("seed: %+v %v", res, err)
	}
	rows, err := pool.Query(ctx, `
		SELECT r.season, count(DISTINCT r.id), count(a.id), bool_and(r.status = 'closed')
		FROM roles r LEFT JOIN applications a ON a.role_id = r.id GROUP BY 1 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var season string
	var roleCount, apps int
	var closed bool
	seen := map[string]int{}
	for rows.Next() {
		if err := rows.Scan(&season, &roleCount, &apps, &closed); err != nil {
			t.Fatal(err)
		}
		seen[season] = apps
		if past := season != "Summer 2027"; past && (!closed || roleCount != 10) {
			t.Errorf("%s: %d roles, all closed %t", season, roleCount, closed)
		}
	}
	if len(seen) != 3 || seen["Summer 2025"] != 1000 || seen["Summer 2026"] != 1000 || seen["Summer 2027"] != 1000 {
		t.Fatalf("applications per season: %v", seen)
	}

	// Each history: applied first, each move leaving the stage the one
	// before entered, in time order, ending at the application's stage.
	var broken, late, moved int
	if err := pool.QueryRow(ctx, `
		WITH h AS (
			SELECT e.application_id, e.from_stage, e.to_stage, e.created_at, e.reply_by, a.stage, a.created_at AS applied_at,
			       lag(e.to_stage) OVER w AS prev_stage, lag(e.created_at) OVER w AS prev_at,
			       row_number() OVER w AS n, count(*) OVER (PARTITION BY e.application_id) AS total
			FROM application_events e JOIN applications a ON a.id = e.application_id
			WINDOW w AS (PARTITION BY e.application_id ORDER BY e.created_at, e.id))
		SELECT count(*) FILTER (WHERE (n = 1 AND (to_stage <> 'applied' OR created_at <> applied_at))
		                           OR (n > 1 AND (from_stage IS DISTINCT FROM prev_stage OR created_at <= prev_at))
		                           OR (n = total AND to_stage <> stage) OR created_at > $1),
		       count(*) FILTER (WHERE created_at > reply_by), count(*) FILTER (WHERE n > 1)
		FROM h`, now).Scan(&broken, &late, &moved); err != nil {
		t.Fatal(err)
	}
	if broken != 0 || moved < 1000 || late == 0 || late == moved {
		t.Errorf("%d broken events; %d moves, %d late", broken, moved, late)
	}
	// New applications have their reply-by, as the form would give them,
	// so the app's backfill has nothing to do during a benchmark.
	var missing int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM applications WHERE stage = 'applied' AND reply_by IS NULL`).Scan(&missing); err != nil || missing != 0 {
		t.Errorf("%d new applications without a reply-by (%v)", missing, err)
	}
}
