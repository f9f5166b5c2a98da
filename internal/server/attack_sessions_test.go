package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/sessions"
)

// withSessions gives the app sessions with these timeouts.
func withSessions(t *testing.T, o sessions.Options) option {
	return func(d *Deps) { d.Sessions, _ = sessions.New(dbtest.Pool(t), o) }
}

// clearAttempts empties the shared sign-in throttle before and after a
// test, so tests do not throttle each other.
func clearAttempts(t *testing.T, a *testApp) {
	t.Helper()
	if _, err := a.pool.Exec(t.Context(), `DELETE FROM rate_limit_attempts`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = a.pool.Exec(context.Background(), `DELETE FROM rate_limit_attempts`) })
}

// signInFrom posts a sign-in as if sent through the trusted proxy, which
// appends the client's address to what the client itself claimed.
func signInFrom(a *testApp, email, password string, xff ...string) *http.Response {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/admin/login",
		strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, v := range xff {
		req.Header.Add("X-Forwarded-For", v)
	}
	res, _ := a.browser().do(req)
	return res
}

// TestSignInCannotLockTheOwnerOut: fifty wrong passwords for one
// account, each from another address, do not keep its owner out: from
// a new address the right password signs in at once. The spread-out
// attack is still slowed: while the account is under attack, each
// address gets one try a minute at it. (Before, five failures from
// anywhere refused the right password: a lockout on demand.)
func TestSignInCannotLockTheOwnerOut(t *testing.T) {
	a := newApp(t, func(d *Deps) { d.TrustedProxyHeader = "X-Forwarded-For" })
	clearAttempts(t, a)
	a.addAccount("target@example.com", "Target", "target password 123", false)
	a.addAccount("bystander@example.com", "Bystander", "bystander password 1", false)
	for i := range 50 {
		addr := "198.51.100." + idStr(int64(10+i))
		if res := signInFrom(a, "target@example.com", "guess "+idStr(int64(i)), addr); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d from %s: %d, want 401", i+1, addr, res.StatusCode)
		}
	}
	// The account is under attack now: a second try from an address that
	// just failed waits (the address of the account in any letter case).
	if res := signInFrom(a, "TARGET@example.com", "guess again", "198.51.100.59"); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("a second guess from one address while under attack: %d, want 429 with Retry-After", res.StatusCode)
	}
	// The owner, from an address of their own, gets in at the normal cost.
	if res := signInFrom(a, "target@example.com", "target password 123", "203.0.113.200"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the owner after 50 failures from elsewhere: %d, want 303", res.StatusCode)
	}
	// And from an IPv6 address too, then again after a typo.
	if res := signInFrom(a, "target@example.com", "target pasword 123", "2001:db8:7::1"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the owner's typo: %d, want 401", res.StatusCode)
	}
	if res := signInFrom(a, "bystander@example.com", "bystander password 1", "203.0.113.201"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another account: %d, want 303", res.StatusCode)
	}
}

// TestSignInThrottledPerAddressBehindProxy: behind a trusted proxy, a
// client rotating the addresses it claims (the left of
// X-Forwarded-For, or a header line of its own) and the accounts it
// tries is still one address, the one the proxy appended.
func TestSignInThrottledPerAddressBehindProxy(t *testing.T) {
	a := newApp(t, func(d *Deps) { d.TrustedProxyHeader = "X-Forwarded-For" })
	clearAttempts(t, a)
	for i := range 6 {
		n := idStr(int64(i))
		claimed := []string{"198.51.100." + n + ", 192.0.2.7"}
		if i%2 == 1 {
			claimed = []string{"198.51.100." + n, "192.0.2.7"} // two header lines
		}
		res := signInFrom(a, "someone"+n+"@example.com", "guess "+n, claimed...)
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if res.StatusCode != want {
			t.Fatalf("attempt %d: %d, want %d", i+1, res.StatusCode, want)
		}
	}
	// A different client of the same proxy is not blocked.
	if res := signInFrom(a, "someone-else@example.com", "guess", "192.0.2.8"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("another client: %d, want 401", res.StatusCode)
	}
}

