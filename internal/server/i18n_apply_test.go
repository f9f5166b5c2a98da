package server

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/selfid"
)

// applyES posts f to the Spanish apply form of slug, as a browser on
// the Spanish page would.
func (a *testApp) applyES(slug string, f *form) (*http.Response, string) {
	a.t.Helper()
	body, ctype := f.encode(a.t)
	req, err := http.NewRequest(http.MethodPost, a.srv.URL+"/es/roles/"+slug+"/apply", body)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return a.do(req)
}

// spanish is the Spanish text of the apply or selfid catalog's message
// id, as a page writes it (HTML-escaped).
func spanish(t *testing.T, area, id string) string {
	t.Helper()
	texts := catalogTexts(t, area, "es")[id]
	if len(texts) == 0 {
		t.Fatalf("no Spanish text for %s", id)
	}
	return html.EscapeString(texts[0])
}

const accentedName = "José Núñez-O'Brien 李"

func TestApplyFormInSpanish(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "es-apply-form", "Ingeniería de reproducción", "open", nil)
	var roleID int64
	if err := a.pool.QueryRow(context.Background(), `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID); err != nil {
		t.Fatal(err)
	}
	if err := a.server.Questions.Add(context.Background(), audit.CLI, roleID, []questions.Question{
		{Kind: questions.YesNo, Label: "Need sponsorship?", Required: true, Options: []string{"Yes", "No"}, Knockouts: []string{"Yes"}, Requirement: "This role cannot sponsor a work visa."},
		{Kind: questions.Link, Label: "Portfolio"},
	}); err != nil {
		t.Fatal(err)
	}
	res, body := a.get("/es/roles/" + slug + "/apply")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="es">`) {
		t.Fatalf("Spanish apply form: %d", res.StatusCode)
	}
	for _, id := range []string{"apply.form.about_you", "apply.form.full_name", "apply.form.email", "apply.form.degree",
		"apply.form.graduation", "apply.form.privacy", "apply.form.consent", "apply.form.submit", "apply.degree.bachelors", "apply.area.technology"} {
		if want := spanish(t, "apply", id); !strings.Contains(body, want) {
			t.Errorf("the Spanish form lacks %s %q", id, want)
		}
	}
	for _, want := range []string{
		`action="/es/roles/` + slug + `/apply"`,
		`<option value="1">enero</option>`,
		// The role's words are English: marked so.
		`<span lang="en">Ingeniería de reproducción</span>`,
		`<span lang="en">Playback</span>`,
		`Un archivo PDF de hasta 5 MB.`,
		`Como máximo 2.000 caracteres.`,
		spanish(t, "apply", "apply.form.team_questions"),
		`value="Yes" data-knockout=`,
		`>Sí</label>`,
		`<span lang="en">Portfolio</span> (opcional)`,
		`<span lang="en">This role cannot sponsor a work visa.</span> ` + spanish(t, "apply", "apply.form.knockout_note"),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the Spanish form lacks %s", want)
		}
	}
	for _, english := range []string{"Full name", "Send application", "Email address", "January", "Bachelor&#39;s", "About you", "Why this role?"} {
		if strings.Contains(body, english) {
			t.Errorf("the Spanish form still says %q", english)
		}
	}
	// English stays at the root, word for word.
	_, body = a.get("/roles/" + slug + "/apply")
	for _, want := range []string{`<html lang="en">`, "Full name", "Send application", `<option value="1">January</option>`,
		"A few sentences on what draws you to this team and its work. At most 2,000 characters.", `action="/roles/` + slug + `/apply"`,
		"Portfolio (optional)", `>Yes</label>`, "This role cannot sponsor a work visa. With this answer the application cannot go ahead."} {
		if !strings.Contains(body, want) {
			t.Errorf("the English form lacks %s", want)
		}
	}
	if strings.Contains(body, `<span lang=`) || strings.Count(body, ` lang="en"`) != 2 { // <html> and the switcher
		t.Error("the English form marks English text as another language")
	}
}

