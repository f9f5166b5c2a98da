package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestInterviewerSeesOnlyAssigned: a recruiter assigns an interviewer to
// one application's first interview round; the interviewer's list holds
// that one, its page shows what the interview needs and nothing else (no
// email, phone, notes or history), and its resume downloads as an
// attachment; another application's page and resume answer exactly as a
// missing id does. Removing the assignment closes the page again.
func TestInterviewerSeesOnlyAssigned(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "interviewed-role", "Interviewed Intern", "open", nil)
	mine, _ := a.apply(slug, validForm("iv-mine@example.com").set("full_name", "Zoë Ó Súilleabháin").set("phone", "+1 408 555 0199"))
	other, _ := a.apply(slug, validForm("iv-other@example.com").set("full_name", "Другой Кандидат"))
	if mine.StatusCode != http.StatusSeeOther || other.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d %d", mine.StatusCode, other.StatusCode)
	}
	var mineID, otherID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE email = 'iv-mine@example.com'`).Scan(&mineID)
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE email = 'iv-other@example.com'`).Scan(&otherID)

	a.addAccount("iv-rec@example.com", "Rec Iv", "recruiter iv password", false)
	ivAcc := a.addInterviewer("iv-person@example.com", "Nnamdi Okafor-Ñíguez", "interviewer iv password")
	rec := a.browser()
	rec.signIn("iv-rec@example.com", "recruiter iv password")
	rec.post("/admin/applications/"+idStr(mineID)+"/notes", url.Values{"note": {"Private recruiter note about Zoë"}})
	if res, _ := rec.post("/admin/applications/"+idStr(mineID)+"/interviewers", url.Values{"account": {idStr(ivAcc.ID)}, "stage": {"applied"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("assigning to a stage without interviews: %d", res.StatusCode)
	}
	if res, _ := rec.post("/admin/applications/"+idStr(mineID)+"/interviewers", url.Values{"account": {idStr(ivAcc.ID)}, "stage": {"interview_1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d", res.StatusCode)
	}
	if _, body := rec.get("/admin/applications/" + idStr(mineID)); !strings.Contains(body, "Nnamdi Okafor-Ñíguez") {
		t.Fatal("the application page does not list its interviewer")
	}

	iv := a.browser()
	iv.signIn("iv-person@example.com", "interviewer iv password")
	if res, _ := iv.get("/admin"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/interviews" {
		t.Fatalf("an interviewer's home: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, list := iv.get("/admin/interviews")
	if !strings.Contains(list, "Zoë Ó Súilleabháin") || strings.Contains(list, "Другой Кандидат") {
		t.Fatal("the interviewer's list is not exactly their assignment")
	}
	res, page := iv.get("/admin/interviews/" + idStr(mineID))
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "Zoë Ó Súilleabháin") || !strings.Contains(page, "Interview, round 1") {
		t.Fatalf("the assigned application: %d", res.StatusCode)
	}
	for _, private := range []string{"iv-mine@example.com", "555 0199", "Private recruiter note", "History"} {
		if strings.Contains(page, private) {
			t.Errorf("the interviewer's page shows %q", private)
		}
	}
	if res, _ := iv.get("/admin/interviews/" + idStr(mineID) + "/resume"); res.StatusCode != http.StatusOK ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("the assigned resume: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	_, missing := iv.get("/admin/interviews/999999999")
	for _, path := range []string{"/admin/interviews/" + idStr(otherID), "/admin/interviews/" + idStr(otherID) + "/resume"} {
		res, body := iv.get(path)
		if res.StatusCode != http.StatusNotFound || requestIDRe.ReplaceAllString(body, "ID") != requestIDRe.ReplaceAllString(missing, "ID") {
			t.Errorf("%s: %d, want the very page a missing id gets", path, res.StatusCode)
		}
	}
	for _, path := range []string{"/admin/applications/" + idStr(mineID), "/admin/applications", "/admin/applications.csv"} {
		if res, _ := iv.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s as the interviewer: %d, want 403", path, res.StatusCode)
		}
	}

	rec.post("/admin/applications/"+idStr(mineID)+"/interviewers/remove", url.Values{"account": {idStr(ivAcc.ID)}, "stage": {"interview_1"}})
	if res, _ := iv.get("/admin/interviews/" + idStr(mineID)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("after the assignment was removed: %d", res.StatusCode)
	}
	var audited int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action IN ('application.interviewer_assigned', 'application.interviewer_removed') AND subject = $1`,
		"application "+idStr(mineID)).Scan(&audited)
	if audited != 2 {
		t.Fatalf("%d audit entries for assigning and removing", audited)
	}
}