// TestSignInThrottledPerAddressWithPorts: a proxy that writes
// "ip:port" (or "[v6]:port") still tells clients apart. Before, such a
// value did not parse, and every client fell back to the proxy's own
// address: one bucket for everyone.
func TestSignInThrottledPerAddressWithPorts(t *testing.T) {
	a := newApp(t, func(d *Deps) { d.TrustedProxyHeader = "X-Forwarded-For" })
	clearAttempts(t, a)
	for i := range 6 {
		n := idStr(int64(i))
		// The same client on a new source port each time.
		res := signInFrom(a, "ports"+n+"@example.com", "guess "+n, "203.0.113.9:"+idStr(int64(40000+i)))
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if res.StatusCode != want {
			t.Fatalf("attempt %d: %d, want %d", i+1, res.StatusCode, want)
		}
	}
	for _, other := range []string{"203.0.113.10:40000", "[2001:db8::7]:443"} {
		if res := signInFrom(a, "ports-other@example.com", "guess", other); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("another client %s: %d, want 401 (it shared the first one's bucket)", other, res.StatusCode)
		}
	}
}

// TestSessionIdleTimeout: a session used more often than its idle
// timeout lives on past it; left idle longer, it is dead: the next
// request lands on sign-in, and the old cookie opens nothing.
func TestSessionIdleTimeout(t *testing.T) {
	t.Parallel() // mostly waiting; its account and sessions are its own
	// Generous against a loaded machine: a request may take a while, and
	// the gap between two uses must stay under the timeout.
	const idle = 3 * time.Second
	a := newApp(t, withSessions(t, sessions.Options{IdleTimeout: idle, Lifetime: time.Hour}))
	a.addAccount("idle@example.com", "Idle", "idle password 12345", false)
	b := a.browser()
	b.signIn("idle@example.com", "idle password 12345")
	cookie := b.cookie()
	start := time.Now()
	for time.Since(start) < 2*idle {
		if res, _ := b.get("/admin"); res.StatusCode != http.StatusOK {
			t.Fatalf("a session in use died after %v: %d", time.Since(start), res.StatusCode)
		}
		time.Sleep(idle / 6)
	}
	time.Sleep(idle + time.Second)
	res, _ := b.get("/admin")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Fatalf("after %v idle: %d %q, want the sign-in redirect", idle+time.Second, res.StatusCode, res.Header.Get("Location"))
	}
	replay := a.browser()
	u, _ := url.Parse(a.srv.URL)
	replay.jar.SetCookies(u, []*http.Cookie{{Name: "careers_session", Value: cookie, Path: "/"}})
	if res, _ := replay.get("/admin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the idle session's cookie still opens /admin: %d", res.StatusCode)
	}
	if res, _ := replay.post("/admin/applications/bulk", url.Values{"to": {"take_home"}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the idle session's cookie still posts: %d", res.StatusCode)
	}
	var live int
	if err := a.pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions WHERE token = $1 AND expiry > now()`, cookie).Scan(&live); err != nil {
		t.Fatalf("count the live sessions: %v", err)
	}
	if live != 0 {
		t.Fatal("the idle session is still live in the store")
	}
}

// TestSessionAbsoluteLifetime: however busy, a session ends at its
// lifetime.
func TestSessionAbsoluteLifetime(t *testing.T) {
	t.Parallel() // mostly waiting; its account and sessions are its own
	const lifetime = 2 * time.Second
	a := newApp(t, withSessions(t, sessions.Options{IdleTimeout: time.Hour, Lifetime: lifetime}))
	a.addAccount("lifetime@example.com", "Lifetime", "lifetime password 12", false)
	b := a.browser()
	start := time.Now()
	b.signIn("lifetime@example.com", "lifetime password 12")
	cookie := b.cookie()
	for {
		res, _ := b.get("/admin")
		if res.StatusCode == http.StatusSeeOther {
			break
		}
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		if time.Since(start) > lifetime+10*time.Second {
			t.Fatalf("the session outlived its %v lifetime by 10 s while in use", lifetime)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if took := time.Since(start); took < lifetime {
		t.Fatalf("the session ended after %v, before its lifetime", took)
	}
	replay := a.browser()
	u, _ := url.Parse(a.srv.URL)
	replay.jar.SetCookies(u, []*http.Cookie{{Name: "careers_session", Value: cookie, Path: "/"}})
	if res, _ := replay.get("/admin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the expired session's cookie still opens /admin: %d", res.StatusCode)
	}
}
