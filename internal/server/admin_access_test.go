package server

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// adminRoutes walks the real router and returns every /admin route.
func adminRoutes(t *testing.T, mux *chi.Mux) [][2]string {
	t.Helper()
	var routes [][2]string
	err := chi.Walk(mux, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if strings.HasPrefix(route, "/admin") && method != http.MethodHead {
			routes = append(routes, [2]string{method, route})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Sign-out last: it ends the session the other routes need.
	last := func(r [2]string) int {
		if r[1] == "/admin/logout" {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(routes, func(x, y [2]string) int { return cmp.Compare(last(x), last(y)) })
	if len(routes) < 20 {
		t.Fatalf("only %d admin routes found: the walk is broken", len(routes))
	}
	return routes
}

var paramRe = regexp.MustCompile(`\{[a-z]+\}`)

// adminOnly lists the routes recruiters must not reach.
func adminOnly(route string) bool {
	return strings.HasPrefix(route, "/admin/users") || route == "/admin/audit" || route == "/admin/self-identification" || strings.HasSuffix(route, "/erase") ||
		strings.HasPrefix(route, "/admin/outbox")
}

// interviewerRoute lists the routes an interviewer may reach.
func interviewerRoute(route string) bool {
	return route == "/admin" || route == "/admin/" || route == "/admin/interviews" || strings.HasPrefix(route, "/admin/interviews/") ||
		route == "/admin/security" || strings.HasPrefix(route, "/admin/security/") ||
		route == "/admin/password" || route == "/admin/reauth" || route == "/admin/schedule"
}

// TestAdminAccessMatrix sends every admin route as anonymous, recruiter,
// admin and disabled account, and checks who gets through.
func TestAdminAccessMatrix(t *testing.T) {
	a := newApp(t)
	a.addAccount("matrix-admin@example.com", "Admin", "admin password 12345", true)
	a.addAccount("matrix-rec@example.com", "Recruiter", "recruiter password 12345", false)
	disabled := a.addAccount("matrix-off@example.com", "Off", "disabled password 12345", false)
	a.addInterviewer("matrix-int@example.com", "Ìñtérviewer", "interviewer password 12345")

	admin, rec, off, anon, iv := a.browser(), a.browser(), a.browser(), a.browser(), a.browser()
	admin.signIn("matrix-admin@example.com", "admin password 12345")
	rec.signIn("matrix-rec@example.com", "recruiter password 12345")
	off.signIn("matrix-off@example.com", "disabled password 12345")
	iv.signIn("matrix-int@example.com", "interviewer password 12345")
	if _, err := a.pool.Exec(t.Context(), `UPDATE accounts SET disabled_at = now() WHERE id = $1`, disabled.ID); err != nil {
		t.Fatal(err)
	}

	for _, rt := range adminRoutes(t, a.mux) {
		method, route := rt[0], rt[1]
		path := paramRe.ReplaceAllString(route, "999999")
		if strings.HasSuffix(path, "/*") {
			continue
		}
		// The steps of signing in (and out) are open to everyone; they
		// open nothing themselves, and must never fail.
		public := route == "/admin/login" || strings.HasPrefix(route, "/admin/login/") ||
			strings.HasPrefix(route, "/admin/setup/") || (route == "/admin/logout" && method == http.MethodPost)
		send := func(b *browser) *http.Response {
			if method == http.MethodGet {
				res, _ := b.get(path)
				return res
			}
			res, _ := b.post(path, url.Values{})
			return res
		}
		name := fmt.Sprintf("%s %s", method, route)
		for who, b := range map[string]*browser{"anonymous": anon, "disabled": off} {
			if public && route == "/admin/logout" {
				continue // it would end the session the disabled case needs
			}
			res := send(b)
			switch {
			case public && res.StatusCode >= 500:
				t.Errorf("%s as %s: %d", name, who, res.StatusCode)
			case public:
			case method == http.MethodGet && (res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login?next=")):
				t.Errorf("%s as %s: %d %q, want 303 to sign-in", name, who, res.StatusCode, res.Header.Get("Location"))
			case method != http.MethodGet && res.StatusCode != http.StatusUnauthorized:
				t.Errorf("%s as %s: %d, want 401", name, who, res.StatusCode)
			}
		}
		if public && route != "/admin/logout" {
			if res := send(admin); res.StatusCode >= 500 {
				t.Errorf("%s as admin: %d", name, res.StatusCode)
			}
			continue
		}
		if res := send(rec); adminOnly(route) != (res.StatusCode == http.StatusForbidden) || res.StatusCode >= 500 {
			t.Errorf("%s as recruiter: %d (admin only: %v)", name, res.StatusCode, adminOnly(route))
		}
		// An interviewer reaches their own interviews and account pages;
		// every other page is refused, before anything is read.
		if route != "/admin/logout" {
			res := send(iv)
			switch {
			case interviewerRoute(route):
				if res.StatusCode >= 500 || res.StatusCode == http.StatusForbidden {
					t.Errorf("%s as interviewer: %d", name, res.StatusCode)
				}
			case res.StatusCode != http.StatusForbidden:
				t.Errorf("%s as interviewer: %d, want 403", name, res.StatusCode)
			}
		}
		res := send(admin)
		if route == "/admin/logout" {
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login" {
				t.Errorf("sign-out: %d %q", res.StatusCode, res.Header.Get("Location"))
			}
			continue
		}
		if route == "/admin/reauth" && method == http.MethodPost && res.StatusCode == http.StatusUnauthorized {
			continue // an empty password is not the admin's
		}
		if res.StatusCode >= 500 || res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusUnauthorized ||
			(res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/admin/login")) {
			t.Errorf("%s as admin: %d", name, res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
	}
	// The disabled account's session is gone for good, even if re-enabled.
	if _, err := a.pool.Exec(t.Context(), `UPDATE accounts SET disabled_at = NULL WHERE id = $1`, disabled.ID); err != nil {
		t.Fatal(err)
	}
	if res, _ := off.get("/admin"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled account's old session still works: %d", res.StatusCode)
	}
	if !strings.Contains(a.logs.String(), "refused: admin only") || !strings.Contains(a.logs.String(), "refused: not signed in") {
		t.Error("refusals are not logged")
	}
}

func TestAdminPagesRender(t *testing.T) {
	a := newApp(t)
	a.addAccount("render-admin@example.com", "Renée Admin", "admin password 12345", true)
	b := a.browser()
	b.signIn("render-admin@example.com", "admin password 12345")
	for _, path := range []string{"/admin", "/admin/roles", "/admin/roles/new", "/admin/applications", "/admin/users", "/admin/audit"} {
		res, body := b.get(path)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `<meta name="robots" content="noindex">`) || !strings.Contains(body, "Renée Admin") {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
		if !strings.Contains(body, `<form class="signout" method="post" action="/admin/logout">`) {
			t.Errorf("%s: no sign-out button", path)
		}
	}
}
