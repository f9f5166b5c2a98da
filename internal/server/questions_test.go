package server

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestRoleQuestionsJourney: a recruiter gives a role one question of
// every kind (a knockout among them) in the editor; the role page says
// what it requires and how long the form takes; a student meets every
// required question's message in form order, then a knockout that
// stores nothing, then applies; the answers show beside the resume with
// the question as the student read it, even after an edit, and the CSV
// has a column per question, formula-safe.
func TestRoleQuestionsJourney(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	a.addAccount("questions-rec@example.com", "Aoife Ní Bhriain", "questions password 123", false)
	rec := a.browser()
	rec.signIn("questions-rec@example.com", "questions password 123")
	slug := addRole(t, a.pool, "questioned-intern", "Questioned Intern", "open", nil)
	var roleID int64
	if err := a.pool.QueryRow(ctx, `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID); err != nil {
		t.Fatal(err)
	}
	base := "/admin/roles/" + idStr(roleID) + "/questions"

	res, body := rec.get(base)
	if res.StatusCode != 200 || !strings.Contains(body, "The form takes about 8 minutes") {
		t.Fatalf("editor: %d", res.StatusCode)
	}
	res, body = rec.post(base, url.Values{"kind": {"single_choice"}, "label": {""}, "options": {"Only one"}, "help": {"kept help"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#label">Enter the question`) ||
		!strings.Contains(body, "List at least two answers") || !strings.Contains(body, ">kept help</textarea>") {
		t.Fatalf("invalid question: %d", res.StatusCode)
	}
	for _, q := range []url.Values{
		{"kind": {"short_text"}, "label": {"Préféré: café or thé?"}, "required": {"yes"}, "max_chars": {"10"}},
		{"kind": {"long_text"}, "label": {"Tell us about a project"}, "required": {"yes"}, "max_chars": {"50"}, "help": {"Your part in it."}},
		{"kind": {"single_choice"}, "label": {"Graduation window"}, "required": {"yes"}, "options": {"2027\n2028"}},
		{"kind": {"multi_choice"}, "label": {"Languages"}, "options": {"Go\nRust\n日本語"}},
		{"kind": {"yes_no"}, "label": {"Need sponsorship?"}, "required": {"yes"}, "knockouts": {"Yes"}, "requirement": {"This role cannot sponsor a work visa."}},
		{"kind": {"link"}, "label": {"Portfolio"}},
		{"kind": {"file"}, "label": {"Writing sample"}, "required": {"yes"}},
	} {
		if res, body := rec.post(base, q); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add %s: %d\n%s", q.Get("label"), res.StatusCode, body)
		}
	}
	ids := map[string]string{}
	rows, err := a.pool.Query(ctx, `SELECT label, 'q' || id FROM role_questions WHERE role_id = $1`, roleID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var l, f string
		_ = rows.Scan(&l, &f)
		ids[l] = f
	}
	rows.Close()
	// Reordering by buttons: the file question up one place, then back.
	fileID := strings.TrimPrefix(ids["Writing sample"], "q")
	rec.post(base+"/"+fileID+"/move", url.Values{"direction": {"up"}})
	_, body = rec.get(base)
	if strings.Index(body, "Writing sample") > strings.Index(body, "<strong>Portfolio") {
		t.Fatal("moving up did not move the question")
	}
	rec.post(base+"/"+fileID+"/move", url.Values{"direction": {"down"}})

	// Another role copies them; a question set adds its own.
	other := addRole(t, a.pool, "questioned-copy", "Copying Intern", "open", nil)
	var otherID int64
	_ = a.pool.QueryRow(ctx, `SELECT id FROM roles WHERE slug = $1`, other).Scan(&otherID)
	otherBase := "/admin/roles/" + idStr(otherID) + "/questions"
	if res, _ := rec.post(otherBase+"/copy", url.Values{"from": {idStr(roleID)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("copy: %d", res.StatusCode)
	}
	if res, _ := rec.post(otherBase+"/copy", url.Values{"set": {"Work authorization"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a set: %d", res.StatusCode)
	}
	if res, _ := rec.post(otherBase+"/copy", url.Values{"set": {"No such set"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown set: %d", res.StatusCode)
	}
	if n := a.count(`SELECT count(*) FROM role_questions WHERE role_id = $1`, otherID); n != 9 {
		t.Fatalf("the copy holds %d questions", n)
	}

	// The role page says it up front.
	_, body = a.get("/roles/" + slug)
	if !strings.Contains(body, "This role cannot sponsor a work visa.") || !regexp.MustCompile(`takes about \d+ minutes`).MatchString(body) {
		t.Fatal("the role page does not list the requirement and the form's length")
	}
	_, body = a.get("/roles/" + slug + "/apply")
	for _, want := range []string{"<legend>Graduation window</legend>", `type="radio" id="` + ids["Need sponsorship?"] + `-0"`, `type="checkbox" id="` + ids["Languages"] + `-2"`,
		"Portfolio (optional)", `name="` + ids["Writing sample"] + `" accept="application/pdf,.pdf"`, "Your part in it."} {
		if !strings.Contains(body, want) {
			t.Fatalf("the apply form lacks %q", want)
		}
	}

	// Every required question unanswered: messages beside the fields and
	// in the summary, in form order, consent last.
	f := validForm("asked@example.com").drop("consent")
	res, body = a.apply(slug, f)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("blank answers: %d", res.StatusCode)
	}
	var order []int
	for _, l := range []string{"Préféré: café or thé?", "Tell us about a project", "Graduation window", "Need sponsorship?", "Writing sample"} {
		if !strings.Contains(body, `id="`+ids[l]+`-error"`) {
			t.Fatalf("no message beside %q", l)
		}
		order = append(order, strings.Index(body, `href="#`+ids[l]))
	}
	order = append(order, strings.Index(body, `href="#consent"`))
	for i := 1; i < len(order); i++ {
		if order[i-1] < 0 || order[i] < order[i-1] {
			t.Fatalf("the error summary is out of form order: %v", order)
		}
	}
	if strings.Contains(body, `href="#`+ids["Languages"]) || strings.Contains(body, `href="#`+ids["Portfolio"]) {
		t.Fatal("an optional question was required")
	}

	answered := func(email, sponsor string) *form {
		f := validForm(email)
		f.set(ids["Préféré: café or thé?"], "=1+1").set(ids["Tell us about a project"], "A subtitle timing tool.").
			set(ids["Graduation window"], "2028").set(ids["Need sponsorship?"], sponsor)
		f.fields = append(f.fields, [2]string{ids["Languages"], "Go"}, [2]string{ids["Languages"], "日本語"})
		f.files = []filePart{{field: ids["Writing sample"], name: "essay.pdf", data: testPDF}}
		return f
	}
	// A knockout answer: told why, nothing stored, answers kept.
	res, body = a.apply(slug, answered("knocked@example.com", "Yes"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "This role cannot sponsor a work visa. You answered “Yes”") ||
		!strings.Contains(body, `value="=1+1"`) || !strings.Contains(body, "A subtitle timing tool.</textarea>") {
		t.Fatalf("knockout: %d", res.StatusCode)
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d applications stored before a valid one", n)
	}
	// A file answer is checked like a resume.
	bad := answered("badfile@example.com", "No")
	bad.files[0].data = []byte("MZ not a pdf")
	if res, body := a.apply(slug, bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "must be a PDF") {
		t.Fatalf("a file answer that is not a PDF: %d", res.StatusCode)
	}

	res, _ = a.apply(slug, answered("answered@example.com", "No"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d\n%s", res.StatusCode, a.logs.String())
	}
	var appID int64
	_ = a.pool.QueryRow(ctx, `SELECT id FROM applications WHERE email = 'answered@example.com'`).Scan(&appID)
	if n := a.count(`SELECT count(*) FROM application_answers WHERE application_id = $1`, appID); n != 6 {
		t.Fatalf("%d answers stored", n)
	}

	// A later edit does not rewrite what the student answered.
	qid := strings.TrimPrefix(ids["Graduation window"], "q")
	if res, _ := rec.post(base+"/"+qid, url.Values{"kind": {"single_choice"}, "label": {"Finishing when?"}, "options": {"2029\n2030"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	_, body = rec.get("/admin/applications/" + idStr(appID))
	for _, want := range []string{"Graduation window", "2028", "Go; 日本語", "=1+1", "Download essay.pdf"} {
		if !strings.Contains(body, want) {
			t.Fatalf("the application page lacks %q", want)
		}
	}
	m := regexp.MustCompile(`href="(/admin/applications/\d+/answers/\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no link to the file answer")
	}
	res, file := rec.get(m[1])
	if res.StatusCode != 200 || file != string(testPDF) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("file answer: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}

	res, body = rec.get("/admin/applications.csv?role=" + idStr(roleID))
	if res.StatusCode != 200 {
		t.Fatalf("csv: %d", res.StatusCode)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv: %d rows, %v", len(recs), err)
	}
	header, row := recs[0], recs[1]
	col := func(name string) string {
		for i, h := range header {
			if h == name {
				return row[i]
			}
		}
		t.Fatalf("no column %q in %v", name, header)
		return ""
	}
	if got := col("Q1: Préféré: café or thé?"); got != "'=1+1" {
		t.Fatalf("formula answer exported as %q", got)
	}
	if got := col("Q4: Languages"); got != "Go; 日本語" {
		t.Fatalf("choices exported as %q", got)
	}
	// The edited question's column carries its new label; the answer
	// given to the old one stays with it.
	if got := col("Q3: Finishing when?"); got != "2028" {
		t.Fatalf("edited question's answer exported as %q", got)
	}
}

func (a *testApp) count(sql string, args ...any) int {
	a.t.Helper()
	var n int
	if err := a.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		a.t.Fatal(err)
	}
	return n
}
