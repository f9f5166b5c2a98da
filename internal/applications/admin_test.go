package applications_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/bulkseed"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/testkit"
)

// recruiter acts in these tests.
var recruiter = audit.Actor{Label: "Test recruiter"}

func submitted(t *testing.T, s *applications.Store, role int64, email string) int64 {
	t.Helper()
	token, err := s.Submit(context.Background(), role, input(email), applications.Resume{FileName: "cv.pdf", Data: pdf}, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.ByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

func TestTransitionsTable(t *testing.T) {
	allowed := map[[2]applications.Stage]bool{}
	for _, p := range [][2]applications.Stage{
		{"applied", "take_home"}, {"applied", "interview_1"}, {"take_home", "interview_1"},
		{"interview_1", "interview_2"}, {"interview_1", "offer"}, {"interview_2", "interview_3"},
		{"interview_2", "offer"}, {"interview_3", "offer"}, {"offer", "hired"},
	} {
		allowed[p] = true
	}
	for _, from := range applications.Stages {
		for _, to := range applications.Stages {
			want := allowed[[2]applications.Stage{from, to}] ||
				(from.Open() && (to == applications.Rejected || to == applications.Withdrawn))
			if got := applications.CanMove(from, to); got != want {
				t.Errorf("CanMove(%s, %s) = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestMoveStagesInTheStore(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "moves", roles.StatusOpen)
	id := submitted(t, s, role, "mover@example.com")

	path := []applications.Stage{"applied", "take_home", "interview_1", "interview_2", "interview_3", "offer", "hired"}
	for i := 1; i < len(path); i++ {
		if err := s.MoveStages(ctx, recruiter, []applications.Move{{ID: id, From: path[i-1], To: path[i]}}, nil); err != nil {
			t.Fatalf("%s -> %s: %v", path[i-1], path[i], err)
		}
	}
	if err := s.MoveStages(ctx, recruiter, []applications.Move{{ID: id, From: "hired", To: "rejected"}}, nil); !errors.Is(err, applications.ErrIllegalMove) {
		t.Fatalf("hired -> rejected: %v", err)
	}
	// A stale form: the recruiter saw "offer", but it is "hired" now.
	if err := s.MoveStages(ctx, recruiter, []applications.Move{{ID: id, From: "offer", To: "hired"}}, nil); !errors.Is(err, applications.ErrStale) {
		t.Fatalf("stale move: %v", err)
	}
	d, err := s.ByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Stage != applications.Hired || len(d.Events) != len(path) {
		t.Fatalf("stage %s with %d events, want hired with %d", d.Stage, len(d.Events), len(path))
	}
	if d.Events[1].Actor != "Test recruiter" {
		t.Errorf("event actor %q", d.Events[1].Actor)
	}
	if testkit.Count(t, pool, `SELECT count(*) FROM audit_log WHERE action = 'application.stage' AND subject = $1`, fmt.Sprintf("application %d", id)) != len(path)-1 {
		t.Error("stage moves are not all audited")
	}
}

// TestConcurrentMoves: two recruiters (or tabs) move the same application
// at once from the same page: one wins, the other is told it is stale,
// and only one event is written.
func TestConcurrentMoves(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "concurrent-moves", roles.StatusOpen)
	id := submitted(t, s, role, "race-move@example.com")

	const n = 10
	errs := testkit.Race(n, func(i int) error {
		to := applications.TakeHome
		if i%2 == 1 {
			to = applications.Rejected
		}
		return s.MoveStages(ctx, recruiter, []applications.Move{{ID: id, From: applications.Applied, To: to}}, nil)
	})
	testkit.ExactlyOneWins(t, errs, applications.ErrStale)
	if got := testkit.Count(t, pool, `SELECT count(*) FROM application_events WHERE application_id = $1 AND kind = 'stage'`, id); got != 2 {
		t.Fatalf("%d stage events, want applied + one move", got)
	}
}

func TestBulkMoveIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "bulk", roles.StatusOpen)
	a := submitted(t, s, role, "bulk-a@example.com")
	b := submitted(t, s, role, "bulk-b@example.com")
	c := submitted(t, s, role, "bulk-c@example.com")
	if err := s.MoveStages(ctx, recruiter, []applications.Move{{ID: c, From: "applied", To: "rejected"}}, nil); err != nil {
		t.Fatal(err)
	}
	// c is rejected already: the whole batch must fail and change nothing.
	err := s.MoveStages(ctx, recruiter, []applications.Move{
		{ID: a, From: "applied", To: "take_home"}, {ID: b, From: "applied", To: "take_home"}, {ID: c, From: "rejected", To: "take_home"},
	}, nil)
	var me *applications.MoveError
	if !errors.As(err, &me) || me.ID != c || !errors.Is(err, applications.ErrIllegalMove) {
		t.Fatalf("bulk with a bad move: %v", err)
	}
	if got := testkit.Count(t, pool, `SELECT count(*) FROM applications WHERE id = ANY ($1) AND stage = 'take_home'`, []int64{a, b}); got != 0 {
		t.Fatalf("%d applications moved by a failed batch", got)
	}
	if err := s.MoveStages(ctx, recruiter, []applications.Move{{ID: a, From: "applied", To: "take_home"}, {ID: b, From: "applied", To: "rejected"}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := testkit.Count(t, pool, `SELECT count(*) FROM applications WHERE (id = $1 AND stage = 'take_home') OR (id = $2 AND stage = 'rejected')`, a, b); got != 2 {
		t.Fatalf("good batch moved %d of 2", got)
	}
}

func TestListFilters(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "list-filters", roles.StatusOpen)
	for _, e := range []string{"percent%@example.com", "under_score@example.com", "plain@example.com"} {
		submitted(t, s, role, e)
	}
	search := func(raw string) int {
		v, _ := url.ParseQuery(raw)
		f := applications.ParseFilter(v)
		f.RoleID = role
		page, err := s.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if page.Counted {
			return page.Total
		}
		return len(page.Rows)
	}
	// Text filters match the start of a word of the name or the address
	// (whole, mailbox, domain, word by word), or a university's words
	// from the start of any, accents and case ignored; text without a
	// word matches nothing.
	cases := map[string]int{
		"":                       3,
		"q=PLAIN":                1,
		"q=plain%40example.com":  1, // the whole address
		"q=under":                1, // under_score's first word
		"q=score":                1, // and its second
		"q=example.com":          3, // the domain
		"q=%25":                  0, // a % is no word, nor a wildcard
		"q=_":                    0,
		"q=zoë":                  3, // the name all three share
		"q=ZOE":                  3, // without its accent
		"q=oë":                   0, // inside a word, not at its start
		"q=山田":                   3, // a word in another script
		"q=zo+山":                 3, // every word typed must begin one
		"q=zo+xi":                0,
		"stage=applied":          3,
		"stage=offer":            0,
		"degree=phd":             0,
		"university=montr":       3,
		"university=MONTREAL":    3,
		"university=zoe":         0, // a name is not a university
		"q=montreal":             0, // nor the other way round
		"q=%27%3B+DROP+TABLE+":   0,
		"q=it%27s+%5C+%27%27":    0, // quotes and a backslash are only text
		"university=%5C%27montr": 3,
		"university=de+montr":    3, // words in their order, from any word
		"university=montreal+de": 0, // not in another order
		"university=r%C3%A9al":   0, // nor inside a word
		"university=%21%21":      0, // no word at all
	}
	for raw, want := range cases {
		if got := search(raw); got != want {
			t.Errorf("%q: %d, want %d", raw, got, want)
		}
	}
}

// TestListStopsCountingAtTheLimit loads more applications than the list
// counts (with the benchmarks' bulk seed) and checks the page says "more
// than", clamps deep pages, and pages text searches without a count.
func TestListStopsCountingAtTheLimit(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	res, err := bulkseed.Run(ctx, pool, bulkseed.Options{Roles: 3, Applications: applications.CountLimit + 100,
		Seed: 3, Season: "Summer 2027", Now: time.Now()})
	if err != nil || res.Applications != applications.CountLimit+100 {
		t.Fatalf("bulk seed: %+v, %v", res, err)
	}
	s := applications.NewStore(pool)
	page, err := s.List(ctx, applications.Filter{Sort: "newest", Page: 1_000})
	if err != nil {
		t.Fatal(err)
	}
	if !page.Counted || page.Total != applications.CountLimit+1 {
		t.Fatalf("counted %t, total %d: want the count to stop at %d", page.Counted, page.Total, applications.CountLimit+1)
	}
	if last := applications.CountLimit / applications.AdminPageSize; page.Filter.Page != last || len(page.Rows) != applications.AdminPageSize {
		t.Fatalf("page 1000 became page %d with %d rows, want page %d, full", page.Filter.Page, len(page.Rows), last)
	}
	// A text search pages by cursor, in every sort: the next page starts
	// after the last row, the one before ends before the first, and
	// together they walk the whole list once, in order. So it does whether
	// its matches are gathered and sorted or found walking the order.
	for _, c := range []struct {
		sort string
		few  int
	}{{"newest", 1 << 30}, {"oldest", 1 << 30}, {"name", 1 << 30}, {"newest", -1}, {"oldest", -1}, {"name", -1}} {
		sort := c.sort
		s.FewMatches = c.few
		first, err := s.List(ctx, applications.Filter{Sort: sort, Page: 7, Text: "applicant"})
		if err != nil {
			t.Fatal(err)
		}
		if first.Counted || !first.More || first.Prev || len(first.Rows) != applications.AdminPageSize || first.Filter.Page != 1 {
			t.Fatalf("%s: a text search without a cursor: counted %t, more %t, prev %t, %d rows on page %d",
				sort, first.Counted, first.More, first.Prev, len(first.Rows), first.Filter.Page)
		}
		seen := map[int64]bool{}
		var walked []applications.Row
		page := first
		for n := 1; ; n++ {
			for _, r := range page.Rows {
				if seen[r.ID] {
					t.Fatalf("%s: application %d on two pages", sort, r.ID)
				}
				seen[r.ID] = true
			}
			walked = append(walked, page.Rows...)
			if !page.More {
				break
			}
			next, err := s.List(ctx, applications.Filter{Sort: sort, Page: n + 1, Text: "applicant", After: page.Rows[len(page.Rows)-1].ID})
			if err != nil {
				t.Fatal(err)
			}
			if !next.Prev || next.Filter.Page != n+1 {
				t.Fatalf("%s: page %d: prev %t, page %d", sort, n+1, next.Prev, next.Filter.Page)
			}
			// Back from it is the page it came from.
			back, err := s.List(ctx, applications.Filter{Sort: sort, Page: n, Text: "applicant", Before: next.Rows[0].ID})
			if err != nil || len(back.Rows) != len(page.Rows) || back.Rows[0].ID != page.Rows[0].ID || !back.More || back.Prev != (n > 1) {
				t.Fatalf("%s: back from page %d: %d rows, more %t, prev %t, %v", sort, n+1, len(back.Rows), back.More, back.Prev, err)
			}
			page = next
		}
		if len(walked) != applications.CountLimit+100 {
			t.Fatalf("%s (few %d): walked %d applications, want %d", sort, c.few, len(walked), applications.CountLimit+100)
		}
		order := map[string]string{"newest": "created_at DESC, id DESC", "oldest": "created_at, id", "name": "lower(full_name), id"}[sort]
		rows, err := pool.Query(ctx, `SELECT id FROM applications WHERE email LIKE 'applicant%' ORDER BY `+order)
		if err != nil {
			t.Fatal(err)
		}
		want, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range want {
			if walked[i].ID != id {
				t.Fatalf("%s: row %d is %d, want %d", sort, i, walked[i].ID, id)
			}
		}
	}
	// A cursor naming no application is the first page.
	if p, err := s.List(ctx, applications.Filter{Sort: "name", Page: 4, Text: "applicant", After: 1 << 60}); err != nil || p.Filter.Page != 1 || p.Prev {
		t.Fatalf("an unknown cursor: page %d, prev %t, %v", p.Filter.Page, p.Prev, err)
	}
}

// TestCountedListPages walks every page of a counted list (all its
// matches gathered and sorted, since they are fewer than the count limit)
// in each sort: each page holds the next rows of the list's order, the
// last the remainder, and a page past the end shows the last.
func TestCountedListPages(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "counted-pages", roles.StatusOpen)
	const n = 2*applications.AdminPageSize + 7
	for i := range n {
		// Names and times in an order of their own, neither the ids' nor
		// each other's, some names alike but for case and accents.
		id := submitted(t, s, role, fmt.Sprintf("counted-%d@example.edu", i))
		names := []string{"Émile Ñúñez", "émile Nunez", "O'Brien Zoë", "山田 花子", "Ada Lovelace"}
		if _, err := pool.Exec(ctx, `UPDATE applications SET full_name = $2, created_at = $3 WHERE id = $1`,
			id, fmt.Sprintf("%s %02d", names[i%len(names)], i*37%n), now.Add(-time.Duration(i*23%n)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	for sort, order := range map[string]string{"newest": "created_at DESC, id DESC", "oldest": "created_at, id", "name": "lower(full_name), id"} {
		rows, err := pool.Query(ctx, `SELECT id FROM applications WHERE role_id = $1 ORDER BY `+order, role)
		if err != nil {
			t.Fatal(err)
		}
		want, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil || len(want) != n {
			t.Fatalf("%d applications, %v", len(want), err)
		}
		var got []int64
		for page := 1; page <= 3; page++ {
			p, err := s.List(ctx, applications.Filter{RoleID: role, Sort: sort, Page: page})
			if err != nil {
				t.Fatal(err)
			}
			if !p.Counted || p.Total != n || p.Filter.Page != page || p.More != (page < 3) {
				t.Fatalf("%s page %d: counted %t, total %d, page %d, more %t", sort, page, p.Counted, p.Total, p.Filter.Page, p.More)
			}
			for _, r := range p.Rows {
				got = append(got, r.ID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the pages hold %v, want %v", sort, got, want)
		}
		past, err := s.List(ctx, applications.Filter{RoleID: role, Sort: sort, Page: 9})
		if err != nil || past.Filter.Page != 3 || len(past.Rows) != 7 {
			t.Errorf("%s: page 9 became page %d with %d rows (%v), want page 3 with 7", sort, past.Filter.Page, len(past.Rows), err)
		}
	}
}

// TestListTimeout: a list that cannot answer in time (here, held up by
// a lock) stops with ErrListTimeout instead of hanging.
func TestListTimeout(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	s.ListTimeout = 200 * time.Millisecond
	role := newRole(t, pool, "list-timeout", roles.StatusOpen)
	submitted(t, s, role, "siobhan.ni-bhriain@example.com")
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `LOCK TABLE applications IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	for _, f := range []applications.Filter{{Sort: "newest"}, {Sort: "name", Text: "siobhán"}} {
		if _, err := s.List(ctx, f); !errors.Is(err, applications.ErrListTimeout) {
			t.Fatalf("%+v: %v, want ErrListTimeout", f, err)
		}
	}
	_ = tx.Rollback(ctx)
	if page, err := s.List(ctx, applications.Filter{Sort: "name", Text: "siobhán", RoleID: role}); err != nil || len(page.Rows) != 1 {
		t.Fatalf("after the lock: %d rows, %v", len(page.Rows), err)
	}
}
