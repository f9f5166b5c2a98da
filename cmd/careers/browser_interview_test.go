package main

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
)

// TestBrowserInterviewJourney runs an interview round in Chromium: a
// recruiter assigns two interviewers; one signs in and submits a
// scorecard; the other, in a browser without JavaScript (the scorecard
// is a plain form), finds the form and not the first card; the recruiter
// sees the card and who is missing, is refused a move on, and moves on
// with a reason. axe checks every new page.
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
	// An application through the real form, at the first interview round.
	client := &http.Client{Transport: sameOrigin{}}
	var slug, degree string
	if err := pool.QueryRow(context.Background(), `SELECT slug, degree_levels[1] FROM roles WHERE status = 'open' AND area = 'technology' ORDER BY id LIMIT 1`).Scan(&slug, &degree); err != nil {
		t.Fatal(err)
	}
	body, ctype := applyBody(t, degree)
	res, err := client.Post(a.base+"/roles/"+slug+"/apply", ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var appID string
	if err := pool.QueryRow(context.Background(), `UPDATE applications SET stage = 'interview_1' WHERE email = 'pages@example.com' RETURNING id::text`).Scan(&appID); err != nil {
		t.Fatal(err)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	signIn := func(ctx context.Context, email, password, then string) {
		t.Helper()
		do(t, ctx, "sign in "+email, chromedp.Navigate(a.base+"/admin/login"), chromedp.WaitVisible(css("#email")),
			chromedp.SendKeys(css("#email"), email), chromedp.SendKeys(css("#password"), password),
			chromedp.Click(css(`form button[type="submit"]`)), chromedp.WaitVisible(css(then)))
	}

	signIn(rec, "inés@example.com", "copper kettle horizon", ".stats")
	appPage := a.base + "/admin/applications/" + appID
	for _, who := range []string{"Kofi Asante (Interviewer)", "Lena Schäfer (Interviewer)"} {
		do(t, rec, "assign "+who, chromedp.Navigate(appPage), chromedp.WaitVisible(css("#assign-account")),
			chromedp.SetValue(css("#assign-stage"), "interview_1"),
			chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector("#assign-account");
				s.value = Array.from(s.options).find(o => o.text === `+jsString(who)+`).value; })()`),
			chromedp.Click(css(`form[action$="/interviewers"] button`)), chromedp.WaitVisible(css(".banner.success")))
	}
	checkAxe(t, rec, "application with interviewers")

	signIn(iv, "kofi@example.com", "amber tide signal", "table")
	checkAxe(t, iv, "your interviews")
	do(t, iv, "open the interview", chromedp.Click(css(`tbody th a`)), chromedp.WaitVisible(css("form.scorecard")))
	checkAxe(t, iv, "interview kit and scorecard")
	keys := eval[[]string](t, iv, `Array.from(new Set(Array.from(document.querySelectorAll('form.scorecard input[type=radio][name^="rating-"]'), e => e.name.slice(7))))`)
	if len(keys) < 3 {
		t.Fatalf("the scorecard rates %d attributes", len(keys))
	}
	for _, k := range keys {
		do(t, iv, "rate "+k, chromedp.Click(css(`input[name="rating-`+k+`"][value="yes"]`)),
			chromedp.SendKeys(css(`textarea[name="evidence-`+k+`"]`), "Kofi saw good "+k))
	}
	do(t, iv, "submit", chromedp.Click(css(`input[name="recommendation"][value="strong_yes"]`)),
		chromedp.Click(css(`form.scorecard button[type="submit"]`)), chromedp.WaitVisible(css(".banner.success")))

	signIn(noJS, "lena@example.com", "quiet maple ferry", "table")
	do(t, noJS, "the second interviewer's page", chromedp.Click(css(`tbody th a`)), chromedp.WaitVisible(css("form.scorecard")))
	if page := eval[string](t, noJS, "document.body.innerText"); strings.Contains(page, "Kofi saw good") || !strings.Contains(page, "show once yours is in") {
		t.Fatal("the second interviewer sees the first card before writing their own")
	}

	do(t, rec, "scorecards on the move screen", chromedp.Navigate(appPage), chromedp.WaitVisible(css("#scorecards")))
	page := eval[string](t, rec, "document.body.innerText")
	if !strings.Contains(page, "Kofi saw good") || !strings.Contains(page, "Not yet submitted: Lena Schäfer") {
		t.Fatalf("the recruiter's page lacks the scorecard or who is missing:\n%s", page)
	}
	checkAxe(t, rec, "application with scorecards")
	do(t, rec, "move without the second", chromedp.Click(css(`button[value="interview_2"]`)), chromedp.WaitVisible(css(".error-summary")))
	do(t, rec, "move with a reason", chromedp.SendKeys(css("#override"), "Lena is travelling; Kofi's notes are enough"),
		chromedp.Click(css(`button[value="interview_2"]`)), chromedp.WaitVisible(css(".banner.success")))
	if page := eval[string](t, rec, "document.body.innerText"); !strings.Contains(page, "Moved on with 1 scorecard(s) missing") {
		t.Fatalf("the history does not show the override:\n%s", page)
	}
}
