package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/pagecache"
	"example.com/careers/internal/roles"
)

// cacheProbe watches an app's page cache: the slugs its listener heard
// and each time it (re)connected.
type cacheProbe struct {
	cache     *pagecache.Cache
	heard     chan string
	connected chan struct{}
}

// withPageCache gives the app a page cache kept in step by a real
// listener on the test database, as serve does.
func withPageCache(t *testing.T, probe *cacheProbe) option {
	return func(d *Deps) {
		pool := dbtest.Pool(t)
		probe.cache = pagecache.New(8<<20, time.Minute)
		probe.heard = make(chan string, 1000)
		probe.connected = make(chan struct{}, 10)
		ctx, cancel := context.WithCancel(context.Background())
		// As cmd/careers wires it (there with the search index too).
		l := &db.Listener{Config: pool.Config().ConnConfig, Channel: roles.ChangesChannel,
			Logger: slog.New(slog.DiscardHandler), Name: "page-cache-" + t.Name()}
		l.Handle = func(slug string) {
			RoleChanged(probe.cache, slug)
			select {
			case probe.heard <- slug:
			default:
			}
		}
		l.Live = func(up bool) {
			probe.cache.SetLive(up)
			if up {
				probe.connected <- struct{}{}
			}
		}
		done := make(chan struct{})
		go func() { l.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		probe.waitConnected(t)
		d.Pages = probe.cache
	}
}

func (p *cacheProbe) waitConnected(t *testing.T) {
	t.Helper()
	select {
	case <-p.connected:
	case <-time.After(10 * time.Second):
		t.Fatal("page cache listener did not connect")
	}
}

// waitHeard waits until the listener has handled a change of slug: the
// "next request" after that must show the change.
func (p *cacheProbe) waitHeard(t *testing.T, slug string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case s := <-p.heard:
			if s == slug {
				return
			}
		case <-deadline:
			t.Fatalf("no notification for role %s", slug)
		}
	}
}

// TestPageCacheFollowsChangesOnAnotherInstance runs two app instances on
// one database, each with its own page cache: a role published, edited
// and closed through the first shows on the second's next request.
func TestPageCacheFollowsChangesOnAnotherInstance(t *testing.T) {
	var pa, pb cacheProbe
	a := newApp(t, withPageCache(t, &pa))
	b := newApp(t, withPageCache(t, &pb))
	slug := addRole(t, a.pool, "cache-follow-intern", "Cache Follow Intern", "draft", nil)
	pb.waitHeard(t, slug)
	var id int64
	if err := a.pool.QueryRow(context.Background(), `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&id); err != nil {
		t.Fatal(err)
	}

	// Instance B caches the list and the (missing) role.
	for range 2 {
		if _, body := b.get("/roles?sort=title&fbclid=x"); strings.Contains(body, "Cache Follow Intern") {
			t.Fatal("a draft is listed")
		}
	}
	before := pb.cache.Stats()
	b.get("/roles?sort=title")
	if after := pb.cache.Stats(); after.Hits != before.Hits+1 {
		t.Fatalf("the second instance did not serve the list from its cache: %+v -> %+v", before, after)
	}

	a.addAccount("cache@careers.test", "Cache Recruiter", "a long enough password", false)
	rec := a.browser()
	rec.signIn("cache@careers.test", "a long enough password")
	if res, _ := rec.post("/admin/roles/"+idStr(id)+"/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish on instance A: %d", res.StatusCode)
	}
	pb.waitHeard(t, slug)
	if _, body := b.get("/roles?sort=title"); !strings.Contains(body, "Cache Follow Intern") {
		t.Fatal("instance B's list does not show the role published on A")
	}
	if res, _ := b.get("/roles/" + slug); res.StatusCode != http.StatusOK {
		t.Fatalf("instance B's role page: %d, want 200", res.StatusCode)
	}
	b.get("/roles/" + slug) // now cached on B

	// An edit from any write path (here plain SQL) reaches B as well.
	if _, err := a.pool.Exec(context.Background(), `UPDATE roles SET title = 'Cache Follow Intern, Renamed' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	pb.waitHeard(t, slug)
	if _, body := b.get("/roles/" + slug); !strings.Contains(body, "Cache Follow Intern, Renamed") {
		t.Fatal("instance B still shows the old title")
	}

	if res, _ := rec.post("/admin/roles/"+idStr(id)+"/close", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close on instance A: %d", res.StatusCode)
	}
	pb.waitHeard(t, slug)
	if res, _ := b.get("/roles/" + slug); res.StatusCode != http.StatusGone {
		t.Fatalf("instance B's page of the closed role: %d, want 410", res.StatusCode)
	}
	if _, body := b.get("/roles?sort=title"); strings.Contains(body, "Cache Follow Intern") {
		t.Fatal("instance B still lists the closed role")
	}
	// Instance A needs no notification for its own change.
	if res, _ := a.get("/roles/" + slug); res.StatusCode != http.StatusGone {
		t.Fatalf("instance A's page of the role it closed: %d, want 410", res.StatusCode)
	}
}

func TestPageCacheAnswers304AndSharesCanonicalSearches(t *testing.T) {
	var p cacheProbe
	a := newApp(t, withPageCache(t, &p))
	addRole(t, a.pool, "etag-intern", "ETag Intern", "open", nil)
	p.waitHeard(t, "etag-intern")

	res, body := a.get("/roles?area=technology")
	tag := res.Header.Get("Etag")
	if res.StatusCode != http.StatusOK || tag == "" || !strings.Contains(body, "ETag Intern") {
		t.Fatalf("first request: %d, ETag %q", res.StatusCode, tag)
	}
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/roles?utm_campaign=fall&area=technology&page=1", nil)
	req.Header.Set("If-None-Match", tag)
	res, body = a.do(req)
	if res.StatusCode != http.StatusNotModified || body != "" {
		t.Fatalf("revalidation of the same search written differently: %d with %d bytes, want an empty 304", res.StatusCode, len(body))
	}
	if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("a 304 lacks the security headers: %v", res.Header)
	}
	if st := p.cache.Stats(); st.Stores != 1 || st.Hits != 1 {
		t.Errorf("want one page stored and served once from the cache, got %+v", st)
	}
}

