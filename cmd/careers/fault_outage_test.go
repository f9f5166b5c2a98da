package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/token"
)

// applyStream is simulated students applying, each submission retried
// a few times on a 503 or a broken connection, like a person pressing
// submit again (after 0.25, 0.5, 1 and 2 s), and what came of it.
type applyStream struct {
	mu          sync.Mutex
	submissions int                     // distinct applications attempted
	posts       int                     // POST requests sent
	refused     int                     // answered 503
	connErrors  int                     // no answer at all
	gaveUp      []faultStudent          // never acknowledged after every retry
	acked       map[string]faultStudent // by status token: acknowledged with a 303
	unexpected  []string                // any other answer
}

const (
	streamStudents = 6
	streamRetries  = 5
)

func (s *applyStream) ackedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.acked)
}

func (s *applyStream) refusedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// run makes student i submit one application after another until stop.
func (s *applyStream) run(i int, base, slug string, stop <-chan struct{}) {
	for j := 0; ; j++ {
		select {
		case <-stop:
			return
		default:
		}
		st := newFaultStudent(fmt.Sprintf("Student %d-%d", i, j), fmt.Sprintf("s%d.a%d@outage.example.edu", i, j),
			fmt.Sprintf("10.%d.%d.%d", 1+i, j/250, 1+j%250))
		s.mu.Lock()
		s.submissions++
		s.mu.Unlock()
		s.submit(st, base, slug)
	}
}

