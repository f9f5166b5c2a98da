package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
)

// TestBrowserRecruiterJourney: sign in, create and publish a role, find a
// student's application, move it to take-home, and see the student's
// status page follow; then sign out.
func TestBrowserRecruiterJourney(t *testing.T) {
	ctx := browser(t, true)
	a := startApp(t)
	pool, err := db.Open(context.Background(), a.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := accounts.NewStore(pool).Create(context.Background(), audit.CLI, accounts.NewAccount{
		Email: "rita@example.com", Name: "Rita Recruiter", Password: "sunlit meadow notebook",
	}); err != nil {
		t.Fatal(err)
	}
	text := func() string { return eval[string](t, ctx, "document.body.innerText") }
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	do(t, ctx, "sign in", chromedp.Navigate(a.base+"/admin/roles"), chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), "rita@example.com"), chromedp.SendKeys(css("#password"), "sunlit meadow notebook"),
		chromedp.Click(css(`form button[type="submit"]`)), chromedp.WaitVisible(css(`a.button[href="/admin/roles/new"]`)))
	if loc := location(t, ctx); !strings.HasSuffix(loc, "/admin/roles") {
		t.Fatalf("after sign-in: %s (want the asked page)", loc)
	}
	checkAxe(t, ctx, "admin roles")
	session := sessionToken(t, ctx, a.base, pool)

	do(t, ctx, "new role", chromedp.Click(css(`a.button[href="/admin/roles/new"]`)), chromedp.WaitVisible(css("#title")),
		chromedp.SendKeys(css("#title"), "Browser Test Intern"), chromedp.SendKeys(css("#team"), "Quality"),
		chromedp.SendKeys(css("#area"), "Tech"), chromedp.SendKeys(css("#locations"), "Los Gatos, CA"),
		chromedp.SendKeys(css("#pay_min"), "45"), chromedp.SendKeys(css("#pay_max"), "60"),
		chromedp.SendKeys(css("#description"), "## The work\n\nTest **everything**."),
		chromedp.Click(css(`button[value="preview"]`)), chromedp.WaitVisible(css(".preview")))
	if !strings.Contains(eval[string](t, ctx, `document.querySelector(".preview").innerHTML`), "<strong>everything</strong>") {
		t.Error("the preview does not render the markdown")
	}
	checkAxe(t, ctx, "role preview")
	do(t, ctx, "save", chromedp.Click(css(`button[value="save"]`)), chromedp.WaitVisible(css(".banner.success")))
	do(t, ctx, "roles", chromedp.Navigate(a.base+"/admin/roles"), chromedp.WaitVisible(css("table")))
	do(t, ctx, "publish", chromedp.Click(css(`form[action$="/publish"] button`)), chromedp.WaitVisible(css(".banner.success")))

	// A student applies to the new role, in another browser profile.
	student := browser(t, true)
	do(t, student, "role", chromedp.Navigate(a.base+"/roles/browser-test-intern/apply"), chromedp.WaitVisible(css("form.apply")))
	for _, f := range []struct{ sel, val string }{
		{"#full_name", "Sam Student"}, {"#email", "sam@example.edu"}, {"#university", "UCLA"},
		{"#why", "Testing is my thing."}, {"#degree", "Bach"}, {"#grad_month", "May"}, {"#grad_year", "2028"},
	} {
		do(t, student, "fill "+f.sel, chromedp.SendKeys(css(f.sel), f.val))
	}
	do(t, student, "send", chromedp.Click(css("#consent")), chromedp.SetUploadFiles(css("#resume"), []string{testResume(t)}),
		chromedp.Click(css(`form.apply button[type="submit"]`)), chromedp.WaitVisible(css(".banner.success")))
	if !strings.Contains(location(t, student), "/applications/") {
		t.Fatalf("the application was not sent:\n%s", eval[string](t, student, "document.body.innerText"))
	}
	status := location(t, student)

	do(t, ctx, "find application", chromedp.Navigate(a.base+"/admin/applications"), chromedp.WaitVisible(css("#f-q")),
		// The unfiltered list has rows too: mark its page, so the wait
		// below finds a row of the search's own page only (a click on the
		// old page's row would find its node gone).
		chromedp.Evaluate[chromedp.Void](`document.body.dataset.before = "search"`),
		chromedp.SendKeys(css("#f-q"), "sam@example.edu"), chromedp.Click(css(`form.search button[type="submit"]`)),
		chromedp.WaitVisible(css(`body:not([data-before]) tbody th a`)), chromedp.Click(css(`tbody th a`)), chromedp.WaitVisible(css(".stage-form")))
	checkAxe(t, ctx, "application")
	do(t, ctx, "move", chromedp.Click(css(`button[value="take_home"]`)), chromedp.WaitVisible(css(".banner.success")))
	if !strings.Contains(text(), "Moved to Take-home assessment") {
		t.Fatal("no confirmation of the move")
	}

	do(t, student, "status", chromedp.Navigate(strings.TrimSuffix(status, "?submitted=1")), chromedp.WaitVisible(css(".stages")))
	if current := eval[string](t, student, `document.querySelector('[aria-current="step"] .stage-name').textContent`); current != "Take-home assessment" {
		t.Fatalf("the student's page shows %q", current)
	}

	do(t, ctx, "sign out", chromedp.Click(css(`form.signout button`)), chromedp.WaitVisible(css("#email")))
	do(t, ctx, "admin again", chromedp.Navigate(a.base+"/admin"), chromedp.WaitVisible(css("#email")))
	if loc := location(t, ctx); !strings.Contains(loc, "/admin/login") {
		t.Fatalf("after sign-out /admin shows %s", loc)
	}
	a.checkLogsHoldNone(t, "rita@example.com", "Rita Recruiter", "sunlit meadow notebook", session,
		"sam@example.edu", "Sam Student", "Testing is my thing", statusToken(t, status))
}

// sessionToken is the session token of the browser at ctx: its session
// cookie (HttpOnly, so read through the DevTools protocol, not the page),
// checked to be a live row of the sessions table. Other tests of this
// package sign in to the same database, so the table alone cannot say
// which session is this browser's.
func sessionToken(t *testing.T, ctx context.Context, base string, pool *pgxpool.Pool) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.Call(c, network.GetCookies, network.GetCookiesParams{URLs: []string{base}})
	if err != nil {
		t.Fatalf("read the browser's cookies: %v", err)
	}
	var token string
	for _, ck := range res.Cookies {
		// internal/server/sessions.go: careers_session, with the
		// __Host- prefix when the site runs on HTTPS.
		if ck.Name == "careers_session" || ck.Name == "__Host-careers_session" {
			token = ck.Value
		}
	}
	if token == "" {
		t.Fatalf("no session cookie among the browser's %d cookies for %s", len(res.Cookies), base)
	}
	// scs's pgxstore keeps the token as it is in the cookie (the
	// manager's HashTokenInStore is off).
	var live bool
	if err := pool.QueryRow(context.Background(),
		`SELECT EXISTS (SELECT 1 FROM sessions WHERE token = $1 AND expiry > now())`, token).Scan(&live); err != nil {
		t.Fatalf("look the session up: %v", err)
	}
	if !live {
		t.Fatal("the browser's session cookie names no live session in the sessions table")
	}
	return token
}
