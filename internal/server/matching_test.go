package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMatchingToAnotherTeam: after interviews, a recruiter matches an
// application with another team's open role of the season. It keeps its
// stage, history and scorecards; the student's status link still works
// and shows the new role; the student is told by mail. Matching to a
// role the same address applied to, or to another season's role, is
// refused with a clear message.
func TestMatchingToAnotherTeam(t *testing.T) {
	a := newApp(t)
	first := addRole(t, a.pool, "match-first", "Match First Intern", "open", nil)
	addRole(t, a.pool, "match-second", "Match Second Intern", "open", nil)
	taken := addRole(t, a.pool, "match-taken", "Match Taken Intern", "open", nil)
	addRole(t, a.pool, "match-other-season", "Match Other Season Intern", "open", nil)
	if _, err := a.pool.Exec(t.Context(), `UPDATE roles SET season = 'Summer 2031' WHERE slug = 'match-other-season'`); err != nil {
		t.Fatal(err)
	}
	const email = "renée.d'arcy-match@example.com"
	res, _ := a.apply(first, validForm(email).set("full_name", "Renée D'Arcy-Ōno"))
	status := strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")
	a.apply(taken, validForm(email).set("submission_key", "match-taken-form-0123456789"))
	var appID, secondID, takenID, otherID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT a.id FROM applications a JOIN roles r ON r.id = a.role_id WHERE r.slug = 'match-first' AND lower(a.email) = lower($1)`, email).Scan(&appID)
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = 'match-second'`).Scan(&secondID)
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = 'match-taken'`).Scan(&takenID)
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = 'match-other-season'`).Scan(&otherID)
	if _, err := a.pool.Exec(t.Context(), `UPDATE applications SET stage = 'interview_1' WHERE id = $1`, appID); err != nil {
		t.Fatal(err)
	}
	a.addAccount("match-rec@example.com", "Match Rec", "recruiter match password", false)
	iv := a.addInterviewer("match-iv@example.com", "Match Interviewer", "interviewer match password")
	rec := a.browser()
	rec.signIn("match-rec@example.com", "recruiter match password")
	rec.post("/admin/applications/"+idStr(appID)+"/interviewers", url.Values{"account": {idStr(iv.ID)}, "stage": {"interview_1"}})
	ivb := a.browser()
	ivb.signIn("match-iv@example.com", "interviewer match password")
	ivb.post("/admin/interviews/"+idStr(appID)+"/scorecards/interview_1", scorecardForm("yes", "Would thrive on another team", "yes"))

	path := "/admin/applications/" + idStr(appID) + "/match"
	if _, body := rec.get("/admin/applications/" + idStr(appID)); !strings.Contains(body, "Match Second Intern") || strings.Contains(body, "Match Other Season Intern") {
		t.Fatal("the match list is not the season's other open roles")
	}
	if res, body := rec.post(path, url.Values{"role": {idStr(takenID)}}); res.StatusCode != http.StatusConflict || !strings.Contains(body, "already applied to that role") {
		t.Fatalf("matching to a role the address applied to: %d", res.StatusCode)
	}
	if res, body := rec.post(path, url.Values{"role": {idStr(otherID)}}); res.StatusCode != http.StatusConflict || !strings.Contains(body, "not an open role of this season") {
		t.Fatalf("matching to another season's role: %d", res.StatusCode)
	}
	if res, _ := rec.post(path, url.Values{"role": {idStr(secondID)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("match: %d", res.StatusCode)
	}
	var roleID int64
	var stage string
	var cards int
	_ = a.pool.QueryRow(t.Context(), `SELECT role_id, stage, (SELECT count(*) FROM scorecards WHERE application_id = $1) FROM applications WHERE id = $1`, appID).Scan(&roleID, &stage, &cards)
	if roleID != secondID || stage != "interview_1" || cards != 1 {
		t.Fatalf("after the match: role %d (want %d), stage %s, %d scorecards", roleID, secondID, stage, cards)
	}
	if res, body := a.get(status); res.StatusCode != http.StatusOK || !strings.Contains(body, "Match Second Intern") {
		t.Fatalf("the student's status link after the match: %d", res.StatusCode)
	}
	if _, body := rec.get("/admin/applications/" + idStr(appID)); !strings.Contains(body, "Would thrive on another team") || !strings.Contains(body, "Matched with Match Second Intern (applied to Match First Intern)") {
		t.Fatal("the application lost its scorecards or its history of the match")
	}
	var mailed int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM outgoing_mail WHERE kind = 'application_matched' AND application_id = $1 AND subject LIKE '%Match Second Intern%'`, appID).Scan(&mailed)
	if mailed != 1 {
		t.Fatalf("%d match mails to the student", mailed)
	}
}
