package server

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// TestEveryPage checks each content page answers 200 inside the layout,
// with its title and the navigation marking it as current.
func TestEveryPage(t *testing.T) {
	a := newApp(t)
	pages := []struct{ path, title, nav string }{
		{"/", "Your first season at Netflix", "Overview"},
		{"/timeline", "Where and when to apply", "Timeline"},
		{"/interviews", "How our interviews work", "Interviews"},
		{"/prepare", "How to prepare", "Prepare"},
		{"/tips", "Tips for the interview", "Tips"},
		{"/faq", "Frequently asked questions", "FAQ"},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			res, body := a.get(p.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("content type %q", ct)
			}
			if !strings.Contains(body, "<title>"+p.title+" · Netflix Internships</title>") {
				t.Errorf("missing <title> %q", p.title)
			}
			if !strings.Contains(body, "<h1>"+p.title+"</h1>") {
				t.Errorf("missing heading %q", p.title)
			}
			current := regexp.MustCompile(`<a href="([^"]*)" aria-current="page">([^<]*)</a>`).FindAllStringSubmatch(body, -1)
			if len(current) != 1 || current[0][1] != p.path || current[0][2] != p.nav {
				t.Errorf("aria-current marks %v, want exactly %s (%s)", current, p.path, p.nav)
			}
			for _, landmark := range []string{`<a class="skip-link" href="#main">`, `<main id="main"`, `<nav class="site-nav" aria-label="Main">`, `<footer`, `<meta name="description" content="`} {
				if !strings.Contains(body, landmark) {
					t.Errorf("missing %s", landmark)
				}
			}
		})
	}
}

func TestHomeLinksToRoles(t *testing.T) {
	_, body := newApp(t).get("/")
	if !strings.Contains(body, `<a class="button" href="/roles">Browse open intern roles</a>`) {
		t.Fatal("home page has no call to action to the roles list")
	}
}

func TestHeadIsAnswered(t *testing.T) {
	a := newApp(t)
	req, _ := http.NewRequest(http.MethodHead, a.srv.URL+"/faq", nil)
	res, body := a.do(req)
	if res.StatusCode != http.StatusOK || body != "" {
		t.Fatalf("HEAD /faq: %d, %d bytes", res.StatusCode, len(body))
	}
}

func TestNotFoundPage(t *testing.T) {
	a := newApp(t)
	res, body := a.get("/no/such/page")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"We can&#39;t find that page", `<main id="main"`, `<meta name="robots" content="noindex">`, `href="/timeline"`} {
		if !strings.Contains(body, want) {
			t.Errorf("404 page lacks %q", want)
		}
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("404 Cache-Control = %q", res.Header.Get("Cache-Control"))
	}
}

// TestPanicGives500AndServerGoesOn mounts a panicking handler behind the
// real middleware.
func TestPanicGives500AndServerGoesOn(t *testing.T) {
	a := newApp(t)
	a.mux.Get("/test/panic", func(http.ResponseWriter, *http.Request) { panic("kaboom: secret detail") })

	res, body := a.get("/test/panic")
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d", res.StatusCode)
	}
	if !strings.Contains(body, "Something went wrong on our side") || !strings.Contains(body, `<main id="main"`) {
		t.Errorf("500 page is not the site's error page:\n%s", body)
	}
	if strings.Contains(body, "kaboom") || strings.Contains(body, "goroutine") {
		t.Error("500 page leaks the panic")
	}
	id := res.Header.Get("X-Request-ID")
	if id == "" || !strings.Contains(body, id) {
		t.Errorf("500 page should quote the request ID %q", id)
	}
	if !strings.Contains(a.logs.String(), "kaboom") || !strings.Contains(a.logs.String(), "request_id="+id) {
		t.Errorf("panic not logged with its request ID:\n%s", a.logs.String())
	}
	if res, _ := a.get("/faq"); res.StatusCode != http.StatusOK {
		t.Fatalf("after a panic, /faq answered %d", res.StatusCode)
	}
}

