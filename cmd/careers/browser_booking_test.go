package main

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/mail/mailtest"
)

// TestBrowserBooking: students book their interview from the status
// page, with JavaScript on (and move it once) and off; the invitations
// arrive over real SMTP with the text/calendar part and the .ics file.
func TestBrowserBooking(t *testing.T) {
	js, noJS := browser(t, true), browser(t, false)
	smtp := mailtest.Start(t)
	a := startAppEnv(t, "127.0.0.1", map[string]string{"SMTP_URL": smtp.URL(), "MAIL_FROM": "Internships <internships@careers.test>"})
	ctx := context.Background()
	pool, err := db.Open(ctx, a.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	iv, err := accounts.NewStore(pool).Create(ctx, audit.CLI, accounts.NewAccount{Email: "yusuf@example.com", Name: "Yusuf Çelik",
		Password: "amber tide signal", Interviewer: true})
	if err != nil {
		t.Fatal(err)
	}
	var roleID int64
	var slug, degree string
	if err := pool.QueryRow(ctx, `SELECT id, slug, degree_levels[1] FROM roles WHERE status = 'open' ORDER BY id LIMIT 1`).Scan(&roleID, &slug, &degree); err != nil {
		t.Fatal(err)
	}
	// Four times three days from now, an hour apart.
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	for i := range 4 {
		at := start.Add(time.Duration(i) * time.Hour)
		if _, err := pool.Exec(ctx, `
			INSERT INTO interview_slots (role_id, stage, account_id, during, place, capacity, created_by)
			VALUES ($1, 'interview_1', $2, tstzrange($3, $4, '[)'), 'https://meet.example.com/r1', 1, 'test')`,
			roleID, iv.ID, at, at.Add(45*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	client := &http.Client{Transport: sameOrigin{}}
	applyAt := func(email, name string) string {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{
			"submission_key": "booking-key-" + strings.ReplaceAll(email, "@", "-") + "-0123", "full_name": name, "email": email,
			"university": "Universidade de São Paulo", "degree": degree, "grad_month": "6", "grad_year": "2028",
			"why": "I love encoding.", "consent": "yes",
		} {
			_ = mw.WriteField(k, v)
		}
		w, _ := mw.CreateFormFile("resume", "cv.pdf")
		_, _ = w.Write([]byte("%PDF-1.4\n%%EOF\n"))
		_ = mw.Close()
		res, err := client.Post(a.base+"/roles/"+slug+"/apply", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if _, err := pool.Exec(ctx, `UPDATE applications SET stage = 'interview_1' WHERE email = $1`, email); err != nil {
			t.Fatal(err)
		}
		return a.base + res.Request.URL.Path
	}
	mark := chromedp.Evaluate[chromedp.Void](`document.body.dataset.old = "1"`)
	fresh := chromedp.CSS("body:not([data-old]) #interview .banner.success")
	book := func(b context.Context, status, who string) {
		t.Helper()
		do(t, b, who+": the status page", chromedp.Navigate(status), chromedp.WaitVisible(chromedp.CSS("#interview fieldset legend")))
		do(t, b, who+": choose and book", chromedp.Click(chromedp.CSS(`#interview input[name="slot"]`)), mark,
			chromedp.Click(chromedp.CSS(`#interview button[value="book"]`)), chromedp.WaitVisible(fresh))
		if page := eval[string](t, b, "document.body.innerText"); !strings.Contains(page, "Booked:") {
			t.Fatalf("%s: the booking is not shown:\n%s", who, page)
		}
	}

	withJS := applyAt("beatriz@example.com", "Beatriz Gonçalves")
	// The picker on a small phone: no side scrolling at 320 px.
	do(t, js, "the picker at 320 px", chromedp.EmulateViewport(320, 700), chromedp.Navigate(withJS),
		chromedp.WaitVisible(chromedp.CSS("#interview fieldset legend")))
	noSideScroll(t, js, "interview picker at 320 px")
	checkAxe(t, js, "status page with the interview picker")
	do(t, js, "desktop", chromedp.EmulateViewport(1280, 900))
	book(js, withJS, "with JavaScript")
	checkAxe(t, js, "status page with a booking")
	do(t, js, "move it", chromedp.Click(chromedp.CSS(`#interview input[name="slot"]`)), mark,
		chromedp.Click(chromedp.CSS(`#interview button[value="move"]`)), chromedp.WaitVisible(fresh))
	if page := eval[string](t, js, "document.body.innerText"); !strings.Contains(page, "Your interview is moved") {
		t.Fatalf("the move is not confirmed:\n%s", page)
	}
	book(noJS, applyAt("kenji@example.com", "渡辺 健二"), "without JavaScript")

	// Over real SMTP: each booking and the move carry the invitation.
	var invites int
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		invites = 0
		for _, m := range smtp.Messages() {
			if m.Calendar != "" && strings.Contains(m.CalendarType, "method=REQUEST") && m.Attachments["invite.ics"] == m.Calendar &&
				strings.Contains(m.Calendar, "UID:") {
				invites++
			}
		}
		if invites >= 6 || time.Now().After(deadline) { // student and interviewer: booked, moved, booked
			break
		}
	}
	if invites != 6 {
		t.Fatalf("%d invitations arrived over SMTP, want 6", invites)
	}
}
