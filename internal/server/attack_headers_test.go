package server

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// headerCase is one request whose response must carry the security
// headers, and the status it must have.
type headerCase struct {
	name   string
	status int
	req    func() *http.Request
	// sandboxed responses (the resume) carry a stricter CSP of their own.
	sandboxed bool
}

var staticRe = regexp.MustCompile(`href="(/static/[^"]+\.css)"`)

// headerCases builds a request for every kind of response the app gives:
// 200, each redirect, each error status, a panic, the downloads, a 304
// from the page cache and static assets. cookie is a signed-in admin's.
func headerCases(t *testing.T, a *testApp, slug, appID string, cookie *http.Cookie) []headerCase {
	t.Helper()
	req := func(method, path string, body []byte, header ...string) func() *http.Request {
		return func() *http.Request {
			r, err := http.NewRequest(method, a.srv.URL+path, bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			if body != nil {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for i := 0; i+1 < len(header); i += 2 {
				r.Header.Set(header[i], header[i+1])
			}
			return r
		}
	}
	signedIn := func(f func() *http.Request) func() *http.Request {
		return func() *http.Request {
			r := f()
			r.AddCookie(cookie)
			return r
		}
	}
	apply := func(f *form) func() *http.Request {
		return func() *http.Request {
			body, ctype := f.encode(t)
			r, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/roles/"+slug+"/apply", body)
			r.Header.Set("Content-Type", ctype)
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			return r
		}
	}
	big := validForm("headers-big@example.com")
	big.file = append(append([]byte{}, testPDF...), bytes.Repeat([]byte("x"), 6<<20)...)

	res, home := a.get("/")
	css := staticRe.FindStringSubmatch(home)
	if res.StatusCode != 200 || css == nil {
		t.Fatalf("home page: %d, stylesheet %v", res.StatusCode, css)
	}
	res, _ = a.get(css[1])
	assetTag := res.Header.Get("Etag")
	res, _ = a.get("/faq")
	pageTag := res.Header.Get("Etag")
	if assetTag == "" || pageTag == "" {
		t.Fatalf("no ETag on the asset (%q) or the cached page (%q)", assetTag, pageTag)
	}

	return []headerCase{
		{"200 page", 200, req("GET", "/", nil), false},
		{"200 HEAD", 200, req("HEAD", "/roles", nil), false},
		{"200 role page", 200, req("GET", "/roles/"+slug, nil), false},
		{"200 admin page", 200, signedIn(req("GET", "/admin/applications", nil)), false},
		{"303 sign-in redirect", 303, req("GET", "/admin/applications", nil), false},
		{"303 after a POST", 303, signedIn(req("POST", "/admin/applications/"+appID+"/notes", []byte("note=n"))), false},
		{"400 malformed form", 400, req("POST", "/roles/"+slug+"/apply", []byte("not multipart")), false},
		{"401 POST without a session", 401, req("POST", "/admin/applications/bulk", []byte("x=1")), false},
		{"403 cross-origin", 403, req("POST", "/alerts", []byte("email=x%40example.com"), "Sec-Fetch-Site", "cross-site"), false},
		{"404", 404, req("GET", "/no-such-page", nil), false},
		{"404 unknown token", 404, req("GET", "/applications/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil), false},
		{"405", 405, req("POST", "/faq", []byte("x=1")), false},
		{"413", 413, apply(big), false},
		{"422", 422, req("POST", "/alerts", []byte("email=nope")), false},
		{"429", 429, apply(validForm("headers-limited@example.com")), false},
		{"500 panic", 500, req("GET", "/test/headers-panic", nil), false},
		{"resume download", 200, signedIn(req("GET", "/admin/applications/"+appID+"/resume", nil)), true},
		{"CSV export", 200, signedIn(req("GET", "/admin/applications.csv", nil)), false},
		{"304 from the page cache", 304, req("GET", "/faq", nil, "If-None-Match", pageTag), false},
		{"static asset", 200, req("GET", css[1], nil), false},
		{"304 static asset", 304, req("GET", css[1], nil, "If-None-Match", assetTag), false},
		{"static asset brotli", 200, req("GET", css[1], nil, "Accept-Encoding", "br"), false},
		{"404 static", 404, req("GET", "/static/nope.css", nil), false},
		{"favicon", 200, req("GET", "/favicon.ico", nil), false},
		{"robots", 200, req("GET", "/robots.txt", nil), false},
		{"feed", 200, req("GET", "/roles.atom", nil), false},
		{"healthz", 200, req("GET", "/healthz", nil), false},
	}
}

// checkSecurityHeaders fails the test when res lacks a security header,
// or has HSTS where it must not (or not where it must).
func checkSecurityHeaders(t *testing.T, name string, res *http.Response, sandboxed, secure bool) {
	t.Helper()
	h := res.Header
	csp := h.Get("Content-Security-Policy")
	if sandboxed {
		if !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s (%d): CSP %q, want a sandbox", name, res.StatusCode, csp)
		}
	} else if csp != contentSecurityPolicy {
		t.Errorf("%s (%d): CSP %q", name, res.StatusCode, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s (%d): X-Content-Type-Options %q", name, res.StatusCode, h.Get("X-Content-Type-Options"))
	}
	if rp := h.Get("Referrer-Policy"); rp != "strict-origin-when-cross-origin" && rp != "no-referrer" {
		t.Errorf("%s (%d): Referrer-Policy %q", name, res.StatusCode, rp)
	}
	if h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("%s (%d): X-Frame-Options %q", name, res.StatusCode, h.Get("X-Frame-Options"))
	}
	if h.Get("Cross-Origin-Resource-Policy") != "same-origin" {
		t.Errorf("%s (%d): Cross-Origin-Resource-Policy %q", name, res.StatusCode, h.Get("Cross-Origin-Resource-Policy"))
	}
	hsts := h.Get("Strict-Transport-Security")
	if secure && hsts != "max-age=63072000; includeSubDomains" {
		t.Errorf("%s (%d): HSTS %q under https", name, res.StatusCode, hsts)
	}
	if !secure && hsts != "" {
		t.Errorf("%s (%d): HSTS %q over plain http", name, res.StatusCode, hsts)
	}
}

// TestSecurityHeadersOnEveryResponseKind sends every kind of response
// (see headerCases) to the app served as over http and as over https,
// plus a database outage's 503, and checks the headers of each.
func TestSecurityHeadersOnEveryResponseKind(t *testing.T) {
	for _, secure := range []bool{false, true} {
		name := "http"
		if secure {
			name = "https"
		}
		t.Run(name, func(t *testing.T) {
			var probe cacheProbe
			a := newApp(t, withPageCache(t, &probe), withApplyLimit(1), func(d *Deps) { d.Secure = secure })
			a.mux.Get("/test/headers-panic", func(http.ResponseWriter, *http.Request) { panic("boom") })
			slug := addRole(t, a.pool, "headers-role-"+name, "Headers Intern", "open", nil)
			res, _ := a.apply(slug, validForm("headers-"+name+"@example.com"))
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("apply: %d", res.StatusCode)
			}
			var appID int64
			if err := a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE email = $1`, "headers-"+name+"@example.com").Scan(&appID); err != nil {
				t.Fatal(err)
			}
			// Signed in by hand: over https the cookie is Secure and
			// __Host-, which a cookie jar keeps from this http test server.
			email := "headers-" + name + "@example.com"
			a.addAccount(email, "Headers", "headers password 123", false) // a recruiter: one step to sign in
			res, _ = a.browser().post("/admin/login", url.Values{"email": {email}, "password": {"headers password 123"}})
			if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) != 1 {
				t.Fatalf("sign-in: %d, cookies %v", res.StatusCode, res.Cookies())
			}
			checkSecurityHeaders(t, "sign-in 303", res, false, secure)
			cookie := res.Cookies()[0]
			cookie.Secure = false

			cases := headerCases(t, a, slug, idStr(appID), cookie)
			for _, c := range cases {
				res, _ := a.do(c.req())
				if res.StatusCode != c.status {
					t.Errorf("%s: status %d, want %d", c.name, res.StatusCode, c.status)
				}
				checkSecurityHeaders(t, c.name, res, c.sandboxed, secure)
			}

			// The database away: a friendly 503, with the same headers.
			down := newApp(t, withPool(unreachablePool(t)), func(d *Deps) { d.Secure = secure })
			for _, path := range []string{"/roles", "/readyz", "/applications/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
				res, _ := down.get(path)
				if res.StatusCode != http.StatusServiceUnavailable {
					t.Errorf("%s with the database away: %d", path, res.StatusCode)
				}
				checkSecurityHeaders(t, "503 "+path, res, false, secure)
			}
			t.Logf("%s: %d response kinds checked, plus 3 outage 503s", name, len(cases)+1)
		})
	}
}
