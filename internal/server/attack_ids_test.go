package server

import (
	"encoding/base64"
	"math/bits"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"example.com/careers/internal/token"
)

// tokenBits decodes a URL token and returns how many random bits it
// carries (its decoded length), or 0 when it does not decode.
func tokenBits(t *testing.T, token string) int {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Errorf("token %q does not decode: %v", token, err)
		return 0
	}
	return 8 * len(b)
}

// TestTokensAreLongAndRandom: every kind of token (status links, alert
// confirm and unsubscribe links, apply-form keys) decodes to at least
// 128 bits; thousands of them are all distinct, and their bits are ones
// about half the time, as random bits are (a counter or a clock would
// not be).
func TestTokensAreLongAndRandom(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "tokens-role", "Tokens Intern", "open", nil)
	for i := range 20 {
		email := "tokens-" + idStr(int64(i)) + "@example.com"
		if res, _ := a.apply(slug, validForm(email).set("submission_key", "tokens-key-"+idStr(int64(i))+"-0123456789")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("apply: %d", res.StatusCode)
		}
		if res, _ := a.browser().post("/alerts", url.Values{"email": {email}}); res.StatusCode != 200 {
			t.Fatalf("alerts: %d", res.StatusCode)
		}
	}
	// The tokens as mailed (recorded here: no SMTP), since the database
	// keeps only their hashes.
	var stored []string
	rows, err := a.pool.Query(t.Context(), `SELECT text_body FROM outgoing_mail`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		for _, m := range mailedToken.FindAllStringSubmatch(s, -1) {
			stored = append(stored, m[1])
		}
	}
	if rows.Err() != nil || len(stored) < 40 {
		t.Fatalf("%d mailed tokens (%v)", len(stored), rows.Err())
	}
	// The apply form's one-time key comes from the same generator.
	_, form := a.get("/roles/" + slug + "/apply")
	key := regexp.MustCompile(`name="submission_key" value="([^"]+)"`).FindStringSubmatch(form)
	if key == nil {
		t.Fatal("no submission key on the form")
	}
	tokens := append(stored, key[1])
	for range 5000 {
		tokens = append(tokens, token.New())
	}
	seen := map[string]bool{}
	ones, total := 0, 0
	for _, tok := range tokens {
		if n := tokenBits(t, tok); n < 128 {
			t.Fatalf("token %q carries %d bits, want at least 128", tok, n)
		}
		if seen[tok] {
			t.Fatalf("token %q came twice", tok)
		}
		seen[tok] = true
		b, _ := base64.RawURLEncoding.DecodeString(tok)
		for _, c := range b {
			ones += bits.OnesCount8(c)
		}
		total += 8 * len(b)
	}
	// 1.3 million bits: a fair coin lands within 0.5 ± 0.005 far beyond
	// any chance of a false alarm (over 10 standard deviations).
	if share := float64(ones) / float64(total); share < 0.495 || share > 0.505 {
		t.Errorf("ones in %.4f of the token bits: not random", share)
	}
	t.Logf("%d tokens (%d from mail), all distinct, %d bits each, %.4f of bits set", len(tokens), len(stored), tokenBits(t, tokens[0]), float64(ones)/float64(total))
}

var requestIDRe = regexp.MustCompile(`[0-9a-f]{16}`)

// mailedToken finds the token of each private link in a message.
var mailedToken = regexp.MustCompile(`/(?:applications|alerts/confirm|alerts/unsubscribe)/([A-Za-z0-9_-]{43})`)

