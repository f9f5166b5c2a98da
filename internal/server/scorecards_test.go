package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// scorecardForm is a complete scorecard for interview_1 of a
// technology role (its kit rates problem solving too).
func scorecardForm(rating, evidence, recommendation string) url.Values {
	f := url.Values{"recommendation": {recommendation}}
	for _, key := range []string{"problem_solving", "role_skills", "collaboration", "curiosity"} {
		f.Set("rating-"+key, rating)
		f.Set("evidence-"+key, evidence+" ("+key+")")
	}
	return f
}

// TestScorecardsAreIndependent: two interviewers, one application. The
// second cannot read the first's scorecard before submitting their own,
// then can; a recruiter sees both throughout, with the summary; an
// incomplete scorecard is refused with what is missing, keeping what was
// typed; an interviewer of another application gets the missing-id page;
// once the application moves on, scorecards are final.
func TestScorecardsAreIndependent(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "scored-role", "Scored Intern", "open", nil)
	applied, _ := a.apply(slug, validForm("scored@example.com").set("full_name", "Aiyana Tsosie-Müller"))
	statusPage := strings.TrimSuffix(applied.Header.Get("Location"), "?submitted=1")
	var appID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE email = 'scored@example.com'`).Scan(&appID)
	if _, err := a.pool.Exec(t.Context(), `UPDATE applications SET stage = 'interview_1' WHERE id = $1`, appID); err != nil {
		t.Fatal(err)
	}
	a.addAccount("sc-rec@example.com", "Sc Rec", "recruiter sc password", false)
	first := a.addInterviewer("sc-first@example.com", "Björk Guðmundsdóttir", "first sc password")
	second := a.addInterviewer("sc-second@example.com", "Kwame O'Neil", "second sc password")
	a.addInterviewer("sc-stranger@example.com", "Stranger", "stranger sc password")
	rec := a.browser()
	rec.signIn("sc-rec@example.com", "recruiter sc password")
	for _, id := range []int64{first.ID, second.ID} {
		if res, _ := rec.post("/admin/applications/"+idStr(appID)+"/interviewers", url.Values{"account": {idStr(id)}, "stage": {"interview_1"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("assign: %d", res.StatusCode)
		}
	}
	one, two, stranger := a.browser(), a.browser(), a.browser()
	one.signIn("sc-first@example.com", "first sc password")
	two.signIn("sc-second@example.com", "second sc password")
	stranger.signIn("sc-stranger@example.com", "stranger sc password")
	page := "/admin/interviews/" + idStr(appID)
	post := page + "/scorecards/interview_1"

	// The kit is on the page: purpose, questions, attributes by group.
	if _, body := one.get(page); !strings.Contains(body, "Questions and prompts") || !strings.Contains(body, "Technical skills") ||
		!strings.Contains(body, "Good looks like") {
		t.Fatal("the interviewer's page lacks the kit")
	}
	// Incomplete: refused, naming what is missing, keeping the evidence.
	partial := scorecardForm("yes", "Explained the cache design clearly", "")
	partial.Del("rating-curiosity")
	res, body := one.post(post, partial)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Rate Curiosity") ||
		!strings.Contains(body, "Choose your overall recommendation") || !strings.Contains(body, "Explained the cache design clearly (collaboration)") {
		t.Fatalf("an incomplete scorecard: %d", res.StatusCode)
	}
	if res, _ := one.post(post, scorecardForm("strong_yes", "Björk evidence: explained the cache design clearly", "strong_yes")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the first scorecard: %d", res.StatusCode)
	}

	// The second interviewer: not before their own is in.
	if _, body := two.get(page); strings.Contains(body, "Björk evidence") || !strings.Contains(body, "show once yours is in") {
		t.Fatal("the second interviewer read the first's scorecard before writing theirs")
	}
	// The recruiter sees it at once, and who has not written theirs.
	if _, body := rec.get("/admin/applications/" + idStr(appID)); !strings.Contains(body, "Björk evidence") || !strings.Contains(body, "Not yet submitted: Kwame O") {
		t.Fatal("the recruiter does not see the first scorecard and the missing one")
	}
	if res, _ := two.post(post, scorecardForm("no", "Kwame evidence: struggled to explain trade-offs", "no")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the second scorecard: %d", res.StatusCode)
	}
	if _, body := two.get(page); !strings.Contains(body, "Björk evidence") {
		t.Fatal("after submitting, the second interviewer cannot read the first's scorecard")
	}
	_, body = rec.get("/admin/applications/" + idStr(appID))
	for _, want := range []string{"Björk evidence", "Kwame evidence", "2 submitted", "Strong yes: 1", "No: 1", "Interviewers disagree on:", "Problem solving"} {
		if !strings.Contains(body, want) {
			t.Errorf("the recruiter's scorecards lack %q", want)
		}
	}

	// The student's own page never shows ratings, interviewers or
	// written feedback.
	res, body = a.get(statusPage)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Aiyana") {
		t.Fatalf("the student's status page: %d", res.StatusCode)
	}
	for _, private := range []string{"Björk", "Kwame", "evidence", "Strong yes", "strong_yes", "Problem solving"} {
		if strings.Contains(body, private) {
			t.Errorf("the student's status page shows %q", private)
		}
	}

	// Editing keeps the old version.
	if res, _ := one.post(post, scorecardForm("yes", "Björk evidence, revised", "yes")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	var versions int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM scorecard_versions WHERE application_id = $1 AND account_id = $2`, appID, first.ID).Scan(&versions)
	if versions != 1 {
		t.Fatalf("%d earlier versions kept, want 1", versions)
	}

	// Someone not assigned: the missing-id page, for reading and writing.
	_, missing := stranger.get("/admin/interviews/999999999")
	if res, body := stranger.get(page); res.StatusCode != http.StatusNotFound || requestIDRe.ReplaceAllString(body, "ID") != requestIDRe.ReplaceAllString(missing, "ID") {
		t.Fatalf("a stranger reading: %d", res.StatusCode)
	}
	if res, _ := stranger.post(post, scorecardForm("yes", "x", "yes")); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a stranger writing: %d", res.StatusCode)
	}

	// The stage is decided: scorecards are final.
	if res, _ := rec.post("/admin/applications/"+idStr(appID)+"/stage", url.Values{"from": {"interview_1"}, "to": {"interview_2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d", res.StatusCode)
	}
	one.post(post, scorecardForm("strong_no", "too late", "strong_no"))
	var rec1 string
	_ = a.pool.QueryRow(t.Context(), `SELECT recommendation FROM scorecards WHERE application_id = $1 AND account_id = $2`, appID, first.ID).Scan(&rec1)
	if rec1 != "yes" {
		t.Fatalf("a scorecard changed after the stage was decided: %s", rec1)
	}
	// Erasing the applicant erases the feedback about them.
	adm := a.browser()
	a.addAccount("sc-admin@example.com", "Sc Admin", "admin sc password", true)
	adm.signIn("sc-admin@example.com", "admin sc password")
	if res, _ := adm.post("/admin/applications/"+idStr(appID)+"/erase", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("erase: %d", res.StatusCode)
	}
	var left int
	_ = a.pool.QueryRow(t.Context(), `SELECT (SELECT count(*) FROM scorecards WHERE application_id = $1) + (SELECT count(*) FROM scorecard_versions WHERE application_id = $1)`, appID).Scan(&left)
	if left != 0 {
		t.Fatalf("%d scorecards or versions of the erased applicant remain", left)
	}
}

