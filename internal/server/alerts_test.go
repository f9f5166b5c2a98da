package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/alerts"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/mail/mailtest"
)

var confirmRe = regexp.MustCompile(`http://careers\.test(/alerts/confirm/[A-Za-z0-9_-]{43})`)

func withAlertWindow(w time.Duration) option { return func(d *Deps) { d.AlertWindow = w } }

// TestAlertsDoubleOptInAndDigest walks the whole alert life: sign up,
// confirm, two matching roles and one that does not match published in
// one window, one digest, one-click unsubscribe.
func TestAlertsDoubleOptInAndDigest(t *testing.T) {
	ctx := context.Background()
	// Earlier tests in this package published roles with no alert
	// window, leaving digest jobs due at once in the shared database.
	// This app runs queue workers: one of those jobs, picked up between
	// the two publications below, would send a digest of the first role
	// alone (a flake seen under load). They are not this test's.
	if _, err := dbtest.Pool(t).Exec(ctx, `DELETE FROM river_job WHERE kind = 'alert_digest' AND finalized_at IS NULL`); err != nil {
		t.Fatal(err)
	}
	smtp := mailtest.Start(t)
	a := newApp(t, withSMTP(t, smtp.URL()), withAlertWindow(time.Hour))
	if _, err := a.pool.Exec(ctx, `UPDATE roles SET status = 'closed' WHERE status = 'open'`); err != nil {
		t.Fatal(err)
	}
	// Tests share the database: leave no fresh open roles behind.
	t.Cleanup(func() {
		_, _ = a.pool.Exec(context.Background(), `UPDATE roles SET status = 'closed' WHERE slug LIKE 'alert-%' AND status = 'open'`)
	})

	res, body := a.browser().post("/alerts", url.Values{"email": {"fan@example.com"}, "areas": {"technology"}, "degree": {"masters"}})
	if res.StatusCode != 200 || !strings.Contains(body, "Check your inbox") {
		t.Fatalf("sign-up: %d", res.StatusCode)
	}
	confirm := mailsTo(t, smtp, "fan@example.com", 1)[0]
	m := confirmRe.FindStringSubmatch(confirm.Text)
	if m == nil || !strings.Contains(confirm.Subject, "Confirm") {
		t.Fatalf("confirmation mail: %q\n%s", confirm.Subject, confirm.Text)
	}
	if confirm.Header.Get("List-Unsubscribe") != "" {
		t.Error("the confirmation is not an alert: no unsubscribe header")
	}
	// Signing up again, or someone else trying the address, reads the
	// same and sends nothing new within the hour.
	_, body2 := a.browser().post("/alerts", url.Values{"email": {"FAN@example.com"}, "areas": {"technology"}, "degree": {"masters"}})
	time.Sleep(300 * time.Millisecond)
	if n := len(mailsTo(t, smtp, "fan@example.com", 1)); n != 1 {
		t.Fatalf("a repeat sign-up within the hour sent another confirmation (%d messages)", n)
	}
	if !strings.Contains(body2, "Check your inbox") {
		t.Fatalf("a repeat sign-up reads differently:\n%s", a.logs.String())
	}

	digestJobs := func() int {
		var n int
		_ = a.pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'alert_digest'`).Scan(&n)
		return n
	}
	jobsBefore := digestJobs()

	// Before confirmation, a published role alerts nobody.
	rec := publisher(t, a)
	publish(t, a, rec, "alert-early", "technology", "masters")
	if n := a.runDigests(t); n != 0 {
		t.Fatalf("%d digests before confirmation", n)
	}

	// GET only shows a button (mail scanners follow links); POST confirms.
	if res, body := a.get(m[1]); res.StatusCode != 200 || !strings.Contains(body, "Confirm my alerts") {
		t.Fatalf("confirm page: %d", res.StatusCode)
	}
	var confirmed *time.Time
	_ = a.pool.QueryRow(ctx, `SELECT confirmed_at FROM alert_subscriptions WHERE email = 'fan@example.com'`).Scan(&confirmed)
	if confirmed != nil {
		t.Fatal("a GET confirmed the subscription")
	}
	if res, body := a.post(m[1], http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.StatusCode != 200 || !strings.Contains(body, "Your alerts are on") {
		t.Fatalf("confirm: %d", res.StatusCode)
	}

	// Two matching roles and two that do not match, in one window.
	publish(t, a, rec, "alert-match-1", "technology", "masters")
	publish(t, a, rec, "alert-match-2", "technology", "phd,masters")
	publish(t, a, rec, "alert-other-area", "business", "masters")
	publish(t, a, rec, "alert-other-degree", "technology", "bachelors")
	if jobs := digestJobs() - jobsBefore; jobs != 1 {
		t.Fatalf("%d digest jobs for five roles published in one window, want 1", jobs)
	}
	if n := a.runDigests(t); n != 1 {
		t.Fatalf("%d digests", n)
	}
	digest := mailsTo(t, smtp, "fan@example.com", 2)[1]
	if !strings.Contains(digest.Subject, "2 new internship roles") {
		t.Fatalf("digest subject %q", digest.Subject)
	}
	for _, want := range []string{"/roles/alert-match-1", "/roles/alert-match-2"} {
		if !strings.Contains(digest.Text, want) || !strings.Contains(digest.HTML, want) {
			t.Errorf("digest lacks %s", want)
		}
	}
	for _, not := range []string{"alert-other-area", "alert-other-degree", "alert-early"} {
		if strings.Contains(digest.Text, not) {
			t.Errorf("digest includes %s", not)
		}
	}
	unsub := digest.Header.Get("List-Unsubscribe")
	if !strings.HasPrefix(unsub, "<http://careers.test/alerts/unsubscribe/") || digest.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("unsubscribe headers: %q", unsub)
	}
	// A second run finds nothing new: no role is announced twice.
	if n := a.runDigests(t); n != 0 {
		t.Fatalf("second run sent %d", n)
	}

	// One-click unsubscribe, as a mail provider sends it: a POST with the
	// RFC 8058 body and no browser headers at all.
	path := strings.TrimSuffix(strings.TrimPrefix(unsub, "<http://careers.test"), ">")
	if res, body := a.get(path); res.StatusCode != 200 || !strings.Contains(body, `<button class="button" type="submit">Unsubscribe</button>`) {
		t.Fatalf("unsubscribe page: %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res, _ := a.do(req); res.StatusCode != 200 {
		t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
	}
	// The unsubscribe link (which alerts carry everywhere) cannot turn
	// alerts back on through the confirm address.
	unsubToken := strings.TrimPrefix(path, "/alerts/unsubscribe/")
	if res, _ := a.post("/alerts/confirm/"+unsubToken, http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("confirm with the unsubscribe token: %d", res.StatusCode)
	}
	if res, _ := a.post(m[1], http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("the old confirmation link re-subscribed: %d", res.StatusCode)
	}
	publish(t, a, rec, "alert-after", "technology", "masters")
	if n := a.runDigests(t); n != 0 {
		t.Fatalf("an unsubscribed address got %d digests", n)
	}
	if res, _ := a.get("/alerts/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown token: %d", res.StatusCode)
	}
	if got := len(mailsTo(t, smtp, "fan@example.com", 2)); got != 2 {
		t.Fatalf("%d messages in all, want confirmation + one digest", got)
	}
	// Neither link is anywhere in the database: only hashes are kept.
	waitAllSent(t, a.pool, "fan@example.com")
	assertNoTokenStored(t, a.pool, []string{strings.TrimPrefix(m[1], "/alerts/confirm/"), unsubToken})
}

func TestAlertsSignUpValidation(t *testing.T) {
	a := newApp(t)
	res, body := a.browser().post("/alerts", url.Values{"email": {"not an email"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#alert-email">Enter an email address`) || !strings.Contains(body, `value="not an email"`) {
		t.Fatalf("invalid: %d", res.StatusCode)
	}
	res, body = a.get("/alerts")
	if res.StatusCode != 200 || !strings.Contains(body, "Tell me when roles open") {
		t.Fatalf("form: %d", res.StatusCode)
	}
}