// TestWrongTokensAllLookAlike: an unknown token, a cut one, one with a
// character changed and a malformed one get the very same 404 page as
// any unknown address, on every page that takes a token, by GET and by
// POST: nothing tells a near miss from a wild guess.
func TestWrongTokensAllLookAlike(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "near-miss", "Near Miss Intern", "open", nil)
	res, _ := a.apply(slug, validForm("near-miss@example.com"))
	m := tokenPath.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	token := m[1]
	if res, _ := a.browser().post("/alerts", url.Values{"email": {"near-miss@example.com"}}); res.StatusCode != 200 {
		t.Fatal("alerts")
	}
	alertToken := alertLink(t, a.pool, "near-miss@example.com", "unsubscribe")
	confirmToken := alertLink(t, a.pool, "near-miss@example.com", "confirm")
	flip := func(s string) string {
		c := byte('A')
		if s[20] == 'A' {
			c = 'B'
		}
		return s[:20] + string(c) + s[21:]
	}
	_, reference := a.get("/no-such-page")
	reference = requestIDRe.ReplaceAllString(reference, "ID")
	for _, route := range []struct{ path, real string }{
		{"/applications/%s", token},
		{"/applications/%s/withdraw", token},
		{"/alerts/confirm/%s", confirmToken},
		{"/alerts/unsubscribe/%s", alertToken},
	} {
		if res, _ := a.get(strings.Replace(route.path, "%s", route.real, 1)); res.StatusCode != 200 {
			t.Fatalf("%s with the real token: %d", route.path, res.StatusCode)
		}
		for what, wrong := range map[string]string{
			"unknown":           strings.Repeat("A", 43),
			"truncated":         route.real[:42],
			"one character off": flip(route.real),
			"one more":          route.real + "A",
			"malformed":         "not-a-token!",
			"upper-cased":       strings.ToUpper(route.real),
			"quoted":            "'" + route.real[1:],
			"other kind":        map[bool]string{true: alertToken, false: token}[route.real == token],
		} {
			path := strings.Replace(route.path, "%s", url.PathEscape(wrong), 1)
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				req, _ := http.NewRequest(method, a.srv.URL+path, strings.NewReader(""))
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				res, body := a.do(req)
				if res.StatusCode != http.StatusNotFound && !(method == http.MethodPost && res.StatusCode == http.StatusMethodNotAllowed) {
					t.Errorf("%s %s (%s): %d, want 404", method, route.path, what, res.StatusCode)
					continue
				}
				if method == http.MethodGet && requestIDRe.ReplaceAllString(body, "ID") != reference {
					t.Errorf("GET %s (%s): the 404 page differs from any unknown page's", route.path, what)
				}
			}
		}
	}
	// Nothing was withdrawn, confirmed or unsubscribed by the guesses.
	var stage string
	var confirmed, unsubscribed bool
	if err := a.pool.QueryRow(t.Context(), `SELECT stage FROM applications WHERE id = `+appByToken, token).Scan(&stage); err != nil {
		t.Fatalf("read the application's stage: %v", err)
	}
	if err := a.pool.QueryRow(t.Context(), `SELECT confirmed_at IS NOT NULL, unsubscribed_at IS NOT NULL FROM alert_subscriptions
		WHERE id = (SELECT subscription_id FROM alert_links WHERE token_hash = sha256(convert_to($1, 'UTF8')))`, alertToken).
		Scan(&confirmed, &unsubscribed); err != nil {
		t.Fatalf("read the alert subscription: %v", err)
	}
	if stage != "applied" || confirmed || unsubscribed {
		t.Errorf("guesses changed state: stage %s, confirmed %v, unsubscribed %v", stage, confirmed, unsubscribed)
	}
}

