package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
)

// TestBrowserInterviewJourney runs the take-home round in Chromium: a
// recruiter writes the role's task, assigns two graders and sends it;
// the student (in Tokyo, by the browser's clock) finds their zone
// preselected, saves it and uploads their work; one grader signs in and
// submits a scorecard; the recruiter is refused a move on while the
// other's is missing; the other grader, in a browser without JavaScript
// (every form is a plain form), finds the form and not the first card,
// and submits; the recruiter moves the application on with both
// scorecards on screen. axe checks every new page.
func TestBrowserInterviewJourney(t *testing.T) {
	rec := browser(t, true)
	iv := browser(t, true)
	noJS := browser(t, false)
	a := startApp(t)
	pool, err := db.Open(context.Background(), a.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	store := accounts.NewStore(pool)
	for _, n := range []accounts.NewAccount{
		{Email: "inés@example.com", Name: "Inés Recruiter", Password: "copper kettle horizon"},
		{Email: "kofi@example.com", Name: "Kofi Asante", Password: "amber tide signal", Interviewer: true},
		{Email: "lena@example.com", Name: "Lena Schäfer", Password: "quiet maple ferry", Interviewer: true},
	} {
		if _, err := store.Create(context.Background(), audit.CLI, n); err != nil {
			t.Fatal(err)
		}
	}
	// An application through the real form.
	client := &http.Client{Transport: sameOrigin{}}
	var slug, degree, roleID string
	if err := pool.QueryRow(context.Background(), `SELECT slug, degree_levels[1], id::text FROM roles WHERE status = 'open' AND area = 'technology' ORDER BY id LIMIT 1`).Scan(&slug, &degree, &roleID); err != nil {
		t.Fatal(err)
	}
	body, ctype := applyBody(t, degree)
	res, err := client.Post(a.base+"/roles/"+slug+"/apply", ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	statusURL := a.base + res.Request.URL.Path
	var appID string
	if err := pool.QueryRow(context.Background(), `SELECT id::text FROM applications WHERE email = 'pages@example.com'`).Scan(&appID); err != nil {
		t.Fatal(err)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	signIn := func(ctx context.Context, email, password, then string) {
		t.Helper()
		do(t, ctx, "sign in "+email, chromedp.Navigate(a.base+"/admin/login"), chromedp.WaitVisible(css("#email")),
			chromedp.SendKeys(css("#email"), email), chromedp.SendKeys(css("#password"), password),
			chromedp.Click(css(`form button[type="submit"]`)), chromedp.WaitVisible(css(then)))
	}
	// markPage marks the page, so a wait finds the next one, not this.
	markPage := func() chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](`document.body.dataset.old = "1"`)
	}

	signIn(rec, "inés@example.com", "copper kettle horizon", ".stats")
	do(t, rec, "write the task", chromedp.Navigate(a.base+"/admin/roles/"+roleID+"/take-home"), chromedp.WaitVisible(css("#body")), chromedp.Evaluate[chromedp.Void](`document.querySelector("#body").value = ""`),
		chromedp.SendKeys(css("#body"), "## Build a tiny player\n\nHand in a **PDF** or a repository link."),
		chromedp.Click(css(`form[action$="/take-home"] button[type="submit"]`)), chromedp.WaitVisible(css(".banner.success")))
	checkAxe(t, rec, "the role's take-home task")
	appPage := a.base + "/admin/applications/" + appID
	for _, who := range []string{"Kofi Asante (Interviewer)", "Lena Schäfer (Interviewer)"} {
		do(t, rec, "assign "+who, chromedp.Navigate(appPage), chromedp.WaitVisible(css("#assign-account")),
			chromedp.SetValue(css("#assign-stage"), "take_home"),
			chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector("#assign-account");
				s.value = Array.from(s.options).find(o => o.text === `+jsString(who)+`).value; })()`),
			chromedp.Click(css(`form[action$="/interviewers"] button`)), chromedp.WaitVisible(css(".banner.success")))
	}
	do(t, rec, "send the take-home", markPage(), chromedp.Click(css(`form[action$="/take-home"] button`)),
		chromedp.WaitVisible(css("body:not([data-old]) .banner.success")))
	checkAxe(t, rec, "application with the take-home sent")

	// The student, in Tokyo by their browser's clock.
	c, cancel := context.WithTimeout(iv, 30*time.Second)
	if _, err := chromedp.Call(c, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Tokyo"}); err != nil {
		t.Fatalf("emulate Tokyo: %v", err)
	}
	cancel()
	do(t, iv, "the status page", chromedp.Navigate(statusURL), chromedp.WaitVisible(css("#take-home")))
	if zone := eval[string](t, iv, `document.querySelector("#tz").value`); zone != "Asia/Tokyo" {
		t.Fatalf("the browser's zone is not preselected: %q", zone)
	}
	checkAxe(t, iv, "status page with the take-home")
	do(t, iv, "save the zone", markPage(), chromedp.Click(css(`form[action$="/time-zone"] button`)),
		chromedp.WaitVisible(css("body:not([data-old]) .take-home .banner.success")))
	if page := eval[string](t, iv, "document.body.innerText"); !strings.Contains(page, "JST (Asia/Tokyo)") || !strings.Contains(page, "Build a tiny player") {
		t.Fatalf("the due moment is not in the student's zone, or the task is missing:\n%s", page)
	}
	work := filepath.Join(t.TempDir(), "Kwabena's work.pdf")
	if err := os.WriteFile(work, []byte("%PDF-1.4\n% the student's work\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	do(t, iv, "upload the work", chromedp.SetUploadFiles(css("#work"), []string{work}), markPage(),
		chromedp.Click(css(`form[action$="/take-home"] button[type="submit"]`)),
		chromedp.WaitVisible(css("body:not([data-old]) .take-home .banner.success")))
	// The name is kept without its quote marks, as resumes are.
	if page := eval[string](t, iv, "document.body.innerText"); !strings.Contains(page, "Kwabenas work.pdf") || !strings.Contains(page, "Replace my work") {
		t.Fatalf("the page does not show the work handed in:\n%s", page)
	}
	checkAxe(t, iv, "status page with the work in")

	signIn(iv, "kofi@example.com", "amber tide signal", "table")
	checkAxe(t, iv, "your interviews")
	do(t, iv, "open the interview", chromedp.Click(css(`tbody th a`)), chromedp.WaitVisible(css("form.scorecard")))
	if page := eval[string](t, iv, "document.body.innerText"); !strings.Contains(page, "Download the work") || !strings.Contains(page, "Handed in on time") {
		t.Fatalf("the grader's page lacks the work:\n%s", page)
	}
	checkAxe(t, iv, "interview kit and scorecard")
	rate := func(ctx context.Context, who string) {
		t.Helper()
		keys := eval[[]string](t, ctx, `Array.from(new Set(Array.from(document.querySelectorAll('form.scorecard input[type=radio][name^="rating-"]'), e => e.name.slice(7))))`)
		if len(keys) < 3 {
			t.Fatalf("the scorecard rates %d attributes", len(keys))
		}
		for _, k := range keys {
			do(t, ctx, "rate "+k, chromedp.Click(css(`input[name="rating-`+k+`"][value="yes"]`)),
				chromedp.SendKeys(css(`textarea[name="evidence-`+k+`"]`), who+" saw good "+k))
		}
		do(t, ctx, "submit", chromedp.Click(css(`input[name="recommendation"][value="strong_yes"]`)),
			chromedp.Click(css(`form.scorecard button[type="submit"]`)), chromedp.WaitVisible(css(".banner.success")))
	}
	rate(iv, "Kofi")

	do(t, rec, "scorecards on the move screen", chromedp.Navigate(appPage), chromedp.WaitVisible(css("#scorecards")))
	page := eval[string](t, rec, "document.body.innerText")
	if !strings.Contains(page, "Kofi saw good") || !strings.Contains(page, "Not yet submitted: Lena Schäfer") || !strings.Contains(page, "Handed in on time") {
		t.Fatalf("the recruiter's page lacks the scorecard, who is missing or the work:\n%s", page)
	}
	checkAxe(t, rec, "application with scorecards")
	do(t, rec, "move without the second", chromedp.Click(css(`button[value="interview_1"]`)), chromedp.WaitVisible(css(".error-summary")))

	signIn(noJS, "lena@example.com", "quiet maple ferry", "table")
	do(t, noJS, "the second grader's page", chromedp.Click(css(`tbody th a`)), chromedp.WaitVisible(css("form.scorecard")))
	if page := eval[string](t, noJS, "document.body.innerText"); strings.Contains(page, "Kofi saw good") || !strings.Contains(page, "show once yours is in") {
		t.Fatal("the second grader sees the first card before writing their own")
	}
	rate(noJS, "Lena")

	do(t, rec, "both scorecards on screen", chromedp.Navigate(appPage), chromedp.WaitVisible(css("#scorecards")))
	if page := eval[string](t, rec, "document.body.innerText"); !strings.Contains(page, "Kofi saw good") || !strings.Contains(page, "Lena saw good") {
		t.Fatalf("the recruiter does not see both scorecards:\n%s", page)
	}
	do(t, rec, "move on", markPage(), chromedp.Click(css(`button[value="interview_1"]`)),
		chromedp.WaitVisible(css("body:not([data-old]) .banner.success")))
	if page := eval[string](t, rec, "document.body.innerText"); !strings.Contains(page, "Moved to Interview, round 1") {
		t.Fatalf("the move did not happen:\n%s", page)
	}
}
