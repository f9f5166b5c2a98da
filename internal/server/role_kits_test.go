package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRoleKitsEditedNeverChangeWrittenCards: a recruiter edits a role's
// kits (a malformed line refused with its line number, nothing stored);
// a new scorecard is written against the new kit, while one written
// before keeps the kit its interviewer saw; the role can go back to the
// defaults.
func TestRoleKitsEditedNeverChangeWrittenCards(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "kitted-role", "Kitted Intern", "open", nil)
	a.apply(slug, validForm("kitted@example.com").set("full_name", "Søren Kierkegaard-Núñez"))
	var appID, roleID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id, role_id FROM applications WHERE email = 'kitted@example.com'`).Scan(&appID, &roleID)
	if _, err := a.pool.Exec(t.Context(), `UPDATE applications SET stage = 'interview_1' WHERE id = $1`, appID); err != nil {
		t.Fatal(err)
	}
	a.addAccount("kit-rec@example.com", "Kit Rec", "recruiter kit password", false)
	early := a.addInterviewer("kit-early@example.com", "Early Bird", "interviewer early password")
	late := a.addInterviewer("kit-late@example.com", "Late Owl", "interviewer late password")
	rec := a.browser()
	rec.signIn("kit-rec@example.com", "recruiter kit password")
	for _, id := range []int64{early.ID, late.ID} {
		rec.post("/admin/applications/"+idStr(appID)+"/interviewers", url.Values{"account": {idStr(id)}, "stage": {"interview_1"}})
	}
	one := a.browser()
	one.signIn("kit-early@example.com", "interviewer early password")
	if res, _ := one.post("/admin/interviews/"+idStr(appID)+"/scorecards/interview_1", scorecardForm("yes", "Written on the default kit", "yes")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the early card: %d", res.StatusCode)
	}

	kitsPath := "/admin/roles/" + idStr(roleID) + "/kits"
	if res, body := rec.get(kitsPath); res.StatusCode != http.StatusOK || !strings.Contains(body, "technical | Problem solving |") {
		t.Fatalf("the kits page: %d, without the defaults as text", res.StatusCode)
	}
	form := url.Values{"action": {"save"}}
	for _, st := range []string{"take_home", "interview_1", "interview_2", "interview_3"} {
		form.Set(st+"-purpose", "Purpose of "+st)
		form.Set(st+"-questions", "What surprised you?\nWhat would you do next?")
		form.Set(st+"-attributes", "behavioral | Kindness under pressure | Stays kind and curious when stuck\nrole | Craft | Work a colleague would ship")
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("interview_2-attributes", "feelings | Vibes | good vibes")
	if res, body := rec.post(kitsPath, bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Attribute line 1: the group is technical, role or behavioral") {
		t.Fatalf("a malformed kit: %d", res.StatusCode)
	}
	var stored *string
	_ = a.pool.QueryRow(t.Context(), `SELECT kits::text FROM roles WHERE id = $1`, roleID).Scan(&stored)
	if stored != nil {
		t.Fatal("a refused kit was stored")
	}
	if res, _ := rec.post(kitsPath, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the kits: %d", res.StatusCode)
	}

	two := a.browser()
	two.signIn("kit-late@example.com", "interviewer late password")
	_, page := two.get("/admin/interviews/" + idStr(appID))
	if !strings.Contains(page, "Kindness under pressure") || !strings.Contains(page, "Purpose of interview_1") {
		t.Fatal("the interviewer does not get the role's own kit")
	}
	late2 := url.Values{"recommendation": {"strong_yes"}, "rating-kindness_under_pressure": {"strong_yes"}, "evidence-kindness_under_pressure": {"Stayed kind"},
		"rating-craft": {"yes"}, "evidence-craft": {"Clean work"}}
	if res, _ := two.post("/admin/interviews/"+idStr(appID)+"/scorecards/interview_1", late2); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the late card on the new kit: %d", res.StatusCode)
	}
	_, page = rec.get("/admin/applications/" + idStr(appID))
	if !strings.Contains(page, "Problem solving: Yes") || !strings.Contains(page, "Kindness under pressure: Strong yes") {
		t.Fatal("the early card lost its kit, or the late one is not on the new kit")
	}
	if res, _ := rec.post(kitsPath, url.Values{"action": {"defaults"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("back to the defaults: %d", res.StatusCode)
	}
	_ = a.pool.QueryRow(t.Context(), `SELECT kits::text FROM roles WHERE id = $1`, roleID).Scan(&stored)
	if stored != nil {
		t.Fatal("the role kept its own kits")
	}
}
