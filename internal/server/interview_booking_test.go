package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/testkit"
)

// TestStudentBooksAnInterview: a recruiter publishes a weekly pattern of
// times across the daylight-saving change; an overlapping one is
// refused; a student in the first round sees the times in Kolkata time,
// books one (a double click books once), a second student finds it
// taken, the first moves twice and is refused a third time, cancels;
// the recruiter and the interviewer see who booked.
func TestStudentBooksAnInterview(t *testing.T) {
	clock := &testClock{now: time.Date(2026, 10, 20, 17, 0, 0, 0, time.UTC)}
	a := newApp(t, withClock(clock))
	slug := addRole(t, a.pool, "booked-role", "Encoding Intern", "open", nil)
	var roleID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID)
	a.addAccount("bk-rec@example.com", "Rosa Díaz", "recruiter bk password", false)
	iv := a.addInterviewer("bk-iv@example.com", "Ngọc Ánh Trần", "interviewer bk password")
	rec := a.signedIn("bk-rec@example.com", "recruiter bk password")
	schedule := "/admin/roles/" + idStr(roleID) + "/schedule"

	form := url.Values{"account": {idStr(iv.ID)}, "stage": {"interview_1"}, "from": {"2026-10-26"}, "to": {"2026-11-05"},
		"weekday": {"1", "4"}, "times": {"09:00, 14:30"}, "zone": {"America/Los_Angeles"}, "length": {"45"},
		"place": {"https://meet.example.com/xyz"}, "capacity": {"1"}}
	if res, _ := rec.post(schedule, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding the pattern: %d", res.StatusCode)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM interview_slots WHERE role_id = $1`, roleID); n != 8 {
		t.Fatalf("%d slots, want 8", n)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM interview_slots WHERE role_id = $1 AND lower(during) = '2026-11-02T17:00:00Z'`, roleID); n != 1 {
		t.Fatal("09:00 on Monday November 2 (PST) is not 17:00 UTC")
	}
	overlap := url.Values{"account": {idStr(iv.ID)}, "stage": {"interview_1"}, "from": {"2026-10-26"}, "times": {"09:15"},
		"zone": {"America/Los_Angeles"}, "length": {"30"}, "place": {"Room 2"}, "capacity": {"1"}}
	if res, body := rec.post(schedule, overlap); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "overlaps another") {
		t.Fatalf("an overlapping time: %d", res.StatusCode)
	}

	student := func(email, name string) (int64, string) {
		applied, _ := a.apply(slug, validForm(email).set("full_name", name))
		var id int64
		_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE email = $1`, email).Scan(&id)
		if _, err := a.pool.Exec(t.Context(), `UPDATE applications SET stage = 'take_home' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if res, _ := rec.post("/admin/applications/"+idStr(id)+"/stage", url.Values{"from": {"take_home"}, "to": {"interview_1"}, "tell": {"yes"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("move to the first round: %d", res.StatusCode)
		}
		return id, strings.TrimSuffix(applied.Header.Get("Location"), "?submitted=1")
	}
	id, status := student("priya@example.com", "Priya Raghunathan")
	if st := a.jobState("interview_book_reminder", id); st != "scheduled" {
		t.Errorf("the reminder to book is %q, want scheduled", st)
	}
	if res, _ := a.postForm(status+"/time-zone", url.Values{"tz": {"Asia/Kolkata"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("zone: %d", res.StatusCode)
	}
	_, page := a.get(status)
	for _, want := range []string{"Your interview", "Choose a time", "<legend>Monday, October 26, 2026</legend>",
		"9:30 PM to 10:15 PM IST (45 minutes)", "Times are shown in Asia/Kolkata"} {
		if !strings.Contains(page, want) {
			t.Errorf("the status page lacks %q", want)
		}
	}
	first := regexpFind(t, page, `name="slot" value="(\d+)"`)
	book := status + "/interview"
	if res, _ := a.postForm(book, url.Values{"action": {"book"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("booking without a time: %d", res.StatusCode)
	}
	for range 2 { // a double click books once
		if res, _ := a.postForm(book, url.Values{"action": {"book"}, "slot": {first}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("booking: %d", res.StatusCode)
		}
	}
	if st := a.jobState("interview_book_reminder", id); st != "cancelled" {
		t.Errorf("after booking the reminder to book is %q, want cancelled", st)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'interview_booked' AND recipient = 'priya@example.com'
		AND calendar_method = 'REQUEST' AND position('BEGIN:VCALENDAR' IN calendar) = 1`); n != 1 {
		t.Errorf("%d booking mails with an invitation to the student, want 1", n)
	}
	if _, page := a.get(status); !strings.Contains(page, "Booked:") || !strings.Contains(page, "Move to another time") {
		t.Fatal("the page does not show the booking")
	}

	id2, status2 := student("tomas@example.com", "Tomás Ó Briain")
	if res, _ := rec.post("/admin/applications/"+idStr(id2)+"/invite-to-book", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite to book: %d", res.StatusCode)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'interview_invite' AND recipient = 'tomas@example.com'
		AND position('Tomás' IN text_body) > 0`); n != 1 {
		t.Errorf("%d invitations to book, want 1", n)
	}
	if res, body := a.postForm(status2+"/interview", url.Values{"action": {"book"}, "slot": {first}}); res.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "just taken") || !strings.Contains(body, "Choose a time") {
		t.Fatalf("the taken time: %d", res.StatusCode)
	}

	// Two moves allowed, then only a cancel.
	for i := range 3 {
		other := first // after two moves the page offers none: try the first again
		if _, page := a.get(status); i < 2 {
			other = regexpFind(t, page, `name="slot" value="(\d+)"`)
		} else if strings.Contains(page, `name="slot"`) {
			t.Error("the page still offers times to move to after the last move")
		}
		res, body := a.postForm(book, url.Values{"action": {"move"}, "slot": {other}})
		if i < 2 && res.StatusCode != http.StatusSeeOther {
			t.Fatalf("move %d: %d", i+1, res.StatusCode)
		}
		if i == 2 && (res.StatusCode != http.StatusConflict || !strings.Contains(body, "as often as you can")) {
			t.Fatalf("a third move: %d", res.StatusCode)
		}
	}
	if _, body := rec.get(schedule); !strings.Contains(body, "Priya Raghunathan") || !strings.Contains(body, "Tomás Ó Briain") {
		t.Fatal("the role's schedule does not show who booked and who has not")
	}
	ivb := a.signedIn("bk-iv@example.com", "interviewer bk password")
	if _, body := ivb.get("/admin/schedule"); !strings.Contains(body, "Priya Raghunathan: the kit and your scorecard") || !strings.Contains(body, "<h2>This week</h2>") {
		t.Fatal("the interviewer's schedule does not show the booking")
	}
	// The interviewer publishes free times of their own; one that
	// overlaps theirs is refused with nothing added.
	own := url.Values{"role": {idStr(roleID)}, "stage": {"interview_2"}, "from": {"2026-11-10"}, "times": {"10:00, 11:00"},
		"zone": {"Europe/Madrid"}, "length": {"60"}, "place": {"Room 9"}, "capacity": {"3"}}
	if res, _ := ivb.post("/admin/schedule", own); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing one's own times: %d", res.StatusCode)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM interview_slots WHERE account_id = $1 AND stage = 'interview_2'
		AND lower(during) = '2026-11-10T09:00:00Z' AND capacity = 3`, iv.ID); n != 1 {
		t.Fatal("10:00 in Madrid on November 10 is not 09:00 UTC, or the time was not published")
	}
	own.Set("times", "10:30")
	if res, body := ivb.post("/admin/schedule", own); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "overlaps another") {
		t.Fatalf("an overlapping time of one's own: %d", res.StatusCode)
	}
	if res, _ := a.postForm(book, url.Values{"action": {"cancel"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'interview_cancelled' AND recipient = 'priya@example.com'
		AND calendar_method = 'CANCEL'`); n != 1 {
		t.Errorf("%d cancellations to the student, want 1", n)
	}
	if n := testkit.Count(t, a.pool, `SELECT count(*) FROM interview_slots WHERE role_id = $1 AND booked > 0`, roleID); n != 0 {
		t.Errorf("%d slots still booked after the cancel", n)
	}
	// Tomás books, then withdraws before the interview: the seat is freed
	// and both calendars get the cancellation.
	if res, _ := a.postForm(status2+"/interview", url.Values{"action": {"book"}, "slot": {first}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the second student books: %d", res.StatusCode)
	}
	if res, _ := a.post(status2+"/withdraw", http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	if n := testkit.Count(t, a.pool, `SELECT booked FROM interview_slots WHERE id = $1`, first); n != 0 {
		t.Error("withdrawing did not free the seat")
	}
	if _, body := rec.get(schedule + "/" + first); !strings.Contains(body, "Tomás Ó Briain") || !strings.Contains(body, "cancelled") ||
		!strings.Contains(body, "0 of 1 booked") {
		t.Error("the time's own page does not show the cancelled booking")
	}
	for _, to := range []string{"tomas@example.com", "bk-iv@example.com"} {
		if n := testkit.Count(t, a.pool, `SELECT count(*) FROM outgoing_mail WHERE recipient = $1 AND application_id = $2 AND calendar_method = 'CANCEL'`,
			to, id2); n != 1 {
			t.Errorf("%s got %d cancellations after the withdrawal, want 1", to, n)
		}
	}
}
