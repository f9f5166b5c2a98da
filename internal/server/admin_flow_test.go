package server

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestRecruiterJourney: sign in, create a role (with a preview and a
// validation error on the way), publish it, see it public, receive an
// application, move it through take-home and two interviews while the
// student's status page follows, close and reopen the role, copy it.
func TestRecruiterJourney(t *testing.T) {
	a := newApp(t)
	a.addAccount("journey-rec@example.com", "Jo Recruiter", "journey password 123", false)
	rec := a.browser()
	rec.signIn("journey-rec@example.com", "journey password 123")

	form := url.Values{
		"title": {"Subtitles Tools Intern"}, "team": {"Localization"}, "area": {"technology"},
		"locations": {"Los Angeles, CA\nRemote, US\n\nLos Angeles, CA"}, "mode": {"remote"},
		"degrees": {"bachelors", "masters"}, "season": {"Summer 2027"},
		"description": {"## The work\n\nBuild **tools**.\n\n<script>alert(1)</script>"},
		"pay_min":     {"40"}, "pay_max": {"48"}, "pay_currency": {"USD"}, "pay_unit": {"hour"},
	}
	form.Set("action", "preview")
	res, body := rec.post("/admin/roles/new", form)
	if res.StatusCode != 200 || !strings.Contains(body, "<strong>tools</strong>") || strings.Contains(body, "<script>alert(1)") {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	bad := url.Values{"title": {""}, "action": {"save"}, "description": {"kept text"}}
	res, body = rec.post("/admin/roles/new", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#title">Enter a title`) || !strings.Contains(body, ">kept text</textarea>") {
		t.Fatalf("invalid role: %d", res.StatusCode)
	}
	form.Set("action", "save")
	res, _ = rec.post("/admin/roles/new", form)
	editURL := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/admin/roles/\d+/edit$`).MatchString(editURL) {
		t.Fatalf("create: %d %q", res.StatusCode, editURL)
	}
	base := strings.TrimSuffix(editURL, "/edit")
	_, body = rec.get(editURL)
	if !strings.Contains(body, "Saved as a draft") || !strings.Contains(body, "Address: /roles/subtitles-tools-intern") {
		t.Fatal("no confirmation or slug on the edit page")
	}
	if strings.Count(body, "Los Angeles, CA") != 1 {
		t.Error("duplicate locations were kept")
	}
	if res, _ := a.get("/roles/subtitles-tools-intern"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a draft is public: %d", res.StatusCode)
	}
	// A second role with the same title gets its own slug.
	res, _ = rec.post("/admin/roles/new", form)
	if _, body := rec.get(res.Header.Get("Location")); !strings.Contains(body, "/roles/subtitles-tools-intern-2") {
		t.Error("the slug of a same-titled role is not unique")
	}

	if res, _ := rec.post(base+"/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", res.StatusCode, a.logs.String())
	}
	if res, _ := a.get("/roles/subtitles-tools-intern"); res.StatusCode != 200 {
		t.Fatalf("published role: %d", res.StatusCode)
	}
	res, _ = a.apply("subtitles-tools-intern", validForm("follow@example.com"))
	status := strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")

	_, body = rec.get("/admin/applications?q=follow%40example.com")
	m := regexp.MustCompile(`href="/admin/applications/(\d+)">Zoë 山田 🚀</a>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the new application is not in the list")
	}
	app := "/admin/applications/" + m[1]
	steps := []struct{ from, to, student string }{
		{"applied", "take_home", "Take-home assessment"},
		{"take_home", "interview_1", "Now: Interview, round 1"},
		{"interview_1", "interview_2", "Now: Interview, round 2"},
	}
	for _, s := range steps {
		res, _ := rec.post(app+"/stage", url.Values{"from": {s.from}, "to": {s.to}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s -> %s: %d", s.from, s.to, res.StatusCode)
		}
		if _, body := a.get(status); !strings.Contains(body, s.student) {
			t.Errorf("after %s the student's page lacks %q", s.to, s.student)
		}
	}
	// The same move again, from a stale tab, is refused and changes nothing.
	res, body = rec.post(app+"/stage", url.Values{"from": {"interview_1"}, "to": {"interview_2"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "changed in the meantime") {
		t.Fatalf("stale move: %d", res.StatusCode)
	}
	res, body = rec.post(app+"/stage", url.Values{"from": {"interview_2"}, "to": {"hired"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "cannot follow") {
		t.Fatalf("illegal move: %d", res.StatusCode)
	}
	rec.post(app+"/notes", url.Values{"note": {"Strong <b>portfolio</b>"}})
	_, body = rec.get(app)
	if !strings.Contains(body, "Strong &lt;b&gt;portfolio&lt;/b&gt;") || !strings.Contains(body, "Jo Recruiter (#") {
		t.Error("note or its author missing (or not escaped)")
	}
	if _, body := a.get(status); strings.Contains(body, "portfolio") {
		t.Fatal("a recruiter's note shows on the student's page")
	}

	rec.post(base+"/close", nil)
	if res, _ := a.get("/roles/subtitles-tools-intern"); res.StatusCode != http.StatusGone {
		t.Errorf("closed role: %d", res.StatusCode)
	}
	rec.post(base+"/reopen", nil)
	if res, _ := a.get("/roles/subtitles-tools-intern"); res.StatusCode != 200 {
		t.Errorf("reopened role: %d", res.StatusCode)
	}
	res, _ = rec.post(base+"/copy", nil)
	if _, body := rec.get(res.Header.Get("Location")); !strings.Contains(body, `value="Summer 2028"`) || !strings.Contains(body, "Status: draft") {
		t.Error("copy to next season did not make a Summer 2028 draft")
	}
	var audits int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE actor LIKE 'Jo Recruiter%'`).Scan(&audits)
	if audits < 9 {
		t.Errorf("only %d audit entries for the journey", audits)
	}

	// Log hygiene: the whole journey's log, at debug level, holds no
	// secret and no personal data.
	logs := a.logs.String()
	if !strings.Contains(logs, "route=/admin/applications/{id}/stage") {
		t.Fatal("the journey's requests were not logged: the check below would prove nothing")
	}
	for what, secret := range map[string]string{
		"the recruiter's password":    "journey password 123",
		"the recruiter's email":       "journey-rec@example.com",
		"the applicant's email":       "follow@example.com",
		"the applicant's name":        "山田",
		"the private status token":    strings.TrimPrefix(status, "/applications/"),
		"the recruiter's session":     rec.cookie(),
		"the resume's bytes":          "Type/Catalog",
		"the recruiter's note":        "portfolio",
		"the application's edit link": "submission_key",
	} {
		if secret != "" && strings.Contains(logs, secret) {
			t.Errorf("the log holds %s (%q)", what, secret)
		}
	}
}

func TestResumeDownloadAndCSV(t *testing.T) {
	a := newApp(t)
	a.addAccount("csv-rec@example.com", "Csv", "csv password 123456", false)
	slug := addRole(t, a.pool, "csv-role", "CSV Intern", "open", nil)
	f := validForm("=cmd@example.com").set("full_name", "=HYPERLINK(\"http://evil.example\",\"x\")").
		set("university", "+SUM(A1)").set("phone", "-1 555 000 1234")
	f.file = append([]byte("%PDF-1.4\n<html><script>alert(1)</script>"), testPDF...)
	if res, body := a.apply(slug, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d %s", res.StatusCode, body[:min(len(body), 500)])
	}
	rec := a.browser()
	rec.signIn("csv-rec@example.com", "csv password 123456")

	_, body := rec.get("/admin/applications?q=cmd%40example.com")
	m := regexp.MustCompile(`href="/admin/applications/(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("application not listed")
	}
	res, pdf := rec.get("/admin/applications/" + m[1] + "/resume")
	h := res.Header
	if res.StatusCode != 200 || h.Get("Content-Type") != "application/pdf" ||
		h.Get("Content-Disposition") != `attachment; filename="application-`+m[1]+`-resume.pdf"` ||
		h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox") ||
		h.Get("Cache-Control") != "no-store" || !strings.HasPrefix(pdf, "%PDF-1.4\n<html>") {
		t.Fatalf("resume download: %d %v", res.StatusCode, h)
	}
	if res, _ := a.get("/admin/applications/" + m[1] + "/resume"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous resume download: %d", res.StatusCode)
	}

	res, body = rec.get("/admin/applications.csv?role=")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", res.StatusCode, res.Header)
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, rec := range records[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
		if rec[3] == "'=cmd@example.com" && rec[2] == `'=HYPERLINK("http://evil.example","x")` && rec[5] == "'+SUM(A1)" && rec[4] == "'-1 555 000 1234" {
			found = true
		}
	}
	if !found {
		t.Fatalf("the neutralised row is missing:\n%s", body)
	}
}

func TestCSVCell(t *testing.T) {
	cases := map[string]string{"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM": "'@SUM", "\tx": "'\tx", "\rx": "'\rx", "ok": "ok", "": "", "a=b": "a=b"}
	for in, want := range cases {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDisableEndsSessions: an admin disables a recruiter who is signed in
// elsewhere; the recruiter's very next request lands on sign-in.
func TestDisableEndsSessions(t *testing.T) {
	a := newApp(t)
	a.addAccount("boss@example.com", "Boss", "boss password 123456", true)
	victim := a.addAccount("leaver@example.com", "Leaver", "leaver password 1234", false)
	admin, leaver := a.browser(), a.browser()
	admin.signIn("boss@example.com", "boss password 123456")
	leaver.signIn("leaver@example.com", "leaver password 1234")
	if res, _ := leaver.get("/admin"); res.StatusCode != 200 {
		t.Fatalf("before: %d", res.StatusCode)
	}
	token := leaver.cookie()
	res, _ := admin.post("/admin/users/"+idStr(victim.ID)+"/disable", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	// The session is deleted by the disable itself, before the leaver's
	// next request would find the account disabled.
	var stored int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions WHERE token = $1`, token).Scan(&stored)
	if token == "" || stored != 0 {
		t.Fatalf("the disabled account's session is still stored (%q)", token)
	}
	if res, _ := leaver.get("/admin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disabled account still served: %d", res.StatusCode)
	}
	if res, _ := leaver.post("/admin/login", url.Values{"email": {"leaver@example.com"}, "password": {"leaver password 1234"}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("disabled account signed in: %d", res.StatusCode)
	}
	// An admin cannot lock themselves out.
	me, _ := a.Accounts().ByEmail(t.Context(), "boss@example.com")
	admin.post("/admin/users/"+idStr(me.ID)+"/disable", nil)
	if res, _ := admin.get("/admin/users"); res.StatusCode != 200 {
		t.Fatal("the admin disabled their own account")
	}
}

func TestAdminAddsAccountAndResetsPassword(t *testing.T) {
	a := newApp(t)
	a.addAccount("root@example.com", "Root", "root password 123456", true)
	admin := a.browser()
	admin.signIn("root@example.com", "root password 123456")
	res, body := admin.post("/admin/users", url.Values{"email": {"new@example.com"}, "name": {"Nour"}, "password": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Use at least 12 characters") || strings.Contains(body, `value="short"`) {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	res, body = admin.post("/admin/users", url.Values{"email": {"new@example.com"}, "name": {"Nour"}, "password": {"Password1234"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "on a list of common or leaked passwords") {
		t.Fatalf("common password: %d", res.StatusCode)
	}
	long := strings.Repeat("pässwörd-", 11) // 99 characters, non-ASCII
	if res, _ := admin.post("/admin/users", url.Values{"email": {"new@example.com"}, "name": {"Nour"}, "password": {long}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	// The admin chose that password: the new account must choose its own
	// before any other page opens, and a common one is refused.
	nour := a.browser()
	nour.signIn("new@example.com", long)
	if res, _ := nour.get("/admin/applications"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/password" {
		t.Fatalf("first page with an admin-set password: %d %q, want the password page", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := nour.post("/admin/password", url.Values{"current": {long}, "new": {"iloveyou1234"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "on a list of common or leaked passwords") {
		t.Fatalf("a common new password: %d", res.StatusCode)
	}
	if res, body := nour.post("/admin/password", url.Values{"current": {"not it at all"}, "new": {"tangerine lantern orbit"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Your current password is not right") {
		t.Fatalf("a wrong current password: %d", res.StatusCode)
	}
	other := a.browser() // Nour signed in elsewhere too
	other.signIn("new@example.com", long)
	nour.changePassword(long, "tangerine lantern orbit")
	if res, _ := nour.get("/admin/applications"); res.StatusCode != http.StatusOK {
		t.Fatalf("after choosing a password: %d", res.StatusCode)
	}
	if res, _ := other.get("/admin/applications"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Fatalf("the other session after the password change: %d %q, want it ended", res.StatusCode, res.Header.Get("Location"))
	}
	long = "tangerine lantern orbit"
	if res, body := admin.post("/admin/users", url.Values{"email": {"NEW@example.com"}, "name": {"Again"}, "password": {long}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "already exists") {
		t.Fatalf("duplicate email: %d", res.StatusCode)
	}
	acc, _ := a.Accounts().ByEmail(t.Context(), "new@example.com")
	admin.post("/admin/users/"+idStr(acc.ID)+"/password", url.Values{"password": {"a fresh phrase of mine"}})
	a.browser().signIn("new@example.com", "a fresh phrase of mine")
}

// TestConcurrentRoleEdits: two recruiters open the same role; the second
// save, made from the older page, is refused and the first one stays.
func TestConcurrentRoleEdits(t *testing.T) {
	a := newApp(t)
	a.addAccount("editor@example.com", "Editor", "editor password 123", false)
	b := a.browser()
	b.signIn("editor@example.com", "editor password 123")
	addRole(t, a.pool, "edited-twice", "Edited Twice Intern", "draft", nil)
	var id int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = 'edited-twice'`).Scan(&id)
	edit := "/admin/roles/" + idStr(id) + "/edit"
	_, page := b.get(edit)
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the edit form carries no version")
	}
	form := func(title string) url.Values {
		return url.Values{"version": {m[1]}, "action": {"save"}, "title": {title}, "team": {"T"}, "area": {"technology"},
			"locations": {"Los Gatos, CA"}, "mode": {"hybrid"}, "degrees": {"bachelors"}, "season": {"Summer 2027"}, "description": {"d"}}
	}
	if res, _ := b.post(edit, form("First Save")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	res, body := b.post(edit, form("Second Save"))
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Someone saved this role while you were editing") ||
		!strings.Contains(body, `value="Second Save"`) {
		t.Fatalf("stale save: %d", res.StatusCode)
	}
	var title string
	_ = a.pool.QueryRow(t.Context(), `SELECT title FROM roles WHERE id = $1`, id).Scan(&title)
	if title != "First Save" {
		t.Fatalf("title %q: the stale save overwrote the first", title)
	}
}