func TestApplyInvalidInSpanish(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "es-apply-invalid", "Invalid Intern", "open", nil)
	f := validForm("no-es-una-direccion").set("full_name", "")
	res, body := a.applyES(slug, f)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<html lang="es">`) {
		t.Fatalf("invalid Spanish form: %d", res.StatusCode)
	}
	for _, id := range []string{"apply.form.error_summary", "apply.error.full_name_missing", "apply.error.email_invalid", "apply.form.choose_again_strong"} {
		if want := spanish(t, "apply", id); !strings.Contains(body, want) {
			t.Errorf("the Spanish errors lack %s %q", id, want)
		}
	}
	if want := `<li><a href="#full_name">` + spanish(t, "apply", "apply.error.full_name_missing") + `</a></li>`; !strings.Contains(body, want) {
		t.Errorf("the error summary does not link the name's Spanish error: %s", want)
	}
	for _, english := range []string{"Enter your full name.", "Enter an email address like", "There is a problem with your application"} {
		if strings.Contains(body, english) {
			t.Errorf("the Spanish errors still say %q", english)
		}
	}
	if !strings.Contains(body, "<title>Error: Postúlate: Invalid Intern") {
		t.Error("the page title does not say there is an error, in Spanish")
	}
	if !strings.Contains(body, `value="no-es-una-direccion"`) {
		t.Error("the typed address is not kept")
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d applications stored from an invalid form", n)
	}
}

func TestApplyValidInSpanish(t *testing.T) {
	a := newApp(t, withSelfID())
	slug := addRole(t, a.pool, "es-apply-valid", "Valid Intern", "open", nil)
	f := validForm("jose-es@example.com").set("full_name", accentedName)
	res, _ := a.applyES(slug, f)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/es/applications/") || !strings.HasSuffix(loc, "?submitted=1") {
		t.Fatalf("valid Spanish form: %d %q", res.StatusCode, loc)
	}
	var name, email string
	if err := a.pool.QueryRow(context.Background(), `SELECT full_name, email FROM applications WHERE email = $1`, "jose-es@example.com").Scan(&name, &email); err != nil {
		t.Fatal(err)
	}
	if name != accentedName {
		t.Errorf("stored name %q", name)
	}
	res, body := a.get(loc)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="es">`) {
		t.Fatalf("Spanish confirmation: %d", res.StatusCode)
	}
	if !strings.Contains(body, html.EscapeString(accentedName)) {
		t.Error("the name is not shown intact")
	}
	for _, id := range []string{"selfid.heading", "selfid.voluntary_strong", "selfid.save", "selfid.question.gender.legend",
		"selfid.question.gender.option.nonbinary.label", "selfid.question.disability_status.option.yes.label"} {
		if want := spanish(t, "selfid", id); !strings.Contains(body, want) {
			t.Errorf("the Spanish confirmation lacks %s %q", id, want)
		}
	}
	status := strings.TrimSuffix(loc, "?submitted=1")
	if !strings.Contains(body, `action="`+status+`/self-identification"`) {
		t.Error("the survey does not post to the Spanish address")
	}

	// The survey answers in Spanish and stays there.
	student := a.browser()
	res, body = student.post(status+"/self-identification", url.Values{"action": {"save"}, "gender": {"zzz"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<html lang="es">`) {
		t.Fatalf("bad survey answer: %d", res.StatusCode)
	}
	problem := strings.ReplaceAll(spanish(t, "selfid", "selfid.problem"), "{{.Question}}", spanish(t, "selfid", "selfid.question.gender.legend"))
	if !strings.Contains(body, problem) || !strings.Contains(body, spanish(t, "selfid", "selfid.errors_heading")) {
		t.Errorf("the survey's problem is not in Spanish: %q", problem)
	}
	res, _ = student.post(status+"/self-identification", testAnswers)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status+"?done=self-id#self-identification" {
		t.Fatalf("survey saved: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = a.get(status + "?done=self-id")
	if !strings.Contains(body, spanish(t, "selfid", "selfid.saved")) || !strings.Contains(body, "Respondiste el ") {
		t.Error("the saved survey does not say so in Spanish")
	}
	// Removed again, in Spanish: the package's other tests count every
	// stored answer.
	res, _ = student.post(status+"/self-identification", url.Values{"action": {"remove"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status+"?done=self-id-removed#self-identification" {
		t.Fatalf("survey removed: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = a.get(status + "?done=self-id-removed")
	if !strings.Contains(body, spanish(t, "selfid", "selfid.removed")) {
		t.Error("the removed survey does not say so in Spanish")
	}

	// A second application with the address: the neutral page, in Spanish.
	res, _ = a.applyES(slug, validForm("jose-es@example.com").set("full_name", accentedName).set("submission_key", "another-spanish-key-0123"))
	loc = res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc != "/es/roles/"+slug+"/applied" {
		t.Fatalf("second Spanish application: %d %q", res.StatusCode, loc)
	}
	res, body = a.get(loc)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="es">`) {
		t.Fatalf("Spanish applied page: %d", res.StatusCode)
	}
	sent := strings.ReplaceAll(spanish(t, "apply", "apply.sent.text"), "{{.Role}}", `<span lang="en">Valid Intern</span>`)
	for _, want := range []string{sent, spanish(t, "apply", "apply.sent.spam"), `<a href="/es/roles">` + spanish(t, "apply", "apply.sent.browse") + `</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the Spanish applied page lacks %q", want)
		}
	}
	if n := a.applicationCount(slug); n != 1 {
		t.Fatalf("%d applications", n)
	}
	// In English, the same page reads as it always did.
	_, body = a.get("/roles/" + slug + "/applied")
	if !strings.Contains(body, "<p>Thank you for applying to Valid Intern: we have sent the next steps") || !strings.Contains(body, `<a href="/roles">Browse open roles</a>`) {
		t.Error("the English applied page changed")
	}
}

// TestApplyErrorsMatchTheCatalog checks that every problem the form can
// report carries a catalog message whose English is its Message, word
// for word, and that Spanish has it.
func TestApplyErrorsMatchTheCatalog(t *testing.T) {
	a := newApp(t)
	en, es := a.server.Site.Catalog.Printer("en"), a.server.Site.Catalog.Printer("es")
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	var all applications.Errors
	for _, in := range []applications.Input{
		{},
		{FullName: strings.Repeat("n", 201), Email: strings.Repeat("e", 250) + "@x.co", Phone: "abc", University: strings.Repeat("u", 201),
			Degree: roles.PhD, GradMonth: "2", GradYear: "2026", LinkedIn: "x", GitHub: "y", Portfolio: "z", Why: strings.Repeat("w", 2001)},
		{Email: "not an address", Degree: "nope", GradMonth: "5", GradYear: "1999"},
	} {
		all = append(all, applications.Check(&in, applications.Resume{}, now, []roles.Degree{roles.Bachelors, roles.Masters})...)
	}
	for _, data := range [][]byte{[]byte("not a pdf"), append([]byte("%PDF-"), make([]byte, applications.MaxResumeBytes)...)} {
		all = append(all, applications.Check(&applications.Input{}, applications.Resume{Data: data}, now, nil)...)
	}
	ten := 10
	qs := []questions.Question{
		{ID: 1, Kind: questions.ShortText, Label: "Short “one”", Required: true, MaxChars: &ten},
		{ID: 2, Kind: questions.ShortText, Label: "Long one", MaxChars: &ten},
		{ID: 3, Kind: questions.Link, Label: "Link"},
		{ID: 4, Kind: questions.SingleChoice, Label: "Pick", Required: true, Options: []string{"A", "B"}},
		{ID: 5, Kind: questions.MultiChoice, Label: "Many", Required: true, Options: []string{"A", "B"}},
		{ID: 6, Kind: questions.SingleChoice, Label: "One", Options: []string{"A", "B"}},
		{ID: 7, Kind: questions.YesNo, Label: "Sponsor?", Options: []string{"Yes", "No"}, Knockouts: []string{"Yes"}, Requirement: "No visas."},
		{ID: 8, Kind: questions.File, Label: "File", Required: true},
		{ID: 9, Kind: questions.File, Label: "Bad file"},
		{ID: 10, Kind: questions.File, Label: "Big file"},
		{ID: 11, Kind: questions.LongText, Label: "Essay", MaxChars: &ten},
		{ID: 12, Kind: questions.YesNo, Label: "Unanswered", Required: true, Options: []string{"Yes", "No"}},
	}
	v := questions.Values{Fields: map[string][]string{
		"q2": {"far more than ten"}, "q3": {"javascript:x"}, "q4": {"C"}, "q6": {"A", "B"}, "q7": {"Yes"}, "q11": {strings.Repeat("é", 11)},
	}, Files: map[string]questions.Upload{
		"q9": {Data: []byte("GIF89a")}, "q10": {Data: append([]byte("%PDF-"), make([]byte, applications.MaxResumeBytes)...)},
	}}
	_, qErrs := questions.Read(qs, v)
	all = append(all, qErrs...)
	seen := map[string]bool{}
	for _, fe := range all {
		if fe.ID == "" {
			t.Errorf("%s: %q has no message ID", fe.Field, fe.Message)
			continue
		}
		seen[fe.ID] = true
		if got := en.T(fe.ID, fe.Args...); got != fe.Message {
			t.Errorf("%s: catalog English\n%q\nMessage\n%q", fe.ID, got, fe.Message)
		}
		if got := es.T(fe.ID, fe.Args...); got == fe.ID || got == fe.Message {
			t.Errorf("%s has no Spanish text", fe.ID)
		}
	}
	for id := range catalogTexts(t, "apply", "en") {
		if (strings.HasPrefix(id, "apply.error.") || strings.HasPrefix(id, "apply.question_error.")) && !seen[id] && id != "apply.error.adjustment_long" {
			t.Errorf("no test case reports %s", id)
		}
	}
}

// TestSelfIDCatalogMatchesTheSurvey checks that the catalog's English
// survey is internal/selfid's, word for word, so the English page reads
// as it did and no question or answer lacks a Spanish text.
func TestSelfIDCatalogMatchesTheSurvey(t *testing.T) {
	en, es := catalogTexts(t, "selfid", "en"), catalogTexts(t, "selfid", "es")
	check := func(id, want string) {
		t.Helper()
		if got := en[id]; len(got) != 1 || got[0] != want {
			t.Errorf("%s: catalog %q, internal/selfid %q", id, got, want)
		}
		if len(es[id]) != 1 || es[id][0] == want && want != "No" {
			t.Errorf("%s: no Spanish text", id)
		}
	}
	for _, q := range selfid.Questions {
		base := "selfid.question." + q.Key + "."
		check(base+"legend", q.Legend)
		check(base+"hint", q.Hint)
		for _, o := range q.Options {
			check(base+"option."+o.Value+".label", o.Label)
			if o.Note != "" {
				check(base+"option."+o.Value+".note", o.Note)
			}
		}
		_, problems := selfid.Read(func(key string) string {
			if key == q.Key {
				return "unknown"
			}
			return ""
		})
		want := strings.ReplaceAll(en["selfid.problem"][0], "{{.Question}}", q.Legend)
		if problems[q.Key] != want {
			t.Errorf("%s: selfid.Read says %q, the catalog %q", q.Key, problems[q.Key], want)
		}
	}
}
