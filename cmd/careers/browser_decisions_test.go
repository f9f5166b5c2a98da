package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
)

// TestBrowserDecisionsAndOffer: a recruiter closes one application with
// feedback after previewing the message, makes an offer to another from
// its page, and the student accepts it on their status page after the
// confirmation; axe-core checks the pipeline board, the preview, the
// offer on the student's page and its confirmation.
func TestBrowserDecisionsAndOffer(t *testing.T) {
	ctx := browser(t, true)
	a := startApp(t)
	bg := context.Background()
	pool, err := db.Open(bg, a.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := accounts.NewStore(pool).Create(bg, audit.CLI, accounts.NewAccount{
		Email: "dora@example.com", Name: "Dóra Kovács", Password: "harbour lantern violet",
	}); err != nil {
		t.Fatal(err)
	}
	roleID := faultRole(t, pool, "decision-browser-intern", "Decision Browser Intern", "open")
	apps := applications.NewStore(pool)
	apply := func(name, email string) (int64, string) {
		in := applications.Input{FullName: name, Email: email, University: "Universidad de Chile", Degree: "bachelors",
			GradMonth: "5", GradYear: strconv.Itoa(time.Now().Year() + 1), Why: "Me encanta.", Consent: true,
			SubmissionKey: "browser-decision-" + email}
		in.Normalize()
		tok, err := apps.Submit(bg, roleID, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}, time.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := pool.QueryRow(bg, `UPDATE applications SET stage = 'interview_1' WHERE email = $1 RETURNING id`, email).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(bg, `INSERT INTO application_events (application_id, kind, from_stage, to_stage, actor)
			VALUES ($1, 'stage', 'applied', 'interview_1', 'test')`, id); err != nil {
			t.Fatal(err)
		}
		return id, tok
	}
	closedID, _ := apply("Seán Ó Briain", "sean.decision@example.com")
	offerID, offerTok := apply("Mỹ Nguyễn", "my.offer@example.com")
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	text := func() string { return eval[string](t, ctx, "document.body.innerText") }

	do(t, ctx, "sign in", chromedp.Navigate(a.base+"/admin/roles/"+strconv.FormatInt(roleID, 10)+"/pipeline"), chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), "dora@example.com"), chromedp.SendKeys(css("#password"), "harbour lantern violet"),
		chromedp.Click(css(`form button[type="submit"]`)), chromedp.WaitVisible(css(".board")))
	if !strings.Contains(text(), "Seán Ó Briain") {
		t.Fatal("the board does not show the applications")
	}
	checkAxe(t, ctx, "pipeline board")

	// Close one with feedback, previewed first, sent at once.
	do(t, ctx, "compose", chromedp.Navigate(a.base+"/admin/applications/"+strconv.FormatInt(closedID, 10)),
		chromedp.WaitVisible(css(`button[value="compose"]`)), chromedp.Click(css(`button[value="compose"]`)), chromedp.WaitVisible(css("#feedback")))
	do(t, ctx, "preview", chromedp.SendKeys(css("#feedback"), "Your answers on testing were thoughtful."),
		chromedp.Click(css("#schedule")), chromedp.Click(css(`button[value="preview"]`)), chromedp.WaitVisible(css(".letter")))
	if p := text(); !strings.Contains(p, "Dear Seán Ó Briain,") || !strings.Contains(p, "What the interviewers noted: Your answers on testing were thoughtful.") ||
		!strings.Contains(p, "at once") {
		t.Fatalf("the preview does not show the merged message:\n%s", p)
	}
	checkAxe(t, ctx, "decision preview")
	do(t, ctx, "send", chromedp.Click(css(`button[value="send"]`)), chromedp.WaitVisible(css(".banner.success")))
	var stage string
	if err := pool.QueryRow(bg, `SELECT stage FROM applications WHERE id = $1`, closedID).Scan(&stage); err != nil || stage != "rejected" {
		t.Fatalf("closed application: %q %v", stage, err)
	}

	// Offer the other, from its page, with the default 15-day window.
	do(t, ctx, "offer", chromedp.Navigate(a.base+"/admin/applications/"+strconv.FormatInt(offerID, 10)),
		chromedp.WaitVisible(css("#offer-expires")), chromedp.Click(css(`form[action$="/offer"] button`)), chromedp.WaitVisible(css(".banner.success")))

	student := browser(t, true)
	do(t, student, "status", chromedp.Navigate(a.base+"/applications/"+offerTok), chromedp.WaitVisible(css("#offer")))
	checkAxe(t, student, "offer on the status page")
	do(t, student, "accept", chromedp.Click(css(`a[href$="/offer/accept"]`)), chromedp.WaitVisible(css(`form.apply button`)))
	checkAxe(t, student, "offer confirmation")
	do(t, student, "confirm", chromedp.Click(css(`form.apply button`)), chromedp.WaitVisible(css("#offer .banner.success")))
	if err := pool.QueryRow(bg, `SELECT stage FROM applications WHERE id = $1`, offerID).Scan(&stage); err != nil || stage != "hired" {
		t.Fatalf("accepted offer: stage %q %v", stage, err)
	}
}
