package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func page(body string) *Page {
	return NewPage(http.StatusOK, http.Header{"Content-Type": {"text/html; charset=utf-8"}}, []byte(body))
}

func TestCacheStoresServesAndInvalidatesByTag(t *testing.T) {
	c := New(1<<20, time.Minute)
	if c.Put("/a", c.Generation(), nil, page("a")) {
		t.Fatal("stored while not live: a change could have been missed")
	}
	c.SetLive(true)
	c.Put("/roles", c.Generation(), []string{"roles"}, page("list"))
	c.Put("/roles/x", c.Generation(), []string{"role:x"}, page("x"))
	c.Put("/roles/y", c.Generation(), []string{"role:y"}, page("y"))
	c.Put("/faq", c.Generation(), nil, page("faq"))

	c.Invalidate("roles", "role:x")
	for key, want := range map[string]bool{"/roles": false, "/roles/x": false, "/roles/y": true, "/faq": true} {
		if got := c.Get(key) != nil; got != want {
			t.Errorf("after invalidating role x, cached %s = %v, want %v", key, got, want)
		}
	}
	c.SetLive(false)
	if c.Get("/faq") != nil {
		t.Error("served a page while not live")
	}
	c.SetLive(true)
	if c.Get("/faq") != nil {
		t.Error("a page from before the listener reconnected survived")
	}
}

func TestCacheRefusesAPageRenderedAcrossAnInvalidation(t *testing.T) {
	c := New(1<<20, time.Minute)
	c.SetLive(true)
	gen := c.Generation() // a request starts rendering...
	c.Invalidate("roles") // ...a role changes meanwhile...
	if c.Put("/roles", gen, []string{"roles"}, page("stale")) {
		t.Fatal("stored a page that may predate the change")
	}
	if c.Get("/roles") != nil {
		t.Fatal("stale page served")
	}
}

func TestCacheEvictsLeastRecentlyUsedAndExpires(t *testing.T) {
	body := strings.Repeat("x", 1000)
	c := New(4*page(body).size(), time.Minute)
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	c.SetLive(true)
	for _, k := range []string{"/1", "/2", "/3", "/4"} {
		c.Put(k, c.Generation(), nil, page(body))
	}
	c.Get("/1") // now /2 is the least recently used
	c.Put("/5", c.Generation(), nil, page(body))
	if c.Get("/2") != nil || c.Get("/1") == nil || c.Get("/5") == nil {
		t.Fatal("the least recently used page should have gone, and only it")
	}
	if st := c.Stats(); st.Evictions != 1 || st.Bytes > 4*page(body).size() {
		t.Fatalf("stats %+v: want one eviction and the size within the limit", st)
	}
	now = now.Add(time.Minute)
	if c.Get("/1") != nil {
		t.Fatal("a page past its age limit was served")
	}
}

func TestPageNegotiatesEncodingAndRevalidates(t *testing.T) {
	body := strings.Repeat("<p>Summer internships</p>\n", 200)
	p := page(body)
	get := func(headers ...string) *http.Response {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		for i := 0; i < len(headers); i += 2 {
			r.Header.Set(headers[i], headers[i+1])
		}
		w := httptest.NewRecorder()
		p.ServeHTTP(w, r)
		return w.Result()
	}
	decode := map[string]func(io.Reader) io.Reader{
		"":     func(r io.Reader) io.Reader { return r },
		"gzip": func(r io.Reader) io.Reader { z, _ := gzip.NewReader(r); return z },
		"br":   func(r io.Reader) io.Reader { return brotli.NewReader(r) },
	}
	etags := map[string]bool{}
	for accept, want := range map[string]string{
		"":                        "",
		"gzip, deflate":           "gzip",
		"gzip, deflate, br, zstd": "br",
		"br;q=0, gzip":            "gzip",
		"br;q=0.000":              "",
		"identity":                "",
		"GZIP;q=0.5":              "gzip",
	} {
		res := get("Accept-Encoding", accept)
		if got := res.Header.Get("Content-Encoding"); got != want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", accept, got, want)
			continue
		}
		got, err := io.ReadAll(decode[want](res.Body))
		if err != nil || string(got) != body {
			t.Errorf("Accept-Encoding %q: body does not decode to the page (%v)", accept, err)
		}
		if res.Header.Get("Vary") != "Accept-Encoding" || res.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("Accept-Encoding %q: headers %v", accept, res.Header)
		}
		etags[res.Header.Get("Etag")] = true
		if want != "" && res.ContentLength >= int64(len(body)) {
			t.Errorf("%s is no smaller than the page", want)
		}
	}
	if len(etags) != 3 {
		t.Errorf("want one ETag per coding, got %v", etags)
	}
	for tag := range etags {
		if res := get("If-None-Match", `"other", `+tag); res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match %s: %d, want 304", tag, res.StatusCode)
		}
		if res := get("If-None-Match", "W/"+tag, "Accept-Encoding", "gzip"); res.StatusCode != http.StatusNotModified {
			t.Errorf("weak If-None-Match %s: %d, want 304", tag, res.StatusCode)
		}
	}
	if res := get("If-None-Match", `"something-else"`); res.StatusCode != http.StatusOK {
		t.Errorf("a stale ETag got %d, want the page", res.StatusCode)
	}
	gone := NewPage(http.StatusGone, nil, []byte("closed"))
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("If-None-Match", "*")
	gone.ServeHTTP(w, r)
	if w.Code != http.StatusGone || w.Header().Get("Etag") != "" || !bytes.Equal(w.Body.Bytes(), []byte("closed")) {
		t.Errorf("a 410 page: %d %v", w.Code, w.Header())
	}
}

