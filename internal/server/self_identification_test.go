package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
)

// withSelfID turns the site's self-identification setting on.
func withSelfID() option {
	return func(d *Deps) { d.Site.Settings.SelfIdentification = true }
}

// applyFor applies to slug as name and returns the status page's path.
func (a *testApp) applyFor(slug, name, email string) (path string, id int64) {
	a.t.Helper()
	res, _ := a.apply(slug, validForm(email).set("full_name", name))
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/applications/") {
		a.t.Fatalf("apply: %d %q", res.StatusCode, loc)
	}
	path = strings.TrimSuffix(loc, "?submitted=1")
	if err := a.pool.QueryRow(context.Background(), `SELECT id FROM applications WHERE email = $1`, email).Scan(&id); err != nil {
		a.t.Fatal(err)
	}
	return path, id
}

// answerLabels are the words of the answers these tests give: none may
// appear on any staff page or in the CSV.
var answerLabels = []string{"Non-binary", "Two or More Races", "classifications of protected veteran", "Yes, I have a disability"}

var testAnswers = url.Values{"action": {"save"}, "gender": {"nonbinary"}, "race_ethnicity": {"two_or_more"},
	"veteran_status": {"protected"}, "disability_status": {"yes"}}

func TestSelfIdentificationIsOffByDefault(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "selfid-off", "Off Intern", "open", nil)
	path, _ := a.applyFor(slug, "Zoë O'Brien-Ñúñez", "selfid-off@example.com")
	student := a.browser()
	if res, body := student.get(path + "?submitted=1"); res.StatusCode != http.StatusOK ||
		strings.Contains(body, "self-identification") || strings.Contains(body, "Race and ethnicity") {
		t.Errorf("status page with the setting off: %d, offers the survey: %v", res.StatusCode, strings.Contains(body, "self-identification"))
	}
	if res, _ := student.post(path+"/self-identification", testAnswers); res.StatusCode != http.StatusNotFound {
		t.Errorf("POST with the setting off: %d, want 404", res.StatusCode)
	}
	a.addAccount("selfid-off-admin@example.com", "Åsa Admin", "admin password 12345", true)
	admin := a.browser()
	admin.signIn("selfid-off-admin@example.com", "admin password 12345")
	if res, body := admin.get("/admin/self-identification"); res.StatusCode != http.StatusNotFound {
		t.Errorf("admin page with the setting off: %d, want 404", res.StatusCode)
	} else if strings.Contains(body, `href="/admin/self-identification"`) {
		t.Error("the admin navigation links to the page while it is off")
	}
	var n int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM self_identifications`).Scan(&n)
	if n != 0 {
		t.Errorf("%d rows stored with the setting off", n)
	}
}

func TestSelfIdentificationStaysApart(t *testing.T) {
	a := newApp(t, withSelfID())
	slug := addRole(t, a.pool, "selfid-on", "Ÿoung Intern", "open", nil)
	// A season of its own: the one answer here is its only one.
	if _, err := a.pool.Exec(t.Context(), `UPDATE roles SET season = 'Summer 2031 (apart)' WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	path, id := a.applyFor(slug, "Siobhán Ní Dhónaill", "selfid-on@example.com")
	student := a.browser()

	// The confirmation and the status page offer the survey, as a form.
	res, body := student.get(path + "?submitted=1")
	for _, want := range []string{`href="#self-identification"`, `<legend>Gender</legend>`, `<legend>Race and ethnicity</legend>`,
		`<legend>Protected veteran status</legend>`, `<legend>Disability</legend>`, `type="radio"`, "Answering is voluntary",
		"has no effect on your application", `action="` + path + `/self-identification"`} {
		if res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("confirmation page lacks %s", want)
		}
	}

	// An unknown answer: a clear message, nothing stored.
	bad := url.Values{"action": {"save"}, "gender": {"female"}, "race_ethnicity": {"martian"}}
	res, body = student.post(path+"/self-identification", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose one of the answers listed for Race and ethnicity") ||
		!strings.Contains(body, `href="#race_ethnicity-hispanic_latino"`) || !strings.Contains(body, `id="gender-female" name="gender" value="female" checked`) {
		t.Fatalf("bad answer: %d\n%.2000s", res.StatusCode, body)
	}
	var n int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM self_identifications WHERE application_id = $1`, id).Scan(&n)
	if n != 0 {
		t.Fatal("a refused form stored answers")
	}

	// A cross-site POST is refused like any other form.
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path+"/self-identification", strings.NewReader(testAnswers.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res, _ := a.do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}

	// Saved: in its own table, shown back to the student only.
	res, _ = student.post(path+"/self-identification", testAnswers)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path+"?done=self-id#self-identification" {
		t.Fatalf("save: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var gender, race string
	if err := a.pool.QueryRow(t.Context(), `SELECT gender, race_ethnicity FROM self_identifications WHERE application_id = $1`, id).Scan(&gender, &race); err != nil ||
		gender != "nonbinary" || race != "two_or_more" {
		t.Fatalf("stored: %q %q %v", gender, race, err)
	}
	_, body = student.get(path + "?done=self-id")
	if !strings.Contains(body, "your answers are saved") || !strings.Contains(body, `value="nonbinary" checked`) {
		t.Error("the status page does not show the saved answers")
	}
	// Changed later: still one row.
	changed := url.Values{"action": {"save"}, "gender": {"decline"}, "race_ethnicity": {"two_or_more"},
		"veteran_status": {"protected"}, "disability_status": {"yes"}}
	if res, _ := student.post(path+"/self-identification", changed); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM self_identifications WHERE application_id = $1`, id).Scan(&n)
	if n != 1 {
		t.Fatalf("%d rows after a change, want 1", n)
	}
	if res, _ := student.post(path+"/self-identification", testAnswers); res.StatusCode != http.StatusSeeOther {
		t.Fatal("save again")
	}

	// Staff: the application's page, the list, the CSV and the
	// interviewer's page never hold the answers.
	a.addAccount("selfid-admin@example.com", "Renée D'Arcy", "admin password 12345", true)
	iv := a.addInterviewer("selfid-iv@example.com", "Łukasz Żółć", "interviewer password 12345")
	if err := applications.NewStore(a.pool).Assign(t.Context(), audit.CLI, id, applications.Interview1, iv.ID); err != nil {
		t.Fatal(err)
	}
	admin, interviewer := a.browser(), a.browser()
	admin.signIn("selfid-admin@example.com", "admin password 12345")
	interviewer.signIn("selfid-iv@example.com", "interviewer password 12345")
	for _, p := range []struct {
		who  *browser
		path string
	}{
		{admin, "/admin/applications/" + idStr(id)}, {admin, "/admin/applications"}, {admin, "/admin/applications?q=Siobh%C3%A1n"},
		{admin, "/admin/applications.csv"}, {admin, "/admin"}, {interviewer, "/admin/interviews"}, {interviewer, "/admin/interviews/" + idStr(id)},
	} {
		b := p.who
		res, body := b.get(p.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p.path, res.StatusCode)
		}
		for _, label := range answerLabels {
			if strings.Contains(body, label) {
				t.Errorf("%s shows %q", p.path, label)
			}
		}
		for _, code := range []string{"nonbinary", "two_or_more"} {
			if strings.Contains(body, code) {
				t.Errorf("%s holds %q", p.path, code)
			}
		}
	}
	// The aggregate page is for admins only, and one answer is withheld
	// with its whole season.
	if res, _ := interviewer.get("/admin/self-identification"); res.StatusCode != http.StatusForbidden {
		t.Errorf("interviewer: %d, want 403", res.StatusCode)
	}
	a.addAccount("selfid-rec@example.com", "Mỹ Nguyễn", "recruiter password 12345", false)
	rec := a.browser()
	rec.signIn("selfid-rec@example.com", "recruiter password 12345")
	if res, _ := rec.get("/admin/self-identification"); res.StatusCode != http.StatusForbidden {
		t.Errorf("recruiter: %d, want 403", res.StatusCode)
	}
	res, body = admin.get("/admin/self-identification")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Summer 2031 (apart)</h2><p>Fewer than 5 people answered in this season") ||
		strings.Contains(body, "Ÿoung Intern") {
		t.Errorf("aggregates of one answer: %d\n%.3000s", res.StatusCode, body)
	}

	// Removed at the student's request.
	if res, _ := student.post(path+"/self-identification", url.Values{"action": {"remove"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM self_identifications WHERE application_id = $1`, id).Scan(&n)
	if n != 0 {
		t.Fatal("the answers were not removed")
	}
}

// The aggregate page shows counts of 5 and more, and never one under 5:
// those cells, and those that would give them away, read "withheld".
func TestSelfIdentificationAggregatesSuppressSmallCounts(t *testing.T) {
	a := newApp(t, withSelfID())
	slug := addRole(t, a.pool, "selfid-agg", "Ingénieur·e Playback", "open", nil)
	names := []string{"Ana-María Núñez", "Bjørn Ødegård", "Chloé Lefèvre", "Dương Văn Đức", "Éamonn D'Souza", "Fatima Al-Zahrāʾ", "Gō Tanaka 田中"}
	for i, name := range names {
		path, _ := a.applyFor(slug, name, "agg"+idStr(int64(i))+"@example.com")
		answers := url.Values{"gender": {"female"}, "race_ethnicity": {"asian"}, "veteran_status": {"not_protected"}, "disability_status": {"no"}}
		if i < 2 {
			answers.Set("gender", "male")
		}
		if res, _ := a.browser().post(path+"/self-identification", answers); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer %d: %d", i, res.StatusCode)
		}
	}
	a.addAccount("selfid-agg@example.com", "Ngozi Okonkwo-Adébáyọ̀", "admin password 12345", true)
	admin := a.browser()
	admin.signIn("selfid-agg@example.com", "admin password 12345")
	res, body := admin.get("/admin/self-identification")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Ingénieur·e Playback") || !strings.Contains(body, "<caption>Gender, Summer 2027</caption>") {
		t.Fatalf("aggregates: %d\n%.3000s", res.StatusCode, body)
	}
	// 7 answered: race, veteran and disability show 7; gender has 2 men
	// (withheld) and 5 women (withheld too, or 7 - 5 = 2).
	if !strings.Contains(body, `<td class="num">7</td>`) || !strings.Contains(body, `<td class="num">withheld</td>`) {
		t.Errorf("counts: %.4000s", body)
	}
	for _, small := range []string{`<td class="num">1</td>`, `<td class="num">2</td>`, `<td class="num">3</td>`, `<td class="num">4</td>`} {
		if strings.Contains(body, small) {
			t.Errorf("the page shows %s", small)
		}
	}
	if strings.Contains(body, `<td class="num">5</td>`) {
		t.Error("the 5 beside the withheld 2 is shown: 7 - 5 gives the 2 away")
	}
}
