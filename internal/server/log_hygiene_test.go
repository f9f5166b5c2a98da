package server

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/mail/mailtest"
	"example.com/careers/internal/testkit"
)

// emailRe finds anything shaped like an email address.
var emailRe = regexp.MustCompile(`[A-Za-z0-9._%+'=-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`)

// TestStudentJourneyLogsHoldNoPersonalData runs a student's whole
// journey with real mail (apply with a resume, status page, alert
// sign-up and confirmation, a recruiter's note and stage move that
// mails, a delivery the SMTP server refuses and the queue retries,
// withdrawal), then searches the app's and the mail queue's debug logs
// for every secret and every piece of personal data the journey used.
func TestStudentJourneyLogsHoldNoPersonalData(t *testing.T) {
	ctx := context.Background()
	smtp := mailtest.Start(t)
	queueLogs := &testkit.LogBuffer{}
	a := newApp(t, withLoggedSMTP(t, smtp.URL(), queueLogs))
	slug := addRole(t, a.pool, "hygiene-role", "Hygiene Intern", "open", nil)

	const (
		student   = "hygiene.student@example.com"
		name      = "Quirinus Zyxwvut"
		phone     = "+1 408 555 0199"
		uni       = "Université Qwertyuiop"
		why       = "My reason is a private sentence about a xylophone."
		alertAddr = "hygiene.alerts@example.com"
		recEmail  = "hygiene.rec@example.com"
		recPass   = "hygiene recruiter secret 1"
		note      = "confidential appraisal vermilion"
	)
	resume := append(append([]byte{}, testPDF...), []byte("%% resume-marker-bytes 7q9z\n")...)

	// Apply with a resume; read the status page as the student does.
	f := validForm(student).set("full_name", name).set("phone", phone).set("university", uni).set("why", why)
	f.file = resume
	res, _ := a.apply(slug, f)
	m := tokenPath.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	statusToken := m[1]
	status := "/applications/" + statusToken
	for _, p := range []string{status + "?submitted=1", status, status + "/withdraw"} {
		if res, _ := a.get(p); res.StatusCode != 200 {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
	mailsTo(t, smtp, student, 1)

	// Alert sign-up and confirmation by the mailed link.
	if res, _ := a.browser().post("/alerts", url.Values{"email": {alertAddr}, "areas": {"technology"}}); res.StatusCode != 200 {
		t.Fatalf("alert sign-up: %d", res.StatusCode)
	}
	confirm := confirmRe.FindStringSubmatch(mailsTo(t, smtp, alertAddr, 1)[0].Text)
	if confirm == nil {
		t.Fatal("no confirmation link")
	}
	if res, _ := a.get(confirm[1]); res.StatusCode != 200 {
		t.Fatalf("confirm page: %d", res.StatusCode)
	}
	if res, _ := a.post(confirm[1], http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.StatusCode != 200 {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	alertToken := alertLink(t, a.pool, alertAddr, "unsubscribe") // as a digest would carry

	// A recruiter signs in (one failed attempt first), reads the
	// application and its resume, notes, and moves it with a mail that
	// the SMTP server refuses once: logged, retried, delivered.
	a.addAccount(recEmail, "Hygiene Rec", recPass, true)
	t.Cleanup(func() { _, _ = a.pool.Exec(context.Background(), `DELETE FROM rate_limit_attempts`) })
	rec := a.browser()
	if res, _ := rec.post("/admin/login", url.Values{"email": {recEmail}, "password": {"wrong " + recPass}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	rec.signIn(recEmail, recPass)
	var appID int64
	if err := a.pool.QueryRow(ctx, `SELECT id FROM applications WHERE id = `+appByToken, statusToken).Scan(&appID); err != nil {
		t.Fatal(err)
	}
	app := "/admin/applications/" + idStr(appID)
	for _, p := range []string{"/admin/applications?q=" + url.QueryEscape(name), app, app + "/resume", "/admin/outbox", "/admin/applications.csv"} {
		if res, _ := rec.get(p); res.StatusCode != 200 {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
	if res, _ := rec.post(app+"/notes", url.Values{"note": {note}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %d", res.StatusCode)
	}
	smtp.RefuseTo(student, 1)
	if res, _ := rec.post(app+"/stage", url.Values{"from": {"applied"}, "to": {"take_home"}, "tell": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("stage: %d", res.StatusCode)
	}
	moved := mailsTo(t, smtp, student, 2)[1]
	if !strings.Contains(moved.Subject, "take-home") {
		t.Fatalf("second mail %q", moved.Subject)
	}
	// The SMTP server has the message before the worker's transaction
	// that marks it sent commits: wait for the row (bounded).
	var attempts int
	var state string
	for deadline := time.Now().Add(10 * time.Second); ; {
		if err := a.pool.QueryRow(ctx, `SELECT attempts, state FROM outgoing_mail WHERE recipient = $1 AND kind = 'application_stage'`, student).
			Scan(&attempts, &state); err != nil {
			t.Fatal(err)
		}
		if state == "sent" || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if attempts != 2 || state != "sent" {
		t.Fatalf("the refused message: %d attempts, state %s; want 2, sent", attempts, state)
	}
	if !strings.Contains(queueLogs.String(), "failed on attempt 1") {
		t.Fatalf("the refused delivery was not logged:\n%s", queueLogs.String())
	}

	// The take-home: the task is written and sent (a mail), the student
	// chooses a zone, hands in work and asks for more time with a private
	// reason, the recruiter grants it (a mail) and downloads the work.
	task := "/admin/roles/" + idStr(appRole(t, a, appID)) + "/take-home"
	if res, _ := rec.post(task, url.Values{"body": {"Write about playback."}, "allowance": {"72"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("task: %d", res.StatusCode)
	}
	if res, _ := rec.post(app+"/take-home", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send the take-home: %d", res.StatusCode)
	}
	mailsTo(t, smtp, student, 3)
	if res, _ := a.postForm(status+"/time-zone", url.Values{"tz": {"Pacific/Auckland"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("time zone: %d", res.StatusCode)
	}
	work := append(append([]byte{}, testPDF...), []byte("%% work-marker-bytes 3k8w\n")...)
	if res, _ := a.upload(nil, status+"/take-home", "work", "Zyxwvut take-home.pdf", work); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hand in: %d", res.StatusCode)
	}
	if res, _ := a.postForm(status+"/take-home/extension", url.Values{"reason": {"a private matter about marmalade"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask for more time: %d", res.StatusCode)
	}
	newDue := time.Now().Add(96 * time.Hour).In(a.server.Site.Settings.Location()).Format("2006-01-02T15:04")
	if res, _ := rec.post(app+"/take-home/extension", url.Values{"decision": {"grant"}, "due": {newDue}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant: %d", res.StatusCode)
	}
	mailsTo(t, smtp, student, 4)
	if res, _ := rec.get(app + "/take-home/work"); res.StatusCode != 200 {
		t.Fatalf("download the work: %d", res.StatusCode)
	}

	// The student withdraws; that mail goes out too.
	if res, _ := a.post(status+"/withdraw", http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	mailsTo(t, smtp, student, 5)
	session := rec.cookie()
	if session == "" {
		t.Fatal("no session cookie")
	}
	if res, _ := rec.post("/admin/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.StatusCode)
	}

	appLog, queueLog := a.logs.String(), queueLogs.String()
	if !strings.Contains(appLog, "route=/applications/{token}") || !strings.Contains(appLog, "route=/admin/applications/{id}/stage") {
		t.Fatal("the journey's requests were not logged: the search below would prove nothing")
	}
	if !strings.Contains(queueLog, "level=DEBUG") {
		t.Fatal("the queue logged nothing at debug level: the search below would prove nothing")
	}
	secrets := map[string]string{
		"the recruiter's password":       recPass,
		"the applicant's name":           name,
		"the applicant's surname":        "Zyxwvut",
		"the applicant's phone":          phone,
		"the applicant's phone digits":   "555 0199",
		"the university":                 "Qwertyuiop",
		"the applicant's answer":         "xylophone",
		"the recruiter's note":           "vermilion",
		"the resume's bytes":             "resume-marker-bytes",
		"the resume's PDF header":        "%PDF-",
		"the take-home work's bytes":     "work-marker-bytes",
		"the reason for more time":       "marmalade",
		"the student's time zone":        "Pacific/Auckland",
		"the status token":               statusToken,
		"the alert token":                alertToken,
		"the alert confirmation token":   strings.TrimPrefix(confirm[1], "/alerts/confirm/"),
		"the status token, base64 bytes": base64Prefix(statusToken),
	}
	for logName, logText := range map[string]string{"app log": appLog, "mail queue log": queueLog} {
		for what, secret := range secrets {
			if strings.Contains(logText, secret) {
				t.Errorf("the %s holds %s (%q)", logName, what, secret)
			}
		}
		if addr := emailRe.FindString(logText); addr != "" {
			t.Errorf("the %s holds an email address: %q", logName, addr)
		}
		if strings.Contains(logText, session) {
			t.Errorf("the %s holds the session token", logName)
		}
	}
	t.Logf("searched %d lines of app log and %d of queue log for %d secrets and any email address",
		strings.Count(appLog, "\n"), strings.Count(queueLog, "\n"), len(secrets)+1)
}

// appRole is the role of application id.
func appRole(t *testing.T, a *testApp, id int64) int64 {
	t.Helper()
	var role int64
	if err := a.pool.QueryRow(t.Context(), `SELECT role_id FROM applications WHERE id = $1`, id).Scan(&role); err != nil {
		t.Fatal(err)
	}
	return role
}

// base64Prefix is the first 16 characters of a token: enough to find it
// cut or quoted.
func base64Prefix(token string) string {
	if _, err := base64.RawURLEncoding.DecodeString(token); err != nil || len(token) < 16 {
		return token
	}
	return token[:16]
}