// TestTimelineMarker renders /timeline on days in different phases, with
// the clock injected, and checks where "we are here" lands.
func TestTimelineMarker(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	cases := []struct {
		name    string
		now     time.Time
		current string // the heading of the step marked aria-current
		summary string
	}{
		{"before posting opens", time.Date(2026, 5, 10, 12, 0, 0, 0, la), "Before the season",
			"Roles for Summer 2027 are not posted yet. The first ones usually go live around August 17, 2026."},
		{"while roles go live", time.Date(2026, 8, 20, 12, 0, 0, 0, la), "Roles go live",
			"Roles for Summer 2027 are going live now."},
		{"during recruiting", time.Date(2026, 11, 24, 9, 0, 0, 0, la), "Applications and interviews",
			"The Summer 2027 recruiting season is under way"},
		{"during the summer", time.Date(2027, 7, 1, 9, 0, 0, 0, la), "Your 12-week summer",
			"The Summer 2027 internship is under way."},
		{"after the summer", time.Date(2027, 9, 15, 9, 0, 0, 0, la), "Season complete",
			"Summer 2027 is complete."},
	}
	stepRe := regexp.MustCompile(`<li class="step[^"]*" aria-current="step">(?:<span class="step-dates">.*?</span>)?<h3>([^<]*)</h3>`)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newApp(t, withNow(c.now))
			res, body := a.get("/timeline")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			marked := stepRe.FindAllStringSubmatch(body, -1)
			if len(marked) != 1 || marked[0][1] != c.current {
				t.Fatalf("marked steps %v, want only %q", marked, c.current)
			}
			if strings.Count(body, `<span class="here">We are here</span>`) != 1 {
				t.Errorf("want exactly one marker")
			}
			if !strings.Contains(body, c.summary) {
				t.Errorf("summary %q missing", c.summary)
			}
			if !strings.Contains(body, `datetime="`+c.now.Format("2006-01-02")+`"`) {
				t.Errorf("today's date is not shown")
			}
		})
	}
}

func TestStaticAssetsAreImmutable(t *testing.T) {
	a := newApp(t)
	_, page := a.get("/")
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(page)
	if css == nil {
		t.Fatal("no hashed stylesheet link on the page")
	}
	res, body := a.get(css[1])
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || !strings.Contains(body, "--accent") {
		t.Fatalf("stylesheet: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", cc)
	}
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+css[1], nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	if res, _ := a.do(req); res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", res.StatusCode)
	}
	if res, _ := a.get("/static/app.000000000000.css"); res.StatusCode != http.StatusNotFound {
		t.Errorf("stale hash: %d", res.StatusCode)
	}
	if res, body := a.get("/favicon.ico"); res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\x00\x00\x01\x00") {
		t.Errorf("favicon: %d", res.StatusCode)
	}

	// Text assets come precompressed in the coding asked for; images
	// that are compressed already come as they are.
	req, _ = http.NewRequest(http.MethodGet, a.srv.URL+css[1], nil)
	req.Header.Set("Accept-Encoding", "br")
	res, compressed := a.do(req)
	if res.Header.Get("Content-Encoding") != "br" || res.Header.Get("Vary") != "Accept-Encoding" || len(compressed) >= len(body) {
		t.Errorf("stylesheet asked in brotli: %q, %d bytes of %d", res.Header.Get("Content-Encoding"), len(compressed), len(body))
	}
	if decoded, err := io.ReadAll(brotli.NewReader(strings.NewReader(compressed))); err != nil || !bytes.Equal(decoded, []byte(body)) {
		t.Errorf("the brotli stylesheet does not decode to the file: %v", err)
	}
	png := regexp.MustCompile(`/static/[a-z]+\.[0-9a-f]{12}\.png`).FindString(page)
	req, _ = http.NewRequest(http.MethodGet, a.srv.URL+png, nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	if res, _ := a.do(req); png == "" || res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("image %q: %d, Content-Encoding %q", png, res.StatusCode, res.Header.Get("Content-Encoding"))
	}
}