func (s *applyStream) submit(st faultStudent, base, slug string) {
	wait := 250 * time.Millisecond
	for range streamRetries {
		p, err := st.apply(base, slug)
		s.mu.Lock()
		s.posts++
		switch {
		case err != nil:
			s.connErrors++
		case p.status == http.StatusSeeOther && faultStatusLink.MatchString(p.location):
			token := faultStatusLink.FindStringSubmatch(p.location)[1]
			if prev, ok := s.acked[token]; ok && prev.email != st.email {
				s.unexpected = append(s.unexpected, fmt.Sprintf("%s and %s were given the same status link", prev.email, st.email))
			}
			s.acked[token] = st
			s.mu.Unlock()
			return
		case p.status == http.StatusServiceUnavailable:
			s.refused++
		default:
			s.unexpected = append(s.unexpected, fmt.Sprintf("%s: %d %q %.300s", st.email, p.status, p.location, p.body))
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		// Pressing submit again after a moment, then after a longer one.
		time.Sleep(wait)
		wait *= 2
	}
	s.mu.Lock()
	s.gaveUp = append(s.gaveUp, st)
	s.mu.Unlock()
}

// faultWait polls cond every 50 ms until it holds or limit passes.
func faultWait(limit time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(limit); ; time.Sleep(50 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// TestFaultDatabaseOutageMidStream runs the real binary against a
// PostgreSQL of the test's own, keeps students applying, and kills
// PostgreSQL in the middle (pg_ctl stop -m immediate: every PostgreSQL
// process ends at once, as in a crash, so the restart recovers from the
// write-ahead log; a clean "fast" stop would prove less about committed
// data and about transactions cut off half-way). While it is down, pages
// that need it answer the friendly 503, /readyz says 503 and content
// pages still serve. After PostgreSQL starts again on the same port the
// app recovers without a restart, and every acknowledged application is
// in the database exactly once, behind the status link it was given.
func TestFaultDatabaseOutageMidStream(t *testing.T) {
	bin := careersBinary(t)
	t.Parallel()
	cluster := dbtest.NewCluster(t)
	env := map[string]string{"DATABASE_URL": cluster.URL()}
	careersCommand(t, bin, env, "", "migrate", "up")
	careersCommand(t, bin, env, "", "seed")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var slug string
	conn, err := pgx.Connect(ctx, cluster.URL())
	if err != nil {
		t.Fatal(err)
	}
	err = conn.QueryRow(ctx, `
		SELECT slug FROM roles
		WHERE status = 'open' AND closes_at IS NULL AND 'bachelors' = ANY (degree_levels)
		ORDER BY slug LIMIT 1`).Scan(&slug)
	conn.Close(ctx)
	if err != nil {
		t.Fatalf("an open demo role: %v", err)
	}

	app := startCareers(t, bin, map[string]string{"DATABASE_URL": cluster.URL(), "TRUSTED_PROXY_HEADER": "X-Real-IP", "METRICS_TOKEN": faultMetricsToken})
	if p := faultGet(t, app.base+"/readyz"); p.status != http.StatusOK {
		t.Fatalf("/readyz before the outage: %d", p.status)
	}

	stream := &applyStream{acked: map[string]faultStudent{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range streamStudents {
		wg.Go(func() { stream.run(i, app.base, slug, stop) })
	}
	stopStream := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer stopStream()

	if !faultWait(30*time.Second, func() bool { return stream.ackedCount() >= 20 }) {
		t.Fatalf("the stream never got going: %d applications acknowledged", stream.ackedCount())
	}
	var someToken string
	stream.mu.Lock()
	for token := range stream.acked {
		someToken = token
		break
	}
	stream.mu.Unlock()

	// Pages read just before the outage are in the page cache.
	cachedBefore := map[string]string{}
	for _, path := range []string{"/roles", "/roles/" + slug} {
		p := faultGet(t, app.base+path)
		if p.status != http.StatusOK {
			t.Fatalf("GET %s before the outage: %d", path, p.status)
		}
		cachedBefore[path] = p.body
	}

	// PostgreSQL goes away mid-stream.
	cluster.Stop(t, "immediate")
	down := time.Now()
	ackedBefore, refusedBefore := stream.ackedCount(), stream.refusedCount()

	if !faultWait(5*time.Second, func() bool { return faultGet(t, app.base+"/readyz").status == http.StatusServiceUnavailable }) {
		t.Error("/readyz did not turn 503 within 5s of the database going away")
	}
	// The page cache stops serving fresh pages once its listener notices
	// the lost connection, which takes a moment; a search nobody made
	// before cannot be answered.
	if !faultWait(5*time.Second, func() bool { return faultGet(t, app.base+"/roles?q=engineer").status == http.StatusServiceUnavailable }) {
		t.Error("an uncached search did not turn 503 within 5s of the database going away")
	}
	for _, path := range []string{"/roles?q=engineer", "/roles/" + slug + "/apply", "/applications/" + someToken} {
		assertFriendly503(t, "GET "+path+" while the database is down", faultGet(t, app.base+path))
	}
	// The pages cached before stand in for the 503 (stale-if-error).
	for path, body := range cachedBefore {
		if p := faultGet(t, app.base+path); p.status != http.StatusOK || p.body != body {
			t.Errorf("GET %s while the database is down: %d, want 200 with the page cached before the outage", path, p.status)
		}
	}
	if m := faultScrape(t, app.base); faultMetric(t, m, "careers_page_cache_stale_total") < 2 {
		t.Error("careers_page_cache_stale_total did not count the stale pages")
	}
	late := newFaultStudent("Late Student", "late@outage.example.edu", "10.99.0.1")
	p, err := late.apply(app.base, slug)
	if err != nil {
		t.Fatalf("apply while the database is down: %v", err)
	}
	assertFriendly503(t, "apply while the database is down", p)
	if !strings.Contains(p.body, "was not saved") {
		t.Errorf("the 503 for a form does not say it was not saved:\n%.400s", p.body)
	}
	for _, path := range []string{"/", "/timeline", "/interviews", "/prepare", "/tips", "/faq", "/healthz"} {
		if p := faultGet(t, app.base+path); p.status != http.StatusOK {
			t.Errorf("GET %s while the database is down: %d, want 200", path, p.status)
		}
	}
	if p := faultGet(t, app.base+"/readyz"); p.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz while the database is down: %d, want 503", p.status)
	}
	// Students keep pressing submit for a while.
	time.Sleep(time.Until(down.Add(3 * time.Second)))
	ackedDown := stream.ackedCount() - ackedBefore
	refusedDown := stream.refusedCount() - refusedBefore

	// PostgreSQL comes back on the same port: the app recovers by itself.
	cluster.Start(t)
	downFor := time.Since(down)
	if !faultWait(15*time.Second, func() bool { return faultGet(t, app.base+"/readyz").status == http.StatusOK }) {
		t.Fatal("/readyz did not return to 200 within 15s of the database coming back")
	}
	ackedUp := stream.ackedCount()
	if !faultWait(30*time.Second, func() bool { return stream.ackedCount() >= ackedUp+20 }) {
		t.Errorf("applications did not flow again after the database came back: %d acknowledged since", stream.ackedCount()-ackedUp)
	}
	stopStream()
	select {
	case <-app.done:
		t.Fatalf("the app exited during the outage: %v", app.err)
	default:
	}
	for _, path := range []string{"/roles", "/roles/" + slug, "/roles/" + slug + "/apply"} {
		if p := faultGet(t, app.base+path); p.status != http.StatusOK {
			t.Errorf("GET %s after the database came back: %d, want 200", path, p.status)
		}
	}
	p, err = late.apply(app.base, slug)
	if err != nil || p.status != http.StatusSeeOther || !faultStatusLink.MatchString(p.location) {
		t.Fatalf("apply after the database came back: %v %d %q", err, p.status, p.location)
	}
	stream.acked[faultStatusLink.FindStringSubmatch(p.location)[1]] = late

	for _, u := range stream.unexpected {
		t.Errorf("unexpected answer: %s", u)
	}
	if refusedDown == 0 {
		t.Error("no student was refused with a 503 while the database was down: the outage was not exercised")
	}

	// Compare what students were told with what PostgreSQL kept.
	conn, err = pgx.Connect(ctx, cluster.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Those who gave up come back later and send their form once more.
	// An application whose commit reached PostgreSQL just before the
	// crash, though its answer did not reach the app, is found again by
	// its form's key: the student gets its status link, not a second row.
	inDoubt := 0
	linkOf := func(tok string) int64 {
		var id int64
		err := conn.QueryRow(ctx, `SELECT application_id FROM application_links WHERE token_hash = $1`, token.Hash(tok)).Scan(&id)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		return id
	}
	for _, st := range stream.gaveUp {
		var stored int64
		err := conn.QueryRow(ctx, `SELECT id FROM applications WHERE lower(email) = lower($1)`, st.email).Scan(&stored)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		p, err := st.apply(app.base, slug)
		if err != nil || p.status != http.StatusSeeOther || !faultStatusLink.MatchString(p.location) {
			t.Errorf("%s sending the form again after the outage: %v %d %q", st.email, err, p.status, p.location)
			continue
		}
		tok := faultStatusLink.FindStringSubmatch(p.location)[1]
		if stored != 0 {
			inDoubt++
			if got := linkOf(tok); got != stored {
				t.Errorf("%s's application %d was stored before the crash; sent again, its link opens %d", st.email, stored, got)
			}
		}
		stream.acked[tok] = st
	}
	for tok, st := range stream.acked {
		rows, _ := conn.Query(ctx, `
			SELECT a.id, a.full_name FROM applications a JOIN roles r ON r.id = a.role_id
			WHERE r.slug = $1 AND lower(a.email) = lower($2)`, slug, st.email)
		type row struct {
			ID       int64  `db:"id"`
			FullName string `db:"full_name"`
		}
		got, err := pgx.CollectRows(rows, pgx.RowToStructByName[row])
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || linkOf(tok) != got[0].ID || got[0].FullName != st.name {
			t.Errorf("%s was acknowledged with %s…, the database holds %+v", st.email, tok[:8], got)
		}
	}
	var doubled, stored int
	if err := conn.QueryRow(ctx, `
		SELECT count(*) FROM (SELECT FROM applications GROUP BY role_id, lower(email) HAVING count(*) > 1) d`).Scan(&doubled); err != nil {
		t.Fatal(err)
	}
	if doubled != 0 {
		t.Errorf("%d emails have more than one application for a role", doubled)
	}
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM applications`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != len(stream.acked) {
		t.Errorf("%d applications stored, %d acknowledged: every student has sent their form until it was acknowledged", stored, len(stream.acked))
	}
	for token, st := range stream.acked {
		p := faultGet(t, app.base+"/applications/"+token)
		if p.status != http.StatusOK || !strings.Contains(p.body, "Hello "+st.name+".") {
			t.Errorf("status link of %s: %d, does not greet them", st.email, p.status)
		}
	}
	t.Logf("PostgreSQL down for %s (pg_ctl stop -m immediate, then start on the same port). "+
		"%d applications attempted (by %d students in a stream, and one by hand) in %d POSTs: "+
		"%d answered 503, %d requests got no answer, %d acknowledged with a 303 during the stream (%d between the stop and the start); "+
		"%d given up after %d tries and sent again after the outage, %d of which had been committed just before the crash and were found by their form's key. "+
		"%d rows stored, %d acknowledged applications compared with them, no email twice, %d status links opened.",
		downFor.Round(100*time.Millisecond), stream.submissions+1, streamStudents, stream.posts+2+len(stream.gaveUp),
		stream.refused+1, stream.connErrors, len(stream.acked)-len(stream.gaveUp), ackedDown,
		len(stream.gaveUp), streamRetries, inDoubt, stored, len(stream.acked), len(stream.acked))
}
