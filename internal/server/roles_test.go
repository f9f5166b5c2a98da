package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestRolesPageWithoutOpenRoles(t *testing.T) {
	a := newApp(t)
	if _, err := a.pool.Exec(t.Context(), `TRUNCATE roles RESTART IDENTITY CASCADE`); err != nil {
		t.Fatal(err)
	}
	addRole(t, a.pool, "only-draft", "Draft Only Intern", "draft", nil)
	res, body := a.get("/roles")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "No roles are open right now") || !strings.Contains(body, `href="/timeline"`) {
		t.Fatalf("status %d, want the season explained", res.StatusCode)
	}
	if strings.Contains(body, `<form class="search"`) {
		t.Error("an empty season should not offer a search over nothing")
	}
}

func TestRolesPageEmptyResultOffersToClear(t *testing.T) {
	a := newApp(t)
	addRole(t, a.pool, "some-open", "Some Open Intern", "open", nil)
	res, body := a.get("/roles?q=zzzxqqnothingmatches&mode=remote")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "No roles match your search.") || !strings.Contains(body, `<a class="button" href="/roles">Clear search and filters</a>`) {
		t.Fatalf("status %d", res.StatusCode)
	}
	if !strings.Contains(body, `value="zzzxqqnothingmatches"`) || !strings.Contains(body, `<option value="remote" selected>`) {
		t.Error("the form does not keep the search")
	}
}

func TestRolesPageShareableState(t *testing.T) {
	a := newApp(t)
	addRole(t, a.pool, "shareable", "Shareable Playback Intern", "open", nil)
	res, body := a.get("/roles?q=shareable&degree=masters&page=999&utm=x")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `href="/roles/shareable"`) {
		t.Fatalf("status %d", res.StatusCode)
	}
	if !strings.Contains(body, `<link rel="canonical" href="http://careers.test/roles?degree=masters&amp;q=shareable">`) {
		t.Error("canonical URL is not the normalised search")
	}
	if !strings.Contains(body, `href="/roles?q=shareable"`) {
		t.Error("no link removing the degree filter")
	}
}

func TestRolesPageWhenDatabaseIsDown(t *testing.T) {
	a := newApp(t, withPool(unreachablePool(t)))
	res, body := a.get("/roles")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "We&#39;ll be right back") || res.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d", res.StatusCode)
	}
	if strings.Contains(body, "dial") || strings.Contains(body, "SQLSTATE") || strings.Contains(body, "127.0.0.1") {
		t.Error("the 503 page leaks internals")
	}
}

// A recruiter whose session cannot be loaded (the database away) gets
// the site's 503 page, like everyone else, not the session library's
// plain-text 500.
func TestAdminPagesWhenDatabaseIsDown(t *testing.T) {
	a := newApp(t, withPool(unreachablePool(t)))
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/admin/applications", nil)
	req.AddCookie(&http.Cookie{Name: "careers_session", Value: "a-session-token-from-before-the-outage"})
	res, body := a.do(req)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "We&#39;ll be right back") {
		t.Fatalf("status %d:\n%s", res.StatusCode, body)
	}
}