// TestAdminIDsRevealNothing: for every admin route with an id, someone
// not allowed in (anonymous, a disabled account, a recruiter on an
// admin-only route) gets the same answer whether the id exists or not;
// resumes go only to signed-in recruiters.
func TestAdminIDsRevealNothing(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "ids-role", "IDs Intern", "open", nil)
	res, _ := a.apply(slug, validForm("ids@example.com"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	a.addAccount("ids-admin@example.com", "Ids Admin", "ids admin password 1", true)
	user := a.addAccount("ids-rec@example.com", "Ids Rec", "ids recruiter pass 1", false)
	off := a.addAccount("ids-off@example.com", "Ids Off", "ids disabled pass 12", false)
	var appID, roleID, mailID int64
	if err := a.pool.QueryRow(t.Context(), `SELECT a.id, a.role_id, m.id FROM applications a, outgoing_mail m
		WHERE a.email = 'ids@example.com' AND m.recipient = 'ids@example.com'`).Scan(&appID, &roleID, &mailID); err != nil {
		t.Fatal(err)
	}
	rec, disabled, anon, admin := a.browser(), a.browser(), a.browser(), a.browser()
	rec.signIn("ids-rec@example.com", "ids recruiter pass 1")
	disabled.signIn("ids-off@example.com", "ids disabled pass 12")
	admin.signIn("ids-admin@example.com", "ids admin password 1")
	if _, err := a.pool.Exec(t.Context(), `UPDATE accounts SET disabled_at = now() WHERE id = $1`, off.ID); err != nil {
		t.Fatal(err)
	}

	const missing = "987654321"
	existing := func(route string) string {
		switch {
		case strings.HasPrefix(route, "/admin/roles/"):
			return idStr(roleID)
		case strings.HasPrefix(route, "/admin/users/"):
			return idStr(user.ID)
		case strings.HasPrefix(route, "/admin/outbox/"):
			return idStr(mailID)
		}
		return idStr(appID)
	}
	send := func(b *browser, method, path string) (*http.Response, string) {
		if method == http.MethodGet {
			return b.get(path)
		}
		return b.post(path, url.Values{})
	}
	// The page may name its own address; nothing else may differ.
	normal := func(body, path string) string {
		body = strings.ReplaceAll(body, url.QueryEscape(path), "PATH")
		return requestIDRe.ReplaceAllString(strings.ReplaceAll(body, path, "PATH"), "RID")
	}
	compared := 0
	for _, rt := range adminRoutes(t, a.mux) {
		method, route := rt[0], rt[1]
		if !strings.Contains(route, "{id}") {
			continue
		}
		// Other parameters ({file}, {stage}) get a plain value, the same
		// for both requests.
		route = paramRe.ReplaceAllStringFunc(route, func(p string) string {
			if p == "{id}" {
				return p
			}
			return "1"
		})
		// Destructive routes get a fresh id each time they act; here
		// nobody is allowed to act, so the real id stays put.
		id := existing(route)
		who := map[string]*browser{"anonymous": anon, "disabled": disabled}
		if adminOnly(route) {
			who["recruiter"] = rec
		}
		for name, b := range who {
			p1, p2 := strings.Replace(route, "{id}", id, 1), strings.Replace(route, "{id}", missing, 1)
			r1, b1 := send(b, method, p1)
			r2, b2 := send(b, method, p2)
			compared++
			l1 := strings.ReplaceAll(r1.Header.Get("Location"), url.QueryEscape(p1), "PATH")
			l2 := strings.ReplaceAll(r2.Header.Get("Location"), url.QueryEscape(p2), "PATH")
			if r1.StatusCode != r2.StatusCode || l1 != l2 || normal(b1, p1) != normal(b2, p2) {
				t.Errorf("%s %s as %s: existing id %d %q, missing id %d %q", method, route, name, r1.StatusCode, l1, r2.StatusCode, l2)
			}
			if r1.StatusCode == 200 || (r1.StatusCode >= 300 && r1.StatusCode < 400 && !strings.HasPrefix(l1, "/admin/login")) {
				t.Errorf("%s %s as %s: %d %q, let through", method, route, name, r1.StatusCode, l1)
			}
		}
	}
	if compared < 20 {
		t.Fatalf("only %d comparisons: the walk found too few routes with ids", compared)
	}

	// The resume: only a signed-in recruiter gets its bytes.
	resume := "/admin/applications/" + idStr(appID) + "/resume"
	for name, b := range map[string]*browser{"anonymous": anon, "disabled": disabled} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			req, _ := http.NewRequest(method, a.srv.URL+resume, nil)
			res, body := b.do(req)
			if res.StatusCode != http.StatusSeeOther || strings.Contains(body, "%PDF") || res.Header.Get("Content-Disposition") != "" {
				t.Errorf("%s %s as %s: %d", method, resume, name, res.StatusCode)
			}
		}
	}
	for name, b := range map[string]*browser{"recruiter": rec, "admin": admin} {
		if res, body := b.get(resume); res.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
			t.Errorf("resume as %s: %d", name, res.StatusCode)
		}
	}
	t.Logf("%d existing/missing id pairs compared", compared)
}
