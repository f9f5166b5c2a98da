package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"example.com/careers/internal/sessions"
)

func TestSignInRenewsTokenAndSignOutEndsIt(t *testing.T) {
	a := newApp(t)
	a.addAccount("renew@example.com", "Renew", "renew password 12345", false)
	b := a.browser()
	b.signIn("renew@example.com", "renew password 12345")
	first := b.cookie()
	if first == "" {
		t.Fatal("no session cookie after sign-in")
	}
	b.signIn("renew@example.com", "renew password 12345")
	second := b.cookie()
	if second == "" || second == first {
		t.Fatal("the token was not renewed at sign-in")
	}
	// The first token is dead on the server, not just replaced in the jar.
	stale := a.browser()
	u, _ := url.Parse(a.srv.URL)
	stale.jar.SetCookies(u, []*http.Cookie{{Name: "careers_session", Value: first, Path: "/"}})
	if res, _ := stale.get("/admin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("old token after renewal: %d", res.StatusCode)
	}

	if res, _ := b.post("/admin/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}
	replay := a.browser()
	replay.jar.SetCookies(u, []*http.Cookie{{Name: "careers_session", Value: second, Path: "/"}})
	if res, _ := replay.get("/admin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("token still valid after sign-out: %d", res.StatusCode)
	}
	var n int
	if err := a.pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions WHERE token = $1 OR token = $2`, first, second).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d sessions left in the store (%v)", n, err)
	}
	if strings.Contains(a.logs.String(), "renew password") {
		t.Fatal("a password reached the logs")
	}
}

func TestSessionCookieFlags(t *testing.T) {
	a := newApp(t)
	a.addAccount("flags@example.com", "Flags", "flags password 12345", false)
	res, _ := a.browser().post("/admin/login", url.Values{"email": {"flags@example.com"}, "password": {"flags password 12345"}})
	c := res.Header.Get("Set-Cookie")
	for _, want := range []string{"careers_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(c, want) {
			t.Errorf("cookie %q lacks %s", c, want)
		}
	}
	sm, _ := sessions.New(a.pool, sessions.Options{Secure: true, IdleTimeout: 1, Lifetime: 2})
	if sm.Cookie.Name != "__Host-careers_session" || !sm.Cookie.Secure || !sm.Cookie.HttpOnly || sm.Cookie.Path != "/" || sm.Cookie.Domain != "" {
		t.Errorf("https cookie settings: %+v", sm.Cookie)
	}
}

func TestSignInErrorIsGeneric(t *testing.T) {
	a := newApp(t)
	a.addAccount("generic@example.com", "Generic", "generic password 12345", false)
	t.Cleanup(func() { _, _ = a.pool.Exec(context.Background(), `DELETE FROM rate_limit_attempts`) })
	wrongPassword, body1 := a.browser().post("/admin/login", url.Values{"email": {"generic@example.com"}, "password": {"not the password"}})
	noAccount, body2 := a.browser().post("/admin/login", url.Values{"email": {"nobody@example.com"}, "password": {"not the password"}})
	if wrongPassword.StatusCode != http.StatusUnauthorized || noAccount.StatusCode != http.StatusUnauthorized {
		t.Fatalf("statuses %d %d", wrongPassword.StatusCode, noAccount.StatusCode)
	}
	msg := "That email and password do not match an account."
	if !strings.Contains(body1, msg) || !strings.Contains(body2, msg) {
		t.Fatal("the two failures must read the same")
	}
	if strings.Contains(a.logs.String(), "generic@example.com") || strings.Contains(a.logs.String(), "not the password") {
		t.Fatal("the logs hold the email or the password")
	}
	if strings.Count(a.logs.String(), `msg="sign-in failed"`) != 2 {
		t.Error("failed attempts are not logged")
	}
}

// TestSignInThrottled: the sixth attempt from one address within a
// minute is refused, however the client rotates X-Forwarded-For (not
// trusted here) and the email, so only the address limit can stop it.
func TestSignInThrottled(t *testing.T) {
	a := newApp(t)
	a.addAccount("throttle@example.com", "Throttle", "throttle password 12345", false)
	t.Cleanup(func() { _, _ = a.pool.Exec(context.Background(), `DELETE FROM rate_limit_attempts`) })
	b := a.browser()
	for i := range 6 {
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/admin/login",
			strings.NewReader(url.Values{"email": {"throttle" + string(rune('a'+i)) + "@example.com"}, "password": {"guess " + string(rune('a'+i))}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-For", "203.0.113."+string(rune('1'+i)))
		res, body := b.do(req)
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if res.StatusCode != want {
			t.Fatalf("attempt %d: %d, want %d", i+1, res.StatusCode, want)
		}
		if i == 5 && (res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Too many sign-in attempts")) {
			t.Fatalf("429 without Retry-After or explanation")
		}
	}
	// Even the right password waits out the window.
	res, _ := b.post("/admin/login", url.Values{"email": {"throttle@example.com"}, "password": {"throttle password 12345"}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("right password while throttled: %d", res.StatusCode)
	}
}

func TestSafeNext(t *testing.T) {
	cases := map[string]string{
		"":                           "/admin",
		"/admin/roles?x=1":           "/admin/roles?x=1",
		"/admin":                     "/admin",
		"//evil.example":             "/admin",
		"https://evil.example/admin": "/admin",
		"/\\evil.example":            "/admin",
		"/%2F%2Fevil.example":        "/admin",
		"/admin/../roles":            "/admin",
		"javascript:alert(1)":        "/admin",
		"/admin/login?next=//evil":   "/admin",
		"/admin\r\nLocation: //evil": "/admin",
		"/roles":                     "/admin",
	}
	for in, want := range cases {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSignInReturnsToAskedPage(t *testing.T) {
	a := newApp(t)
	a.addAccount("next@example.com", "Next", "next password 123456", false)
	b := a.browser()
	res, _ := b.get("/admin/applications?stage=offer")
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc != "/admin/login?next=%2Fadmin%2Fapplications%3Fstage%3Doffer" {
		t.Fatalf("anonymous: %d %q", res.StatusCode, loc)
	}
	_, body := b.get(loc)
	if !strings.Contains(body, `name="next" value="/admin/applications?stage=offer"`) {
		t.Fatal("the form does not carry next")
	}
	res, _ = b.post("/admin/login", url.Values{"email": {"next@example.com"}, "password": {"next password 123456"}, "next": {"/admin/applications?stage=offer"}})
	if res.Header.Get("Location") != "/admin/applications?stage=offer" {
		t.Fatalf("after sign-in: %q", res.Header.Get("Location"))
	}
	for _, evil := range []string{"//evil.example", "https://evil.example", "/\\evil.example"} {
		res, _ = a.browser().post("/admin/login", url.Values{"email": {"next@example.com"}, "password": {"next password 123456"}, "next": {evil}})
		if res.Header.Get("Location") != "/admin" {
			t.Errorf("next=%s sent to %q", evil, res.Header.Get("Location"))
		}
	}
}
