package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/mail/mailtest"
)

var linkRe = regexp.MustCompile(`http://careers\.test(/applications/[A-Za-z0-9_-]{43})`)

// mailsTo waits for n messages to addr and returns them.
func mailsTo(t *testing.T, s *mailtest.Server, addr string, n int) []mailtest.Received {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var got []mailtest.Received
		for _, m := range s.Messages() {
			if len(m.To) == 1 && m.To[0] == addr {
				got = append(got, m)
			}
		}
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages to %s, want %d", len(got), addr, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestApplicantMail: the confirmation carries the status link, which
// works when followed; stage moves mail when asked and stay quiet when
// not; a second application mails the link to the address; withdrawal
// is confirmed.
func TestApplicantMail(t *testing.T) {
	smtp := mailtest.Start(t)
	a := newApp(t, withSMTP(t, smtp.URL()))
	slug := addRole(t, a.pool, "mail-role", "Mail Intern", "open", nil)
	res, _ := a.apply(slug, validForm("mail-student@example.com"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	statusPath := strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")

	got := mailsTo(t, smtp, "mail-student@example.com", 1)[0]
	if !strings.Contains(got.Subject, "We received your application: Mail Intern") {
		t.Fatalf("subject %q", got.Subject)
	}
	for _, part := range []string{got.Text, got.HTML} {
		m := linkRe.FindStringSubmatch(part)
		if m == nil || m[1] != statusPath {
			t.Fatalf("no status link %s in a part:\n%s", statusPath, part)
		}
	}
	if !strings.Contains(got.Text, "Hi Zoë 山田 🚀,") || !strings.Contains(got.HTML, "Hi Zoë 山田 🚀,") {
		t.Error("the name is not intact in both parts")
	}
	if !strings.Contains(got.Text, "http://careers.test/prepare") {
		t.Error("no link to /prepare")
	}
	// The link in the mail works when followed.
	if res, body := a.get(statusPath); res.StatusCode != 200 || !strings.Contains(body, "Mail Intern") {
		t.Fatalf("following the mailed link: %d", res.StatusCode)
	}

	// A recruiter moves the application: once with mail, once without.
	a.addAccount("mail-rec@example.com", "Mail Recruiter", "mail recruiter pass", false)
	rec := a.browser()
	rec.signIn("mail-rec@example.com", "mail recruiter pass")
	_, body := rec.get("/admin/applications?q=mail-student")
	id := regexp.MustCompile(`href="/admin/applications/(\d+)"`).FindStringSubmatch(body)[1]
	rec.post("/admin/applications/"+id+"/stage", url.Values{"from": {"applied"}, "to": {"take_home"}, "tell": {"yes"}})
	got = mailsTo(t, smtp, "mail-student@example.com", 2)[1]
	if !strings.Contains(got.Subject, "take-home assessment") || !strings.Contains(got.Text, "http://careers.test/tips") {
		t.Fatalf("take-home mail: %q", got.Subject)
	}
	rec.post("/admin/applications/"+id+"/stage", url.Values{"from": {"take_home"}, "to": {"interview_1"}})
	rec.post("/admin/applications/"+id+"/stage", url.Values{"from": {"interview_1"}, "to": {"rejected"}, "tell": {"yes"}})
	msgs := mailsTo(t, smtp, "mail-student@example.com", 3)
	// After an interview, the decision message for those who reached one.
	if len(msgs) != 3 || !strings.Contains(msgs[2].Text, "not to make you an offer this time") {
		t.Fatalf("want the rejection as the third message, quiet move skipped: %d messages", len(msgs))
	}

	// Applying again with the same address: the page shows no link, the
	// mail brings it to the address.
	other := addRole(t, a.pool, "mail-role-2", "Mail Intern Two", "open", nil)
	res, _ = a.apply(other, validForm("dupe-mail@example.com"))
	firstLink := strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")
	res, body = a.apply(other, validForm("DUPE-mail@example.com").set("submission_key", "second-form-key-123456"))
	if res.StatusCode != http.StatusSeeOther || strings.Contains(body, firstLink) || strings.Contains(res.Header.Get("Location"), firstLink) {
		t.Fatalf("duplicate: %d", res.StatusCode)
	}
	dup := mailsTo(t, smtp, "DUPE-mail@example.com", 1)[0]
	m := linkRe.FindStringSubmatch(dup.Text)
	if m == nil {
		t.Fatalf("the duplicate notice carries no link:\n%s", dup.Text)
	}
	var firstID, mailedID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE id = `+appByToken, strings.TrimPrefix(firstLink, "/applications/")).Scan(&firstID)
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE id = `+appByToken, strings.TrimPrefix(m[1], "/applications/")).Scan(&mailedID)
	if firstID == 0 || mailedID != firstID {
		t.Fatalf("the duplicate notice's link opens application %d, the first application is %d", mailedID, firstID)
	}

	// Withdrawal is confirmed by mail.
	a.post(firstLink+"/withdraw", http.Header{"Sec-Fetch-Site": {"same-origin"}})
	msgs = mailsTo(t, smtp, "dupe-mail@example.com", 2)
	if !strings.Contains(msgs[1].Subject, "You withdrew your application") {
		t.Fatalf("withdrawal mail: %q", msgs[1].Subject)
	}
	// The outbox page lists them, for admins.
	a.addAccount("mail-admin@example.com", "Mail Admin", "mail admin password", true)
	adm := a.browser()
	adm.signIn("mail-admin@example.com", "mail admin password")
	if _, body := adm.get("/admin/outbox"); !strings.Contains(body, "We received your application: Mail Intern") || !strings.Contains(body, "<td>sent</td>") {
		t.Fatal("the outbox does not list the sent messages")
	}
	// Erasing the applicant removes the messages to them too.
	if res, _ := adm.post("/admin/applications/"+id+"/erase", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("erase: %d", res.StatusCode)
	}
	var left int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM outgoing_mail WHERE lower(recipient) = 'mail-student@example.com'`).Scan(&left)
	if left != 0 {
		t.Fatalf("%d messages to the erased applicant remain", left)
	}
}