// publisher signs in a recruiter for publishing test roles.
func publisher(t *testing.T, a *testApp) *browser {
	a.addAccount("publisher-"+strings.ToLower(t.Name())+"@example.com", "Pub", "publisher password 1", false)
	b := a.browser()
	b.signIn("publisher-"+strings.ToLower(t.Name())+"@example.com", "publisher password 1")
	return b
}

// publish makes a draft role and publishes it through the admin pages.
func publish(t *testing.T, a *testApp, rec *browser, slug, area, degrees string) {
	t.Helper()
	addRole(t, a.pool, slug, "Role "+slug, "draft", nil)
	if _, err := a.pool.Exec(t.Context(), `UPDATE roles SET area = $2, degree_levels = string_to_array($3, ',') WHERE slug = $1`, slug, area, degrees); err != nil {
		t.Fatal(err)
	}
	var id int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&id)
	if res, _ := rec.post("/admin/roles/"+idStr(id)+"/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish %s: %d", slug, res.StatusCode)
	}
}

// runDigests does what the scheduled job does, now.
func (a *testApp) runDigests(t *testing.T) int {
	t.Helper()
	n, err := alerts.NewStore(a.pool).SendDigests(t.Context(), time.Now(), digestWorker(a.pool, a.outbox).Compose)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
