package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
)

// stageFrom and stageTo read the stage form of an admin application
// page: the stage the recruiter saw and the moves offered from it.
var (
	stageFrom = regexp.MustCompile(`<input type="hidden" name="from" value="([a-z_0-9]+)"`)
	stageTo   = regexp.MustCompile(`name="to" value="([a-z_0-9]+)"`)
)

// TestFaultTwoInstancesOneDatabase runs two real processes on two ports
// against one database, as behind a load balancer: a recruiter signed in
// on A is signed in on B; a role published on A shows at once on B's
// already cached public pages; and a stage move made on A makes B's
// older form stale, so submitting it changes nothing.
func TestFaultTwoInstancesOneDatabase(t *testing.T) {
	bin := careersBinary(t)
	t.Parallel()
	// A database of its own: the cache checks below count on no other
	// test changing roles (and so notifying) meanwhile.
	dbURL := dbtest.OwnURL(t)
	ctx := context.Background()
	pool, err := db.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	run := time.Now().UnixNano()
	email, password := fmt.Sprintf("two.%d@careers.test", run), "two instances, one database"
	env := map[string]string{"DATABASE_URL": dbURL, "TRUSTED_PROXY_HEADER": "X-Real-IP", "METRICS_TOKEN": faultMetricsToken}
	careersCommand(t, bin, env, password+"\n", "user", "add", "--email", email, "--name", "Tess Twoinstances")
	a := startCareers(t, bin, env)
	b := startCareers(t, bin, env)
	const recruiterIP = "10.210.0.1"

	// A session made on A is good on B.
	res := faultPost(t, a.base+"/admin/login", url.Values{"email": {email}, "password": {password}}, recruiterIP)
	if res.status != http.StatusSeeOther || res.location != "/admin" {
		t.Fatalf("sign in on A: %d %q", res.status, res.location)
	}
	var session *http.Cookie
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == "careers_session" {
			session = c
		}
	}
	if session == nil {
		t.Fatal("no session cookie from A")
	}
	if p := faultGet(t, b.base+"/admin"); p.status != http.StatusSeeOther {
		t.Fatalf("B's dashboard without a session: %d, want the redirect to sign in", p.status)
	}
	if p := faultGet(t, b.base+"/admin", session); p.status != http.StatusOK || !strings.Contains(p.body, "Sign out") {
		t.Fatalf("B's dashboard with A's session: %d", p.status)
	}

	// B caches a search before the role is published (the draft's page
	// is a 404, which is never cached).
	word := fmt.Sprintf("Quokka%d", run%1000000)
	title := word + " Playback Intern"
	slug := strings.ToLower(word) + "-playback-intern"
	id := faultRole(t, pool, slug, title, "draft")
	rolePath := "/admin/roles/" + strconv.FormatInt(id, 10)
	list := "/roles?q=" + word
	if !faultWait(10*time.Second, func() bool { return faultMetric(t, faultScrape(t, b.base), "careers_page_cache_live") == 1 }) {
		t.Fatal("B's page cache never went live")
	}
	hits := func() float64 { return faultMetric(t, faultScrape(t, b.base), "careers_page_cache_hits_total") }
	before := hits()
	for range 2 {
		if p := faultGet(t, b.base+list); p.status != http.StatusOK || strings.Contains(p.body, title) {
			t.Fatalf("B's search before publishing: %d, lists the draft: %v", p.status, strings.Contains(p.body, title))
		}
	}
	if p := faultGet(t, b.base+"/roles/"+slug); p.status != http.StatusNotFound {
		t.Fatalf("B's page of the draft: %d, want 404", p.status)
	}
	if got := hits() - before; got != 1 {
		t.Fatalf("B served the repeated search %v times from its cache, want 1: the test would prove nothing", got)
	}

	// Published on A: B shows it at once.
	if res := faultPost(t, a.base+rolePath+"/publish", nil, recruiterIP, session); res.status != http.StatusSeeOther {
		t.Fatalf("publish on A: %d", res.status)
	}
	published := time.Now()
	if !faultWait(3*time.Second, func() bool {
		return strings.Contains(faultGet(t, b.base+list).body, title) && faultGet(t, b.base+"/roles/"+slug).status == http.StatusOK
	}) {
		t.Fatal("B's cached search did not list the role published on A within 3s")
	}
	shownAfter := time.Since(published)

	// B caches the role's page; closed on A, B's page says so at once.
	before = hits()
	faultGet(t, b.base+"/roles/"+slug)
	if got := hits() - before; got != 1 {
		t.Fatalf("B did not serve the role's page from its cache (%v hits)", got)
	}
	if res := faultPost(t, a.base+rolePath+"/close", nil, recruiterIP, session); res.status != http.StatusSeeOther {
		t.Fatalf("close on A: %d", res.status)
	}
	closed := time.Now()
	if !faultWait(3*time.Second, func() bool {
		return faultGet(t, b.base+"/roles/"+slug).status == http.StatusGone && !strings.Contains(faultGet(t, b.base+list).body, title)
	}) {
		t.Fatal("B's cached role page and search still showed the role as open 3s after A closed it")
	}
	goneAfter := time.Since(closed)
	if res := faultPost(t, a.base+rolePath+"/reopen", nil, recruiterIP, session); res.status != http.StatusSeeOther {
		t.Fatalf("reopen on A: %d", res.status)
	}

	// A stage moved on A makes B's form stale.
	student := newFaultStudent("Stella Stale", fmt.Sprintf("stale.%d@two.example.edu", run), "10.210.0.2")
	p, err := student.apply(a.base, slug)
	if err != nil || p.status != http.StatusSeeOther {
		t.Fatalf("apply on A: %v %d", err, p.status)
	}
	var appID int64
	if err := pool.QueryRow(ctx, `SELECT id FROM applications WHERE email = $1`, student.email).Scan(&appID); err != nil {
		t.Fatal(err)
	}
	appPath := "/admin/applications/" + strconv.FormatInt(appID, 10)
	pageA, pageB := faultGet(t, a.base+appPath, session), faultGet(t, b.base+appPath, session)
	if pageA.status != http.StatusOK || pageB.status != http.StatusOK {
		t.Fatalf("application page: A %d, B %d", pageA.status, pageB.status)
	}
	fromB := stageFrom.FindStringSubmatch(pageB.body)
	if fromB == nil || fromB[1] != "applied" || !strings.Contains(pageB.body, `name="to" value="rejected"`) {
		t.Fatalf("B's stage form: from %v, moves %v", fromB, stageTo.FindAllStringSubmatch(pageB.body, -1))
	}
	if !strings.Contains(pageA.body, `name="to" value="take_home"`) {
		t.Fatalf("A's stage form offers no take-home: %v", stageTo.FindAllStringSubmatch(pageA.body, -1))
	}
	if res := faultPost(t, a.base+appPath+"/stage", url.Values{"from": {"applied"}, "to": {"take_home"}}, recruiterIP, session); res.status != http.StatusSeeOther {
		t.Fatalf("move on A: %d", res.status)
	}
	res = faultPost(t, b.base+appPath+"/stage", url.Values{"from": {fromB[1]}, "to": {"rejected"}}, recruiterIP, session)
	if res.status != http.StatusConflict || !strings.Contains(res.body, "changed in the meantime") {
		t.Fatalf("B's stale move: %d, want 409 with the stale message:\n%.600s", res.status, res.body)
	}
	var stage string
	var moves int
	if err := pool.QueryRow(ctx, `
		SELECT a.stage, (SELECT count(*) FROM application_events e WHERE e.application_id = a.id AND e.kind = 'stage' AND e.to_stage <> 'applied')
		FROM applications a WHERE a.id = $1`, appID).Scan(&stage, &moves); err != nil {
		t.Fatal(err)
	}
	if stage != "take_home" || moves != 1 {
		t.Fatalf("after A's move and B's stale one: stage %s with %d move events, want take_home and 1", stage, moves)
	}
	t.Logf("two processes, one database: A's session opened B's dashboard; the role published on A showed on B's cached search after %s, "+
		"and closed on A, B's cached role page said so after %s; B's stale move was refused with 409, the application stayed at take_home with 1 move event",
		shownAfter.Round(10*time.Millisecond), goneAfter.Round(10*time.Millisecond))
}
