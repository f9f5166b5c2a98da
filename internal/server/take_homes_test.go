package server

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"example.com/careers/internal/testkit"
)

// testClock is a clock a test moves.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func withClock(c *testClock) option { return func(d *Deps) { d.Now = c.Now } }

// testZIP is a small, valid ZIP archive.
func testZIP(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a multipart form with one file (field, name, data) and
// text fields, as a same-origin browser; b nil sends it without cookies.
func (a *testApp) upload(b *browser, path, field, name string, data []byte, fields ...string) (*http.Response, string) {
	a.t.Helper()
	f := &form{fileField: field, fileName: name, file: data}
	for i := 0; i+1 < len(fields); i += 2 {
		f.set(fields[i], fields[i+1])
	}
	body, ctype := f.encode(a.t)
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if b != nil {
		return b.do(req)
	}
	return a.do(req)
}

// jobState is the state of the job of kind for application id ("" when
// there is none; the newest when there are several).
func (a *testApp) jobState(kind string, id int64) string {
	a.t.Helper()
	var state string
	_ = a.pool.QueryRow(a.t.Context(), `
		SELECT state::text FROM river_job WHERE kind = $1 AND (args->>'application_id')::bigint = $2 ORDER BY id DESC LIMIT 1`,
		kind, id).Scan(&state)
	return state
}

// TestTakeHomeFromTaskToExtension walks a take-home end to end over HTTP:
// the recruiter writes the task and sends it (across a daylight-saving
// change), the student reads it in their own time zone and hands in,
// replaces and is refused after the due moment; a second student misses
// it, asks for more time, is granted it and hands in; graders and
// recruiters download the work, strangers get a 404.
func TestTakeHomeFromTaskToExtension(t *testing.T) {
	// Sent on Friday October 30, 2026 at 10:00 in Los Angeles (PDT); 72
	// hours later it is Monday November 2 at 9:00 PST: clocks went back
	// on November 1.
	clock := &testClock{now: time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)}
	a := newApp(t, withClock(clock))
	slug := addRole(t, a.pool, "take-home-role", "Playback Intern", "open", nil)
	var roleID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID)
	applied, _ := a.apply(slug, validForm("siobhan@example.com").set("full_name", "Siobhán Ó Súilleabháin"))
	status := strings.TrimSuffix(applied.Header.Get("Location"), "?submitted=1")
	applied2, _ := a.apply(slug, validForm("minh@example.com").set("full_name", "Nguyễn Thị Minh Khai"))
	status2 := strings.TrimSuffix(applied2.Header.Get("Location"), "?submitted=1")
	var id, id2 int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE email = 'siobhan@example.com'`).Scan(&id)
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE email = 'minh@example.com'`).Scan(&id2)
	app, app2 := "/admin/applications/"+idStr(id), "/admin/applications/"+idStr(id2)
	task := "/admin/roles/" + idStr(roleID) + "/take-home"

	a.addAccount("th-rec@example.com", "Rosalía Peña", "recruiter th password", false)
	rec := a.browser()
	rec.signIn("th-rec@example.com", "recruiter th password")

	// No task yet: the page says so, and sending is refused.
	if _, body := rec.get(app); !strings.Contains(body, "no take-home task yet") {
		t.Fatal("the application page does not say the role has no task")
	}
	if res, body := rec.post(app+"/take-home", nil); res.StatusCode != http.StatusConflict || !strings.Contains(body, "no take-home task yet") {
		t.Fatalf("sending without a task: %d", res.StatusCode)
	}
	// The task: refused when empty, stored when written.
	if res, body := rec.post(task, url.Values{"body": {""}, "allowance": {"0"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Write the task") || !strings.Contains(body, "whole hours") {
		t.Fatalf("an empty task: %d", res.StatusCode)
	}
	body := "Build a **tiny** player. <script>alert(1)</script>"
	if res, _ := rec.post(task, url.Values{"body": {body}, "allowance": {"72"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the task: %d", res.StatusCode)
	}
	kit := testZIP(t, "README.md", "starter kit")
	if res, _ := a.upload(rec, task+"/files", "file", "starter kit.zip", kit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attaching a ZIP: %d", res.StatusCode)
	}
	if res, body := a.upload(rec, task+"/files", "file", "notes.zip", []byte("PK\x03\x04 not really a zip")); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "could not be opened") {
		t.Fatalf("attaching a broken ZIP: %d", res.StatusCode)
	}

	// Sent: the stage moves, the mail says when it is due, in the
	// program's zone after the change of clocks, and a reminder waits.
	if res, _ := rec.post(app+"/take-home", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sending: %d", res.StatusCode)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM applications WHERE id = $1 AND stage = 'take_home'`, id); n != 1 {
		t.Fatal("sending did not move the application to the take-home stage")
	}
	const duePST = "Monday, November 2, 2026 at 9:00 AM PST (America/Los_Angeles)"
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'take_home_sent' AND recipient = 'siobhan@example.com'
		AND position($1 IN text_body) > 0 AND position('Siobhán' IN text_body) > 0`, duePST); n != 1 {
		t.Fatalf("%d take-home mails with the due moment %q", n, duePST)
	}
	if st := a.jobState("take_home_due_soon", id); st != "scheduled" {
		t.Fatalf("the due-soon reminder is %q, want scheduled", st)
	}
	// Sending again (a double click, a bulk run) sends nothing new; the
	// bulk form sends the second student theirs.
	res, _ := rec.post("/admin/applications/bulk", url.Values{"action": {"take_home"}, "sel": {idStr(id) + ":take_home", idStr(id2) + ":applied"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk send: %d", res.StatusCode)
	}
	if _, body := rec.get("/admin/applications"); !strings.Contains(body, "Take-home sent to 1 students. 1 already had it") {
		t.Fatal("the bulk send does not say what it did")
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'take_home_sent'`); n != 2 {
		t.Fatalf("%d take-home mails, want 2", n)
	}

	// The student's page: the task (markdown, no script), its file, and
	// the due moment in the program's zone until they choose theirs.
	res, page := a.get(status)
	for _, want := range []string{"Your take-home assessment", duePST, "<strong>tiny</strong>", "starter kit.zip", "Show times in"} {
		if !strings.Contains(page, want) {
			t.Errorf("the status page lacks %q", want)
		}
	}
	if res.StatusCode != http.StatusOK || strings.Contains(page, "<script>alert") {
		t.Fatalf("status page: %d (or it carries the task's script)", res.StatusCode)
	}
	fileLink := regexpFind(t, page, `href="(/applications/[^"]+/take-home/files/\d+)"`)
	res, got := a.get(fileLink)
	if res.StatusCode != http.StatusOK || got != string(kit) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("the task's file: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	if res, _ := a.get(strings.Replace(fileLink, status, status2, 1) + "0"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a file not sent with the take-home: %d", res.StatusCode)
	}
	if res, body := a.postForm(status+"/time-zone", url.Values{"tz": {"Mars/Olympus_Mons"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Choose your time zone") {
		t.Fatalf("an unknown zone: %d", res.StatusCode)
	}
	if res, _ := a.postForm(status+"/time-zone", url.Values{"tz": {"Asia/Tokyo"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choosing a zone: %d", res.StatusCode)
	}
	if _, page := a.get(status); !strings.Contains(page, "Tuesday, November 3, 2026 at 2:00 AM JST (Asia/Tokyo)") {
		t.Fatal("the due moment is not shown in the student's zone")
	}

	// Handing in: the wrong type is refused and nothing is stored; a PDF
	// is taken, cancels the due-soon reminder and queues the graders'.
	res, page = a.upload(nil, status+"/take-home", "work", "work.pdf", []byte("<html><script>alert(1)</script></html>"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "must be a PDF or a ZIP") || !strings.Contains(page, `aria-invalid="true"`) {
		t.Fatalf("a file that is not a PDF: %d", res.StatusCode)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM take_home_submissions`); n != 0 {
		t.Fatal("a refused hand-in was stored")
	}
	if res, _ := a.upload(nil, status+"/take-home", "work", "Siobhán's work.pdf", testPDF); res.StatusCode != http.StatusSeeOther ||
		!strings.HasSuffix(res.Header.Get("Location"), "?done=work#take-home") {
		t.Fatalf("handing in a PDF: %d", res.StatusCode)
	}
	if st := a.jobState("take_home_due_soon", id); st != "cancelled" {
		t.Errorf("after the hand-in the due-soon reminder is %q, want cancelled", st)
	}
	if st := a.jobState("take_home_grade", id); st != "scheduled" {
		t.Errorf("the graders' reminder is %q, want scheduled", st)
	}
	// Too large, just over (the file is read and refused: 422) and far
	// over (the body is cut: 413): the status page says so either way.
	for size, want := range map[int]int{20<<20 + 1: http.StatusUnprocessableEntity, 21 << 20: http.StatusRequestEntityTooLarge} {
		res, page = a.upload(nil, status+"/take-home", "work", "huge.zip", append([]byte("PK\x03\x04"), make([]byte, size)...))
		if res.StatusCode != want || !strings.Contains(page, "larger than 20 MB") || !strings.Contains(page, "Your take-home assessment") {
			t.Fatalf("a hand-in of %d bytes: %d, want %d", size, res.StatusCode, want)
		}
	}
	// Replaced by a link until the due moment.
	if res, body := a.upload(nil, status+"/take-home", "work", "", nil, "link", "javascript:alert(1)"); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "starting with https://") {
		t.Fatalf("a javascript: link: %d", res.StatusCode)
	}
	if res, _ := a.upload(nil, status+"/take-home", "work", "", nil, "link", "https://github.com/siobhan/tiny-player"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("replacing with a link: %d", res.StatusCode)
	}
	if _, body := rec.get(app); !strings.Contains(body, "Handed in on time") || !strings.Contains(body, "https://github.com/siobhan/tiny-player") ||
		!strings.Contains(body, "version 2") {
		t.Fatal("the recruiter does not see the replaced work")
	}
	// After the due moment: replacing is refused, clearly.
	clock.set(time.Date(2026, 11, 2, 18, 0, 0, 0, time.UTC))
	res, page = a.upload(nil, status+"/take-home", "work", "late.pdf", testPDF)
	if res.StatusCode != http.StatusConflict || !strings.Contains(page, "so your work could not be taken") {
		t.Fatalf("replacing after the due moment: %d", res.StatusCode)
	}

	// The second student missed it: refused, marked missing; they ask
	// once for more time, the recruiter grants it, and the work is taken.
	res, page = a.upload(nil, status2+"/take-home", "work", "minh.pdf", testPDF)
	if res.StatusCode != http.StatusConflict || !strings.Contains(page, "so your work could not be taken") {
		t.Fatalf("handing in after the due moment: %d", res.StatusCode)
	}
	if _, body := rec.get(app2); !strings.Contains(body, "Missing: nothing handed in") {
		t.Fatal("the missing work is not marked")
	}
	if res, _ := a.postForm(status2+"/take-home/extension", url.Values{"reason": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an empty reason: %d", res.StatusCode)
	}
	if res, _ := a.postForm(status2+"/take-home/extension", url.Values{"reason": {"Mi abuela está en el hospital."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("asking for more time: %d", res.StatusCode)
	}
	if res, _ := a.postForm(status2+"/take-home/extension", url.Values{"reason": {"Again"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("asking twice: %d", res.StatusCode)
	}
	if st := a.jobState("take_home_extension", id2); st != "scheduled" {
		t.Errorf("the recruiters' reminder is %q, want scheduled", st)
	}
	if _, body := rec.get(app2); !strings.Contains(body, "Mi abuela está en el hospital.") || !strings.Contains(body, "Grant more time") {
		t.Fatal("the recruiter does not see the request")
	}
	if _, body := rec.get("/admin"); !strings.Contains(body, "Requests for more time waiting") || !strings.Contains(body, "Nguyễn Thị Minh Khai") {
		t.Fatal("the dashboard does not list the waiting request")
	}
	if res, _ := rec.post(app2+"/take-home/extension", url.Values{"decision": {"grant"}, "due": {"2026-11-01T10:00"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a new due moment in the past: %d", res.StatusCode)
	}
	if res, _ := rec.post(app2+"/take-home/extension", url.Values{"decision": {"grant"}, "due": {"2026-11-05T17:00"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("granting: %d", res.StatusCode)
	}
	if st := a.jobState("take_home_extension", id2); st != "cancelled" {
		t.Errorf("after the answer the recruiters' reminder is %q, want cancelled", st)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'take_home_extension_granted' AND recipient = 'minh@example.com'
		AND position('Thursday, November 5, 2026 at 5:00 PM PST' IN text_body) > 0`); n != 1 {
		t.Fatal("the student is not told the new due moment")
	}
	if _, body := rec.get("/admin"); strings.Contains(body, "Requests for more time waiting") {
		t.Fatal("the dashboard still lists the answered request")
	}
	if res, _ := rec.post(app2+"/take-home/extension", url.Values{"decision": {"decline"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("answering twice: %d", res.StatusCode)
	}
	zipWork := testZIP(t, "main.go", "package main")
	if res, _ := a.upload(nil, status2+"/take-home", "work", "trabajo.zip", zipWork); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("handing in within the extension: %d", res.StatusCode)
	}

	// Downloads: the recruiter and the assigned grader get the file as an
	// attachment; another interviewer gets the 404 of a missing id.
	grader := a.addInterviewer("th-grader@example.com", "Ólafur Þórsson", "grader th password")
	a.addInterviewer("th-other@example.com", "Other", "other th password")
	if res, _ := rec.post(app2+"/interviewers", url.Values{"account": {idStr(grader.ID)}, "stage": {"take_home"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assigning the grader: %d", res.StatusCode)
	}
	for who, b := range map[string]*browser{"recruiter": rec, "grader": a.signedIn("th-grader@example.com", "grader th password")} {
		path := app2 + "/take-home/work"
		if who == "grader" {
			path = "/admin/interviews/" + idStr(id2) + "/take-home/work"
		}
		res, got := b.get(path)
		h := res.Header
		if res.StatusCode != http.StatusOK || got != string(zipWork) || h.Get("Content-Type") != "application/zip" ||
			h.Get("Content-Disposition") != `attachment; filename="application-`+idStr(id2)+`-take-home.zip"` ||
			h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("the work as %s: %d %v", who, res.StatusCode, h)
		}
	}
	other := a.signedIn("th-other@example.com", "other th password")
	r1, b1 := other.get("/admin/interviews/" + idStr(id2) + "/take-home/work")
	r2, b2 := other.get("/admin/interviews/999999/take-home/work")
	if r1.StatusCode != http.StatusNotFound || r1.StatusCode != r2.StatusCode || requestIDRe.ReplaceAllString(b1, "") != requestIDRe.ReplaceAllString(b2, "") {
		t.Errorf("an interviewer not assigned: %d, a missing id: %d", r1.StatusCode, r2.StatusCode)
	}
	// Moving on from the take-home cancels what waited on it.
	if st := a.jobState("take_home_grade", id2); st != "scheduled" {
		t.Fatalf("the graders' reminder is %q, want scheduled", st)
	}
	if res, _ := rec.post(app2+"/stage", url.Values{"from": {"take_home"}, "to": {"interview_1"}, "override": {"Graded in the team meeting"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("moving on: %d", res.StatusCode)
	}
	if st := a.jobState("take_home_grade", id2); st != "cancelled" {
		t.Errorf("after the move the graders' reminder is %q, want cancelled", st)
	}
	// The page no longer offers the hand-in once the stage is over.
	if _, page := a.get(status2); strings.Contains(page, "Hand in my work") || strings.Contains(page, "Your take-home assessment") {
		t.Error("the status page still shows the take-home after the stage")
	}
}

// postForm posts form fields as a same-origin browser without cookies
// (a student on their status page).
func (a *testApp) postForm(path string, v url.Values) (*http.Response, string) {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return a.do(req)
}

// signedIn is a browser signed in as email.
func (a *testApp) signedIn(email, password string) *browser {
	b := a.browser()
	b.signIn(email, password)
	return b
}

// regexpFind returns the first group of pattern in s, failing without.
func regexpFind(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in the page", pattern)
	}
	return m[1]
}