func TestHandlerStoresOnlyShareableResponses(t *testing.T) {
	c := New(1<<20, time.Minute)
	c.SetLive(true)
	calls := 0
	h := c.Handler(Rule{
		Key:  func(r *http.Request) string { return r.URL.Path },
		Tags: func(*http.Request, int) []string { return nil },
	}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		switch r.URL.Path {
		case "/cookie":
			http.SetCookie(w, &http.Cookie{Name: "a", Value: "b"})
		case "/private":
			w.Header().Set("Cache-Control", "no-store")
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
		}
		_, _ = io.WriteString(w, "hello")
	}))
	for _, path := range []string{"/page", "/cookie", "/private", "/missing"} {
		calls = 0
		for range 3 {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
			if w.Body.String() != "hello" {
				t.Fatalf("%s: body %q", path, w.Body.String())
			}
		}
		want := 3
		if path == "/page" {
			want = 1
		}
		if calls != want {
			t.Errorf("%s: the handler ran %d times for 3 requests, want %d", path, calls, want)
		}
	}
}

func TestAcceptsIgnoresOtherCodings(t *testing.T) {
	if br, gz := accepts("deflate, zstd, *;q=0.1"); br || gz {
		t.Error("a wildcard or other codings must not choose a coding the client did not name")
	}
}

// BenchmarkHit is a cache hit served in brotli: lookup, negotiation,
// headers and the write.
func BenchmarkHit(b *testing.B) {
	c := New(1<<20, time.Hour)
	c.SetLive(true)
	c.Put("/", c.Generation(), nil, page(strings.Repeat("<p>Summer internships</p>\n", 800)))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
	w := &nullWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		c.Get("/").ServeHTTP(w, req)
	}
}

type nullWriter struct{ h http.Header }

func (n *nullWriter) Header() http.Header         { return n.h }
func (n *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
func (n *nullWriter) WriteHeader(int)             {}

// TestHandlerServesStalePagesWhenTheSourceFails: while the database is
// out of reach (the handler answers 503), a page cached before is served
// instead of the error, for up to StaleIfError after it was stored, live
// or not; a page never cached gets the 503; any other answer is passed
// on; coming live again drops what was kept.
func TestHandlerServesStalePagesWhenTheSourceFails(t *testing.T) {
	c := New(1<<20, time.Minute)
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	c.SetLive(true)
	down, version := false, "v1"
	h := c.Handler(Rule{
		Key:  func(r *http.Request) string { return r.URL.Path },
		Tags: func(*http.Request, int) []string { return nil },
	}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/gone":
			w.WriteHeader(http.StatusNotFound)
		case down:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_, _ = io.WriteString(w, r.URL.Path+" "+version) //nolint:gosec // G705: a test handler writing its own path to a recorder
	}))
	get := func(path string) (int, string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w.Code, w.Body.String()
	}
	get("/roles")
	get("/gone")
	version = "v2"

	// The database goes away; the listener notices.
	down = true
	c.SetLive(false)
	if code, body := get("/roles"); code != http.StatusOK || body != "/roles v1" {
		t.Fatalf("a cached page in an outage: %d %q, want the page stored before", code, body)
	}
	if code, _ := get("/never"); code != http.StatusServiceUnavailable {
		t.Fatalf("a page never cached in an outage: %d, want 503", code)
	}
	if code, _ := get("/gone"); code != http.StatusNotFound {
		t.Fatalf("a 404 in an outage: %d", code)
	}
	if st := c.Stats(); st.Stale != 1 {
		t.Errorf("stale pages served: %d, want 1", st.Stale)
	}
	// Up to the bound, measured from when it was stored.
	now = now.Add(StaleIfError - time.Second)
	if code, _ := get("/roles"); code != http.StatusOK {
		t.Fatalf("%s after it was stored: %d, want the stale page", StaleIfError-time.Second, code)
	}
	now = now.Add(time.Second)
	if code, _ := get("/roles"); code != http.StatusServiceUnavailable {
		t.Fatalf("%s after it was stored: %d, want 503", StaleIfError, code)
	}

	// Live, past its age limit, and the database fails before the
	// listener notices: the page still stands in for the error.
	c.SetLive(true)
	down = false
	get("/faq")
	now = now.Add(2 * time.Minute)
	down = true
	if code, body := get("/faq"); code != http.StatusOK || body != "/faq v2" {
		t.Fatalf("an expired page when the handler fails: %d %q", code, body)
	}
	// Coming live again drops it: changes may have been missed.
	c.SetLive(false)
	c.SetLive(true)
	if code, _ := get("/faq"); code != http.StatusServiceUnavailable {
		t.Fatalf("a page kept across a reconnection: %d, want 503", code)
	}
}
