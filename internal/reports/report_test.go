package reports_test

import (
	"context"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/reports"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type data struct {
	t    *testing.T
	pool *pgxpool.Pool
	role int64
	n    int
}

func (d *data) app(name, uni string, created time.Time) int64 {
	d.t.Helper()
	d.n++
	var id int64
	if err := d.pool.QueryRow(context.Background(), `
		INSERT INTO applications (role_id, submission_key, full_name, email, university, degree_level, graduation, why, consented_at, created_at)
		VALUES ($1, 'report-key-' || $6 || '-' || $2::text || '-0123456789', $3, 'report' || $6 || '-' || $2::text || '@example.com', $4, 'bachelors', '2028-05-01', 'x', $5, $5)
		RETURNING id`, d.role, strconv.Itoa(d.n), name, uni, created, strconv.FormatInt(d.role, 10)).Scan(&id); err != nil {
		d.t.Fatal(err)
	}
	d.event(id, "", "applied", created, nil)
	return id
}

func (d *data) event(id int64, from, to string, at time.Time, replyBy *time.Time) {
	d.t.Helper()
	var fromStage *string
	if from != "" {
		fromStage = &from
	}
	if _, err := d.pool.Exec(context.Background(), `
		INSERT INTO application_events (application_id, kind, from_stage, to_stage, actor, created_at, reply_by)
		VALUES ($1, 'stage', $2, $3, 'test', $4, $5)`, id, fromStage, to, at, replyBy); err != nil {
		d.t.Fatal(err)
	}
	if _, err := d.pool.Exec(context.Background(), `UPDATE applications SET stage = $2 WHERE id = $1`, id, to); err != nil {
		d.t.Fatal(err)
	}
}

// TestReportByHand: every figure of a small season, worked out by hand.
func TestReportByHand(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	la, _ := time.LoadLocation("America/Los_Angeles")
	d := &data{t: t, pool: pool}
	if err := pool.QueryRow(ctx, `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ('report-intern', 'Report Intern', 'Data', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2031', 'x', 'open', now())
		RETURNING id`).Scan(&d.role); err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	at := func(s string) time.Time { v, _ := time.ParseInLocation("2006-01-02 15:04", s, la); return v }
	ptr := func(t time.Time) *time.Time { return &t }
	// A1: applied 2d, take-home 3d, round one 1d, offer 2d, hired.
	t1 := at("2030-01-05 10:00")
	a1 := d.app("Zoë O'Connor", "Universidad de Chile", t1)
	d.event(a1, "applied", "take_home", t1.Add(2*day), ptr(t1.Add(3*day)))
	d.event(a1, "take_home", "interview_1", t1.Add(5*day), nil)
	d.event(a1, "interview_1", "offer", t1.Add(6*day), nil)
	d.event(a1, "offer", "hired", t1.Add(8*day), nil)
	// A2: applied 1d, then no (late).
	t2 := at("2030-01-05 15:00")
	a2 := d.app("山田 花子", "Universidad de Chile", t2)
	d.event(a2, "applied", "rejected", t2.Add(day), ptr(t2.Add(12*time.Hour)))
	// A3: applied 4d, take-home 1d, then no.
	t3 := at("2030-01-06 09:00")
	a3 := d.app("Łukasz Żółć", "Universidad de Chile", t3)
	d.event(a3, "applied", "take_home", t3.Add(4*day), ptr(t3.Add(5*day)))
	d.event(a3, "take_home", "rejected", t3.Add(5*day), nil)
	// A4 waits; five more from MIT on the 7th wait too.
	d.app("Mỹ Nguyễn", "Universidad de Chile", at("2030-01-06 20:00"))
	for range 5 {
		d.app("Olúwadámilọ́lá Adébáyọ̀", "MIT", at("2030-01-07 12:00"))
	}

	store := reports.NewStore(pool, la)
	r, err := store.Report(ctx, reports.Scope{Season: "Summer 2031"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := map[applications.Stage][4]float64{ // reached, finished, moved on, rate
		applications.Applied:    {9, 3, 2, 2.0 / 3},
		applications.TakeHome:   {2, 2, 1, 0.5},
		applications.Interview1: {1, 1, 1, 1},
		applications.Interview2: {0, 0, 0, -1},
		applications.Offer:      {1, 1, 1, 1},
		applications.Hired:      {1, 0, 0, -1},
	}
	for _, s := range r.Funnel {
		w, ok := want[s.Stage]
		if !ok {
			continue
		}
		if float64(s.Reached) != w[0] || float64(s.Finished) != w[1] || float64(s.Advanced) != w[2] || math.Abs(s.Rate-w[3]) > 1e-9 {
			t.Errorf("%s: %+v, want %v", s.Stage, s, w)
		}
	}
	wantTimes := map[applications.Stage][3]time.Duration{ // count, median, p90
		applications.Applied:    {3, 2 * day, time.Duration(3.6 * float64(day))},
		applications.TakeHome:   {2, 2 * day, time.Duration(2.8 * float64(day))},
		applications.Interview1: {1, day, day},
		applications.Offer:      {1, 2 * day, 2 * day},
	}
	if len(r.Durations) != len(wantTimes) {
		t.Fatalf("durations %+v", r.Durations)
	}
	for _, d := range r.Durations {
		w := wantTimes[d.Stage]
		if time.Duration(d.Count) != w[0] || (d.Median-w[1]).Abs() > time.Second || (d.P90-w[2]).Abs() > time.Second {
			t.Errorf("%s: %+v, want %v", d.Stage, d, w)
		}
	}
	if len(r.Days) != 3 || r.Days[0].Count != 2 || r.Days[1].Count != 2 || r.Days[2].Count != 5 || r.Days[0].Date.Format("2006-01-02") != "2030-01-05" {
		t.Errorf("days %+v", r.Days)
	}
	if r.OnTime != 2 || r.Late != 1 {
		t.Errorf("replies: %d on time, %d late; want 2 and 1", r.OnTime, r.Late)
	}
	if len(r.University) != 2 || r.University[0].Label != "MIT" || r.University[0].Applications != (reports.Cell{N: 5}) ||
		r.University[0].Interviews != (reports.Cell{N: 0}) {
		t.Errorf("MIT: %+v", r.University)
	}
	if chile := r.University[1]; chile.Label != "Universidad de Chile" || !chile.Applications.Withheld || !chile.Interviews.Withheld || !chile.Offers.Withheld {
		t.Errorf("four from Chile must be withheld: %+v", chile)
	}
	// The role's own report holds the same figures, another season's
	// nothing.
	if own, err := store.Report(ctx, reports.Scope{Season: "Summer 2031", RoleID: d.role}, time.Now()); err != nil ||
		own.Funnel[0] != r.Funnel[0] || len(own.Durations) != len(r.Durations) || own.Durations[0] != r.Durations[0] ||
		own.OnTime != 2 || own.Late != 1 || len(own.University) != 2 {
		t.Errorf("the role's report differs from its season's: %+v %v", own, err)
	}
	if other, err := store.Report(ctx, reports.Scope{Season: "Summer 1999"}, time.Now()); err != nil || other.Funnel[0].Reached != 0 {
		t.Errorf("another season: %+v %v", other.Funnel, err)
	}
}
