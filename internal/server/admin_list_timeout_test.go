package server

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestAdminListTimeout: a list held past its timeout answers with a
// message saying what to narrow, keeps the form as typed, and tells the
// operator the filter's shape without its text.
func TestAdminListTimeout(t *testing.T) {
	a := newApp(t)
	a.server.Applications.ListTimeout = 200 * time.Millisecond
	a.addAccount("timeout-rec@example.com", "Seán Ó Ceallaigh", "timeout recruiter pass 1", false)
	rec := a.browser()
	rec.signIn("timeout-rec@example.com", "timeout recruiter pass 1")
	tx, err := a.pool.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(t.Context()) }()
	if _, err := tx.Exec(t.Context(), `LOCK TABLE applications IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	res, body := rec.get("/admin/applications?q=Ng%C3%BAy%E1%BB%85n&sort=name")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "took too long to answer") ||
		!strings.Contains(body, `value="Ngúyễn"`) {
		t.Fatalf("a list past its timeout: %d %.400s", res.StatusCode, body)
	}
	logs := a.logs.String()
	if !strings.Contains(logs, `msg="admin list timed out"`) || !strings.Contains(logs, "text_filter=true") || strings.Contains(logs, "Ngúyễn") {
		t.Fatalf("the operator's line: %s", logs)
	}
}
