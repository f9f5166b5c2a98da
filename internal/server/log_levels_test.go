package server

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSheddingAndOutagesAreNotErrors: anonymous clients must not be able
// to write ERROR lines at will. A database outage answered with 503s
// (one line each) and uploads turned away because every slot is busy are
// WARN, counted in /metrics; ERROR stays for what an operator must act
// on (a 500).
func TestSheddingAndOutagesAreNotErrors(t *testing.T) {
	a := newApp(t, withPool(unreachablePool(t)))
	for range 5 {
		if res, _ := a.get("/roles"); res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("status %d, want 503", res.StatusCode)
		}
	}
	// Every upload slot taken, as by clients that never finish: the next
	// application is turned away.
	busy := newApp(t)
	slug := addRole(t, busy.pool, "shed-busy", "Shed Intern", "open", nil)
	busy.server.uploads.wait = 100 * time.Millisecond
	for i := range maxConcurrentUploads {
		if _, ok := busy.server.uploads.take(t.Context(), "addr:10.0.0."+idStr(int64(i))); !ok {
			t.Fatal("no slot to take")
		}
	}
	if res, _ := busy.apply(slug, validForm("shed@example.com")); res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("apply with every slot busy: %d, want 503", res.StatusCode)
	}
	for name, app := range map[string]*testApp{"outage": a, "busy": busy} {
		logs := app.logs.String()
		if strings.Contains(logs, "level=ERROR") {
			t.Errorf("%s: ERROR lines for 503s:\n%s", name, logs)
		}
		if !strings.Contains(logs, "level=WARN") {
			t.Errorf("%s: no WARN line for the 503s:\n%s", name, logs)
		}
	}
	checks := map[*testApp]*regexp.Regexp{
		a:    regexp.MustCompile(`careers_http_unavailable_total\{reason="database"\} 5\b`),
		busy: regexp.MustCompile(`careers_http_unavailable_total\{reason="busy"\} 1\b`),
	}
	for app, want := range checks {
		res, body := app.get("/metrics")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/metrics: %d\n%.400s", res.StatusCode, body)
		}
		if !want.MatchString(body) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(body, "careers_http_unavailable"))
		}
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
