package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/privacy"
)

// TestAdjustments: a student asks for an adjustment on the apply form
// and later from their page; each request is acknowledged by mail and
// reaches recruiters only; the recruiter's answer is mailed, recorded,
// gives a take-home already sent the extra hours and interviewers the
// extra minutes (never the request); erasure removes it all.
func TestAdjustments(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	slug := addRole(t, a.pool, "adjusted-intern", "Adjusted Intern", "open", nil)
	var roleID int64
	_ = a.pool.QueryRow(ctx, `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID)

	// On the apply form: optional, but a request over the limit is
	// refused with the rest kept, and nothing stored.
	if res, body := a.apply(slug, validForm("long-adj@example.com").set("adjustment", strings.Repeat("é", 2001))); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="adjustment-error"`) {
		t.Fatalf("a long request: %d", res.StatusCode)
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d applications stored", n)
	}
	res, _ := a.apply(slug, validForm("adj@example.com").set("full_name", "Saoirse Ní Dhómhnaill").
		set("adjustment", "I am Deaf: please book a BSL interpreter for interviews."))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	status := strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")
	var id int64
	_ = a.pool.QueryRow(ctx, `SELECT id FROM applications WHERE email = 'adj@example.com'`).Scan(&id)
	if n := a.count(`SELECT count(*) FROM outgoing_mail WHERE application_id = $1 AND kind = 'adjustment_received'`, id); n != 1 {
		t.Fatalf("%d acknowledgements", n)
	}

	// From the status page: an empty request is refused; a real one is
	// stored, acknowledged and listed.
	if res, body := a.postForm(status+"/adjustment", url.Values{"adjustment": {"  "}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Tell us what would help") {
		t.Fatalf("an empty request: %d", res.StatusCode)
	}
	if res, _ := a.postForm(status+"/adjustment", url.Values{"adjustment": {"Extra time for the take-home, please: I have dyslexia."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a request: %d", res.StatusCode)
	}
	if _, body := a.get(status); !strings.Contains(body, "Extra time for the take-home, please") || !strings.Contains(body, "a recruiter will write to you") {
		t.Fatal("the status page does not list the request")
	}
	if n := a.count(`SELECT count(*) FROM outgoing_mail WHERE application_id = $1 AND kind = 'adjustment_received'`, id); n != 2 {
		t.Fatalf("%d acknowledgements after the second request", n)
	}
	if res, _ := a.postForm("/applications/"+strings.Repeat("A", 43)+"/adjustment", url.Values{"adjustment": {"x"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("an unknown link: %d", res.StatusCode)
	}

	// A take-home goes out, then the recruiter answers with 48 hours.
	a.addAccount("adj-rec@example.com", "Rosalía Peña", "recruiter adj password", false)
	rec := a.signedIn("adj-rec@example.com", "recruiter adj password")
	if res, _ := rec.post("/admin/roles/"+idStr(roleID)+"/take-home", url.Values{"body": {"Build a tiny player."}, "allowance": {"72"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("task: %d", res.StatusCode)
	}
	app := "/admin/applications/" + idStr(id)
	if res, _ := rec.post(app+"/take-home", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", res.StatusCode)
	}
	var due time.Time
	_ = a.pool.QueryRow(ctx, `SELECT due_at FROM take_homes WHERE application_id = $1`, id).Scan(&due)
	_, body := rec.get(app)
	if !strings.Contains(body, "please book a BSL interpreter") {
		t.Fatal("the recruiter does not see the request")
	}
	req := regexpFind(t, body, `action="/admin/applications/\d+/adjustments/(\d+)"`)
	if res, body := rec.post(app+"/adjustments/"+req, url.Values{"note": {""}, "take_home_hours": {"48"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Write what was arranged") {
		t.Fatalf("an answer without a note: %d", res.StatusCode)
	}
	if res, _ := rec.post(app+"/adjustments/"+req, url.Values{"note": {"An interpreter is booked, and you have 48 more hours for the take-home."},
		"take_home_hours": {"48"}, "interview_minutes": {"15"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	if res, _ := rec.post(app+"/adjustments/"+req, url.Values{"note": {"again"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("answering twice: %d", res.StatusCode)
	}
	var later time.Time
	_ = a.pool.QueryRow(ctx, `SELECT due_at FROM take_homes WHERE application_id = $1`, id).Scan(&later)
	if got := later.Sub(due); got != 48*time.Hour {
		t.Fatalf("the take-home moved by %s", got)
	}
	if n := a.count(`SELECT count(*) FROM outgoing_mail WHERE application_id = $1 AND kind = 'adjustment_handled'`, id); n != 1 {
		t.Fatalf("%d answers mailed", n)
	}
	if _, body := a.get(status); !strings.Contains(body, "An interpreter is booked") {
		t.Fatal("the student's page does not show the answer")
	}

	// The interviewer sees the longer interview, never the request.
	iv := a.addInterviewer("adj-iv@example.com", "Tomás Ó Briain", "interviewer adj password")
	if err := applications.NewStore(a.pool).Assign(ctx, audit.CLI, id, applications.Interview1, iv.ID); err != nil {
		t.Fatal(err)
	}
	ivb := a.signedIn("adj-iv@example.com", "interviewer adj password")
	res, body = ivb.get("/admin/interviews/" + idStr(id))
	if res.StatusCode != 200 || !strings.Contains(body, "Allow 15 extra minutes") {
		t.Fatalf("interviewer page: %d", res.StatusCode)
	}
	for _, secret := range []string{"BSL", "dyslexia", "interpreter"} {
		if strings.Contains(body, secret) {
			t.Fatalf("the interviewer sees %q", secret)
		}
	}
	if res, _ := ivb.get(app); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Fatalf("an interviewer opened the recruiter's page: %d", res.StatusCode)
	}

	// Erasure takes the requests and what was arranged.
	if err := privacy.NewStore(a.pool).Erase(ctx, audit.CLI, id, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := a.count(`SELECT count(*) FROM adjustment_requests WHERE application_id = $1`, id); n != 0 {
		t.Fatalf("%d requests left after erasure", n)
	}
	if n := a.count(`SELECT take_home_extra_hours + interview_extra_minutes FROM applications WHERE id = $1`, id); n != 0 {
		t.Fatal("what was arranged survived erasure")
	}
}