// TestPrivatePagesAreNeverCached visits every kind of private page twice
// and finds the cache untouched and each response marked no-store.
func TestPrivatePagesAreNeverCached(t *testing.T) {
	var p cacheProbe
	a := newApp(t, withPageCache(t, &p))
	slug := addRole(t, a.pool, "private-cache-intern", "Private Cache Intern", "open", nil)
	res, _ := a.apply(slug, validForm("private.cache@example.edu"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	status := res.Header.Get("Location")
	a.addAccount("private@careers.test", "Private Admin", "a long enough password", true)
	rec := a.browser()
	rec.signIn("private@careers.test", "a long enough password")

	before := p.cache.Stats()
	pages := []string{status, status + "/withdraw", "/roles/" + slug + "/apply",
		"/admin", "/admin/roles", "/admin/applications", "/admin/users", "/admin/audit", "/admin/outbox"}
	for _, path := range pages {
		for range 2 {
			res, _ := rec.get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
			if res.Header.Get("Etag") != "" || !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
				t.Errorf("%s: ETag %q, Cache-Control %q: want no-store and no ETag", path,
					res.Header.Get("Etag"), res.Header.Get("Cache-Control"))
			}
		}
	}
	// Forms are never cached either: the sign-in form carries no-store,
	// and the alerts form, which holds nothing private, is simply not
	// a cached route.
	for _, path := range []string{"/admin/login", "/alerts"} {
		if res, _ := a.get(path); res.StatusCode != http.StatusOK || res.Header.Get("Etag") != "" {
			t.Errorf("%s: %d, ETag %q", path, res.StatusCode, res.Header.Get("Etag"))
		}
	}
	// A form sent back with errors is private too.
	bad := validForm("not-an-email")
	if res, _ := a.apply(slug, bad); res.StatusCode != http.StatusUnprocessableEntity || res.Header.Get("Etag") != "" {
		t.Errorf("apply with errors: %d, ETag %q", res.StatusCode, res.Header.Get("Etag"))
	}
	if after := p.cache.Stats(); after.Stores != before.Stores || after.Entries != before.Entries {
		t.Fatalf("private pages went into the cache: %+v -> %+v", before, after)
	}
}

// TestPageCacheListenerReconnectsAndFlushes cuts the listener's
// connection from the database side: it comes back by itself, and a page
// cached before the cut is not served after it, since changes made in
// between were not heard.
func TestPageCacheListenerReconnectsAndFlushes(t *testing.T) {
	var p cacheProbe
	a := newApp(t, withPageCache(t, &p))
	a.get("/faq")
	if a.get("/faq"); p.cache.Stats().Hits != 1 {
		t.Fatal("the page was not cached")
	}
	var n int
	err := a.pool.QueryRow(context.Background(), `
		SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND datname = current_database()`, "page-cache-"+t.Name()).Scan(&n)
	if err != nil || n == 0 {
		t.Fatalf("terminate the listener: %d connections, %v", n, err)
	}
	p.waitConnected(t)
	before := p.cache.Stats()
	a.get("/faq")
	if after := p.cache.Stats(); after.Hits != before.Hits || after.Misses != before.Misses+1 {
		t.Fatalf("a page from before the reconnection was served: %+v -> %+v", before, after)
	}
}