// TestMoveNeedsEveryScorecardOrAReason: leaving an interview stage while
// an assigned interviewer has not written their scorecard is refused,
// one by one and in bulk, unless the recruiter gives a reason, which the
// history keeps.
func TestMoveNeedsEveryScorecardOrAReason(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "guarded-role", "Guarded Intern", "open", nil)
	a.apply(slug, validForm("guarded@example.com").set("full_name", "Łucja Wiśniewska"))
	var appID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE email = 'guarded@example.com'`).Scan(&appID)
	if _, err := a.pool.Exec(t.Context(), `UPDATE applications SET stage = 'interview_1' WHERE id = $1`, appID); err != nil {
		t.Fatal(err)
	}
	a.addAccount("guard-rec@example.com", "Guard Rec", "recruiter guard password", false)
	ivA := a.addInterviewer("guard-a@example.com", "Ama Mensah", "interviewer a password")
	ivB := a.addInterviewer("guard-b@example.com", "Bea Nakamura", "interviewer b password")
	rec := a.browser()
	rec.signIn("guard-rec@example.com", "recruiter guard password")
	for _, id := range []int64{ivA.ID, ivB.ID} {
		rec.post("/admin/applications/"+idStr(appID)+"/interviewers", url.Values{"account": {idStr(id)}, "stage": {"interview_1"}})
	}
	one := a.browser()
	one.signIn("guard-a@example.com", "interviewer a password")
	one.post("/admin/interviews/"+idStr(appID)+"/scorecards/interview_1", scorecardForm("yes", "Clear and kind", "yes"))

	// The move screen shows the scorecard and who is missing.
	if _, body := rec.get("/admin/applications/" + idStr(appID)); !strings.Contains(body, "Clear and kind") || !strings.Contains(body, "Still missing: Bea Nakamura") {
		t.Fatal("the move screen does not show the stage's scorecards and who is missing")
	}
	move := url.Values{"from": {"interview_1"}, "to": {"interview_2"}}
	if res, body := rec.post("/admin/applications/"+idStr(appID)+"/stage", move); res.StatusCode != http.StatusConflict || !strings.Contains(body, "not every interviewer of this stage has submitted a scorecard") {
		t.Fatalf("a move with a scorecard missing: %d", res.StatusCode)
	}
	bulk := url.Values{"to": {"interview_2"}, "sel": {idStr(appID) + ":interview_1"}}
	rec.post("/admin/applications/bulk", bulk)
	var stage string
	_ = a.pool.QueryRow(t.Context(), `SELECT stage FROM applications WHERE id = $1`, appID).Scan(&stage)
	if stage != "interview_1" {
		t.Fatalf("moved without every scorecard: %s", stage)
	}
	move.Set("override", "Bea is on leave; Ama's notes are thorough")
	if res, _ := rec.post("/admin/applications/"+idStr(appID)+"/stage", move); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a move with a reason: %d", res.StatusCode)
	}
	var note string
	_ = a.pool.QueryRow(t.Context(), `SELECT note FROM application_events WHERE application_id = $1 AND kind = 'stage' ORDER BY id DESC LIMIT 1`, appID).Scan(&note)
	if !strings.Contains(note, "1 scorecard(s) missing") || !strings.Contains(note, "Bea is on leave") {
		t.Fatalf("the history does not keep the override: %q", note)
	}
}
