package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// formFields are the names of every field the site's forms read.
var formFields = []string{"email", "password", "name", "admin", "title", "team", "area", "locations", "mode", "degrees",
	"season", "description", "closes_at", "action", "version", "from", "to", "tell", "note", "confirm", "sel", "back",
	"next", "areas", "degree", "List-Unsubscribe", "q", "page"}

// queryParams are the names of every query parameter the site reads.
var queryParams = []string{"q", "area", "location", "team", "degree", "mode", "sort", "page", "role", "stage",
	"university", "next", "submitted"}

var routeParamRe = regexp.MustCompile(`\{[a-z]+\}`)

// TestHostileInputNeverFails walks the real router and sends every
// route, with each payload in every path parameter, query parameter and
// form field, as an admin and as nobody: no answer is a server error.
// A route added later is swept without anyone listing it.
func TestHostileInputNeverFails(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "sweep-role", "Sweep Intern", "open", nil)
	if res, _ := a.apply(slug, validForm("sweep@example.com")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	a.addAccount("sweep-admin@example.com", "Sweep Admin", "sweep admin password", true)
	admin := a.browser()
	admin.signIn("sweep-admin@example.com", "sweep admin password")
	t.Cleanup(func() { _, _ = a.pool.Exec(context.Background(), `DELETE FROM rate_limit_attempts`) })

	type route struct{ method, pattern string }
	var routes []route
	_ = chi.Walk(a.mux, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		// Sign-out would end the admin's session the sweep needs; it
		// takes no input anyway.
		if method != http.MethodHead && pattern != "/admin/logout" {
			routes = append(routes, route{method, pattern})
		}
		return nil
	})
	if len(routes) < 50 {
		t.Fatalf("only %d routes: the walk is broken", len(routes))
	}
	before := tableState(t, a.pool)
	sent, failures := 0, 0
	for _, rt := range routes {
		for _, p := range sqlPayloads {
			path := routeParamRe.ReplaceAllString(rt.pattern, url.PathEscape(p))
			q := url.Values{}
			for _, k := range queryParams {
				q.Set(k, p)
			}
			form := url.Values{}
			for _, k := range formFields {
				form.Set(k, p)
			}
			for who, b := range map[string]*browser{"admin": admin, "anonymous": a.browser()} {
				req, err := http.NewRequest(rt.method, a.srv.URL+path+"?"+q.Encode(), strings.NewReader(form.Encode()))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				if rt.method == http.MethodPost {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				res, body := b.do(req)
				sent++
				if res.StatusCode >= 500 || strings.Contains(body, "SQLSTATE") {
					failures++
					t.Errorf("%s %s as %s with %.40q: %d", rt.method, rt.pattern, who, p, res.StatusCode)
				}
			}
		}
	}
	// Nothing was written but what these payloads may write: sign-in
	// attempts, sessions, the export's audit line.
	after := tableState(t, a.pool)
	for _, table := range []string{"roles", "applications", "resumes", "application_events", "accounts", "outgoing_mail", "alert_subscriptions"} {
		if before[table] != after[table] {
			t.Errorf("the sweep changed %s", table)
		}
	}
	// The apply form, multipart, with each payload in each of its fields
	// in turn: stored (303) or refused with a message (422), never a 500.
	for i, p := range sqlPayloads {
		for j, field := range []string{"full_name", "email", "phone", "university", "degree", "grad_month", "grad_year",
			"linkedin", "github", "portfolio", "why", "consent", "submission_key"} {
			f := validForm("sweep-"+idStr(int64(i))+"-"+idStr(int64(j))+"@example.com").set(field, p)
			f.fileName = p
			res, _ := a.apply(slug, f)
			sent++
			// A NUL in the file name breaks the part's header: a malformed
			// request, 400, like any other.
			malformed := strings.ContainsRune(p, 0) && res.StatusCode == http.StatusBadRequest
			if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusConflict && !malformed {
				failures++
				t.Errorf("apply with %.40q as %s: %d", p, field, res.StatusCode)
			}
		}
	}
	if res, _ := admin.get("/admin"); res.StatusCode != http.StatusOK {
		t.Errorf("the admin's session did not survive the sweep: %d", res.StatusCode)
	}
	t.Logf("%d routes x %d payloads x 2 users, then every apply field x every payload: %d requests, %d server errors", len(routes), len(sqlPayloads), sent, failures)
}
