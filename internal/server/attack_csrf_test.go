package server

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// postRoutes walks the real router and returns every POST route, so a
// route added later is attacked without anyone listing it here.
func postRoutes(t *testing.T, mux *chi.Mux) []string {
	t.Helper()
	var routes []string
	err := chi.Walk(mux, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodPost {
			routes = append(routes, route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) < 20 {
		t.Fatalf("only %d POST routes found: the walk is broken", len(routes))
	}
	return routes
}

// csrfFixture is real data for every route parameter, so each forged
// request names something that exists and would change it if let in.
type csrfFixture struct {
	slug, appToken, alertConfirm, alertToken string
	roleID, appID, userID, mailID            string
	adminEmail, adminPassword                string
}

func newCSRFFixture(t *testing.T, a *testApp) csrfFixture {
	t.Helper()
	ctx := t.Context()
	f := csrfFixture{adminEmail: "csrf-admin@example.com", adminPassword: "csrf admin password 1"}
	a.addAccount(f.adminEmail, "Csrf Admin", f.adminPassword, true)
	f.userID = idStr(a.addAccount("csrf-rec@example.com", "Csrf Rec", "csrf recruiter pass 1", false).ID)
	f.slug = addRole(t, a.pool, "csrf-walk-role", "CSRF Walk Intern", "open", nil)
	res, _ := a.apply(f.slug, validForm("csrf-walk@example.com"))
	m := tokenPath.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	f.appToken = m[1]
	var roleID, appID, mailID int64
	if err := a.pool.QueryRow(ctx, `SELECT r.id, a.id FROM applications a JOIN roles r ON r.id = a.role_id WHERE a.id = `+appByToken,
		f.appToken).Scan(&roleID, &appID); err != nil {
		t.Fatal(err)
	}
	if err := a.pool.QueryRow(ctx, `SELECT id FROM outgoing_mail ORDER BY id DESC LIMIT 1`).Scan(&mailID); err != nil {
		t.Fatal(err)
	}
	// A failed message, so the retry route would act.
	if _, err := a.pool.Exec(ctx, `UPDATE outgoing_mail SET state = 'failed' WHERE id = $1`, mailID); err != nil {
		t.Fatal(err)
	}
	f.roleID, f.appID, f.mailID = idStr(roleID), idStr(appID), idStr(mailID)
	if res, _ := a.browser().post("/alerts", url.Values{"email": {"csrf-alerts@example.com"}, "areas": {"technology"}}); res.StatusCode != 200 {
		t.Fatalf("alert sign-up: %d", res.StatusCode)
	}
	f.alertToken = alertLink(t, a.pool, "csrf-alerts@example.com", "unsubscribe")
	f.alertConfirm = alertLink(t, a.pool, "csrf-alerts@example.com", "confirm")
	return f
}

// path fills the route's parameters with the fixture's real values.
func (f csrfFixture) path(route string) string {
	id := f.appID
	switch {
	case strings.HasPrefix(route, "/admin/roles/"):
		id = f.roleID
	case strings.HasPrefix(route, "/admin/users/"):
		id = f.userID
	case strings.HasPrefix(route, "/admin/outbox/"):
		id = f.mailID
	}
	token := f.appToken
	switch {
	case strings.HasPrefix(route, "/alerts/confirm/"):
		token = f.alertConfirm
	case strings.HasPrefix(route, "/alerts/unsubscribe/"):
		token = f.alertToken
	}
	return strings.NewReplacer("{slug}", f.slug, "{token}", token, "{id}", id).Replace(route)
}

// body is a form that the route would accept from the site itself: the
// forged request is a real attack, not junk that fails for other
// reasons. Routes added later get a generic body: still refused.
func (f csrfFixture) body(t *testing.T, route string) (io.Reader, string) {
	t.Helper()
	role := url.Values{"action": {"save"}, "title": {"Forged Intern"}, "team": {"T"}, "area": {"technology"},
		"locations": {"Los Gatos, CA"}, "mode": {"hybrid"}, "degrees": {"bachelors"}, "season": {"Summer 2027"}, "description": {"d"}}
	forms := map[string]url.Values{
		"/alerts":                        {"email": {"forged-alert@example.com"}, "areas": {"technology"}},
		"/admin/login":                   {"email": {f.adminEmail}, "password": {f.adminPassword}},
		"/admin/roles/new":               role,
		"/admin/roles/{id}/edit":         role,
		"/admin/applications/bulk":       {"to": {"take_home"}, "sel": {f.appID + ":applied"}},
		"/admin/applications/{id}/stage": {"from": {"applied"}, "to": {"take_home"}, "tell": {"yes"}},
		"/admin/applications/{id}/notes": {"note": {"forged note"}},
		"/admin/applications/{id}/erase": {"confirm": {"yes"}},
		"/admin/users":                   {"email": {"forged@example.com"}, "name": {"Forged"}, "password": {"forged password 123"}, "admin": {"yes"}},
		"/admin/users/{id}/password":     {"password": {"forged password 123"}},
		"/alerts/unsubscribe/{token}":    {"List-Unsubscribe": {"One-Click"}},
		"/applications/{token}/withdraw": {},
		"/admin/outbox/{id}/retry":       {},
		"/admin/logout":                  {},
		"/admin/users/{id}/disable":      {},
		"/admin/users/{id}/enable":       {},
		"/admin/roles/{id}/publish":      {},
		"/admin/roles/{id}/close":        {},
		"/admin/roles/{id}/reopen":       {},
		"/admin/roles/{id}/copy":         {},
		"/alerts/confirm/{token}":        {},
	}
	if route == "/roles/{slug}/apply" {
		b, ctype := validForm("forged-apply@example.com").encode(t)
		return b, ctype
	}
	form, ok := forms[route]
	if !ok {
		form = url.Values{"a": {"b"}}
	}
	return strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
}

// TestCrossOriginRefusedOnEveryPostRoute forges every POST route the
// router has, from another site (by Sec-Fetch-Site and by Origin), both
// with a signed-in admin's cookie and without: every one is refused with
// the 403 page, and no table changes.
func TestCrossOriginRefusedOnEveryPostRoute(t *testing.T) {
	a := newApp(t)
	f := newCSRFFixture(t, a)
	admin := a.browser()
	admin.signIn(f.adminEmail, f.adminPassword)
	if res, _ := admin.get("/admin"); res.StatusCode != http.StatusOK {
		t.Fatalf("the admin is not signed in: %d", res.StatusCode)
	}
	anon := a.browser()
	forgeries := []struct {
		name   string
		header http.Header
	}{
		{"Sec-Fetch-Site cross-site", http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{"Origin of another site", http.Header{"Origin": {"https://evil.example"}}},
		{"both", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}},
	}
	before := tableState(t, a.pool)
	routes := postRoutes(t, a.mux)
	sent := 0
	// The other unsafe methods are refused the same way, before routing.
	methods := []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	for _, route := range routes {
		for _, forged := range forgeries {
			for who, b := range map[string]*browser{"admin": admin, "anonymous": anon} {
				for _, method := range methods {
					body, ctype := f.body(t, route)
					req, err := http.NewRequest(method, a.srv.URL+f.path(route), body)
					if err != nil {
						t.Fatal(err)
					}
					req.Header.Set("Content-Type", ctype)
					for k, v := range forged.header {
						req.Header[k] = v
					}
					res, page := b.do(req)
					sent++
					if res.StatusCode != http.StatusForbidden || !strings.Contains(page, "forms on this site only accept submissions made from this site") {
						t.Errorf("%s %s, %s, as %s: %d, want the cross-origin 403 page", method, route, forged.name, who, res.StatusCode)
					}
					if res.Header.Get("Set-Cookie") != "" {
						t.Errorf("%s %s, %s, as %s: a refused request set a cookie", method, route, forged.name, who)
					}
				}
			}
		}
	}
	sameTables(t, "a cross-origin POST", before, tableState(t, a.pool))
	// The admin's session survived the forged sign-out.
	if res, _ := admin.get("/admin"); res.StatusCode != http.StatusOK {
		t.Fatalf("after the forgeries the admin's session is gone: %d", res.StatusCode)
	}
	if n := strings.Count(a.logs.String(), "refused cross-origin request"); n != sent {
		t.Errorf("%d refusals logged for %d forged requests", n, sent)
	}
	t.Logf("%d POST routes x %d methods x %d forgeries x 2 users: %d requests refused, %d tables unchanged",
		len(routes), len(methods), len(forgeries), sent, len(dataTables))

	// Control: the very same bodies from the site itself do act, so the
	// refusals above were the check at work and not bad requests.
	for _, route := range []string{"/admin/applications/{id}/notes", "/alerts"} {
		body, ctype := f.body(t, route)
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+f.path(route), body)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if res, _ := admin.do(req); res.StatusCode >= 400 {
			t.Errorf("same-origin %s: %d", route, res.StatusCode)
		}
	}
	var notes int
	_ = a.pool.QueryRow(context.Background(), `SELECT count(*) FROM application_events WHERE note = 'forged note'`).Scan(&notes)
	if notes != 1 {
		t.Errorf("the same-origin control stored %d notes, want 1", notes)
	}
}
