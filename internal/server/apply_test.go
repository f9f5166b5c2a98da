package server

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var tokenPath = regexp.MustCompile(`^/applications/([A-Za-z0-9_-]{43})\?submitted=1$`)

// TestStudentJourney walks the whole flow: list, role, form, submit,
// status page, reload, withdraw.
func TestStudentJourney(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "journey-playback", "Playback Engineering Intern", "open", nil)

	res, body := a.get("/roles?q=playback")
	if res.StatusCode != 200 || !strings.Contains(body, `href="/roles/journey-playback"`) {
		t.Fatalf("roles list: %d", res.StatusCode)
	}
	res, body = a.get("/roles/" + slug)
	if res.StatusCode != 200 || !strings.Contains(body, `href="/roles/journey-playback/apply"`) || !strings.Contains(body, "<strong>great</strong>") {
		t.Fatalf("role page: %d", res.StatusCode)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "javascript:") {
		t.Fatal("markdown let raw HTML or a javascript: link through")
	}
	res, body = a.get("/roles/" + slug + "/apply")
	if res.StatusCode != 200 || !strings.Contains(body, `name="submission_key" value="`) || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("apply form: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	for _, want := range []string{`autocomplete="name"`, `autocomplete="email"`, `autocomplete="tel"`, `accept="application/pdf,.pdf"`, `enctype="multipart/form-data"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %s", want)
		}
	}

	res, _ = a.apply(slug, validForm("journey@example.com"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	m := tokenPath.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("Location %q", res.Header.Get("Location"))
	}
	status := "/applications/" + m[1]

	res, body = a.get(status + "?submitted=1")
	if res.StatusCode != 200 || !strings.Contains(body, "Thank you, we have your application") || !strings.Contains(body, "Keep this page&#39;s address private") {
		t.Fatalf("status after submit: %d", res.StatusCode)
	}
	if !strings.Contains(body, "Hello Zoë 山田 🚀.") {
		t.Error("the Unicode name is not shown intact")
	}
	for k, v := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"} {
		if res.Header.Get(k) != v {
			t.Errorf("status page %s = %q", k, res.Header.Get(k))
		}
	}
	if !strings.Contains(body, `<meta name="robots" content="noindex">`) {
		t.Error("status page is indexable")
	}
	if !regexp.MustCompile(`class="stage is-current" aria-current="step"><span class="stage-name">Applied</span>`).MatchString(body) {
		t.Error("Applied is not marked as the current stage")
	}
	if !strings.Contains(body, `href="/prepare"`) {
		t.Error("no advice for the current stage")
	}

	_, body = a.get(status)
	if strings.Contains(body, "Thank you, we have your application") {
		t.Error("the banner shows on a plain reload")
	}

	res, body = a.get(status + "/withdraw")
	if res.StatusCode != 200 || !strings.Contains(body, `<form method="post" action="`+status+`/withdraw">`) {
		t.Fatalf("withdraw confirm: %d", res.StatusCode)
	}
	res, _ = a.post(status+"/withdraw", http.Header{"Sec-Fetch-Site": {"same-origin"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status {
		t.Fatalf("withdraw: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = a.get(status)
	if !strings.Contains(body, "You withdrew this application") || strings.Contains(body, "withdraw your application</a>") {
		t.Error("the withdrawn application does not say so")
	}
	if n := a.applicationCount(slug); n != 1 {
		t.Fatalf("%d applications", n)
	}
}

func TestApplyValidationKeepsValues(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "validation", "Validation Intern", "open", nil)
	f := validForm("").set("phone", "not a phone").set("grad_month", "").set("linkedin", "javascript:alert(1)").
		set("full_name", `"><script>alert(1)</script>`).set("university", "Zoë's <b>school</b>").drop("consent")
	f.file = nil
	res, body := a.apply(slug, f)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	wantErrors := []struct{ field, msg string }{
		{"email", "Enter your email address."},
		{"phone", "Enter a phone number"},
		{"grad_month", "Choose the month you expect to graduate."},
		{"resume", "Choose your resume (a PDF file)."},
		{"linkedin", "Enter your LinkedIn link"},
		{"consent", "Tick the box"},
	}
	last := -1
	for _, w := range wantErrors {
		i := strings.Index(body, `<li><a href="#`+w.field+`">`+w.msg)
		if i < 0 {
			t.Errorf("error summary has no link to #%s with %q", w.field, w.msg)
			continue
		}
		if i < last {
			t.Errorf("summary is not in form order at %s", w.field)
		}
		last = i
		if !strings.Contains(body, `id="`+w.field+`-error"`) {
			t.Errorf("no inline error for %s", w.field)
		}
	}
	for _, kept := range []string{
		`value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`,
		`value="Zoë&#39;s &lt;b&gt;school&lt;/b&gt;"`,
		`value="not a phone"`,
		`<option value="2028" selected>`,
		"I have wanted to work on playback since I was twelve.",
	} {
		if !strings.Contains(body, kept) {
			t.Errorf("value not kept (escaped): %s", kept)
		}
	}
	if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<b>school") {
		t.Error("typed markup came back live")
	}
	if !strings.Contains(body, "Please choose your file again") {
		t.Error("the page does not say to choose the file again")
	}
	if !strings.Contains(body, `<title>Error: Apply: Validation Intern`) {
		t.Error("title does not announce the error")
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d applications stored from an invalid form", n)
	}
}

func TestApplyRefusesNonPDF(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "not-pdf", "Not PDF Intern", "open", nil)
	f := validForm("notpdf@example.com")
	f.fileName, f.file = "resume.pdf", []byte("<html><script>alert(1)</script></html>")
	res, body := a.apply(slug, f)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "This file is not a PDF") {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d stored", n)
	}
}

func TestApplyOversizedBodyGets413Page(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "too-big", "Big Files Intern", "open", nil)
	f := validForm("big@example.com")
	f.file = append(append([]byte{}, testPDF...), bytes.Repeat([]byte("x"), 6<<20)...)
	res, body := a.apply(slug, f)
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "That file is too large") || !strings.Contains(body, `<main id="main"`) {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d stored", n)
	}
}

func TestHoneypotStoresNothing(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "honeypot", "Honeypot Intern", "open", nil)
	res, body := a.apply(slug, validForm("bot@example.com").set("hp_extra_notes", "http://spam.example"))
	if res.StatusCode != 200 || !strings.Contains(body, "We have received your submission.") || strings.Contains(body, "/applications/") {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d stored", n)
	}
}

func TestDuplicateAndDoubleSubmit(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "dupes", "Dupes Intern", "open", nil)
	f := validForm("dupe@example.com")
	first, _ := a.apply(slug, f)
	if first.StatusCode != http.StatusSeeOther {
		t.Fatalf("first: %d", first.StatusCode)
	}
	// The same form again (double click): to a status page of the same
	// application (through a new link: only hashes of links are kept).
	again, _ := a.apply(slug, f)
	if again.StatusCode != http.StatusSeeOther || tokenPath.FindStringSubmatch(again.Header.Get("Location")) == nil {
		t.Fatalf("double submit: %d %q", again.StatusCode, again.Header.Get("Location"))
	}
	var firstID, againID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE id = `+appByToken, tokenPath.FindStringSubmatch(first.Header.Get("Location"))[1]).Scan(&firstID)
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE id = `+appByToken, tokenPath.FindStringSubmatch(again.Header.Get("Location"))[1]).Scan(&againID)
	if firstID == 0 || firstID != againID {
		t.Fatalf("the double submit opened application %d, the first %d", againID, firstID)
	}
	// Another form (another key), same email in other case: answered as a
	// new application is (303), onto a page that says nothing about an
	// existing one, so the form cannot tell who has applied. The owner
	// gets the status link by mail (TestApplicantMail).
	res, _ := a.apply(slug, validForm("DUPE@example.com").set("submission_key", "another-key-0123456789"))
	if res.StatusCode != first.StatusCode {
		t.Fatalf("duplicate: %d, a new application: %d", res.StatusCode, first.StatusCode)
	}
	sent := res.Header.Get("Location")
	if sent != "/roles/"+slug+"/applied" {
		t.Fatalf("duplicate sent to %q", sent)
	}
	token := tokenPath.FindStringSubmatch(first.Header.Get("Location"))[1]
	res, body := a.get(sent)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "we have sent the next steps to the address you gave") {
		t.Fatalf("thank-you page: %d\n%s", res.StatusCode, body)
	}
	for _, leak := range []string{token, "already", "DUPE@example.com", "dupe@example.com"} {
		if strings.Contains(strings.ToLower(body), strings.ToLower(leak)) {
			t.Fatalf("the page after a duplicate says %q", leak)
		}
	}
	if n := a.applicationCount(slug); n != 1 {
		t.Fatalf("%d stored", n)
	}
}

func TestClosedAndDraftRoles(t *testing.T) {
	a := newApp(t)
	open := addRole(t, a.pool, "open-sibling", "Open Sibling Intern", "open", nil)
	closed := addRole(t, a.pool, "closed-role", "Closed Intern", "closed", nil)
	past := time.Now().Add(-time.Hour)
	expired := addRole(t, a.pool, "expired-role", "Expired Intern", "open", &past)
	draft := addRole(t, a.pool, "draft-role", "Draft Intern", "draft", nil)

	for _, slug := range []string{closed, expired} {
		res, body := a.get("/roles/" + slug)
		if res.StatusCode != http.StatusGone || !strings.Contains(body, "This role has closed") || !strings.Contains(body, `href="/roles/`+open+`"`) {
			t.Errorf("%s: %d, want 410 with similar roles", slug, res.StatusCode)
		}
		if strings.Contains(body, "Apply for this role") {
			t.Errorf("%s: closed role offers Apply", slug)
		}
		if res, _ := a.get("/roles/" + slug + "/apply"); res.StatusCode != http.StatusGone {
			t.Errorf("%s apply form: %d", slug, res.StatusCode)
		}
		res, body = a.apply(slug, validForm("late@example.com"))
		if res.StatusCode != http.StatusGone || !strings.Contains(body, "This role has closed") {
			t.Errorf("%s submit: %d", slug, res.StatusCode)
		}
		if n := a.applicationCount(slug); n != 0 {
			t.Errorf("%s: %d stored", slug, n)
		}
	}
	for _, path := range []string{"/roles/" + draft, "/roles/" + draft + "/apply", "/roles/no-such-role"} {
		if res, _ := a.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	if res, _ := a.apply(draft, validForm("d@example.com")); res.StatusCode != http.StatusNotFound {
		t.Errorf("draft submit: %d", res.StatusCode)
	}
}

func TestCrossOriginApplyIsRefused(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "csrf", "CSRF Intern", "open", nil)
	body, ctype := validForm("csrf@example.com").encode(t)
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/roles/"+slug+"/apply", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res, _ := a.do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d stored", n)
	}
}

func TestUnknownTokenIsPlain404(t *testing.T) {
	a := newApp(t)
	for _, path := range []string{
		"/applications/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"/applications/short",
		"/applications/%27%20OR%201%3D1--",
		"/applications/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/withdraw",
	} {
		res, body := a.get(path)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "We can&#39;t find that page") {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	res, _ := a.post("/applications/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/withdraw", http.Header{"Sec-Fetch-Site": {"same-origin"}})
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("withdraw unknown: %d", res.StatusCode)
	}
}

// TestStatusPageStages moves one application through every stage and
// checks the page marks the right step and advises on it.
func TestStatusPageStages(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "stages", "Stages Intern", "open", nil)
	res, _ := a.apply(slug, validForm("stages@example.com"))
	status := strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")
	token := strings.TrimPrefix(status, "/applications/")
	cases := []struct{ stage, step, note, advice string }{
		{"applied", "Applied", "You are here", "next step is usually a take-home assessment"},
		{"take_home", "Take-home assessment", "You are here", "Your next step is a take-home assessment"},
		{"interview_2", "Interviews", "Now: Interview, round 2", "You are in the interview rounds"},
		{"offer", "Decision", "Now: Offer", "Congratulations"},
		{"rejected", "Decision", "Now: Not moving forward", "We will not be moving forward this time"},
	}
	for _, c := range cases {
		if _, err := a.pool.Exec(t.Context(), `UPDATE applications SET stage = $2 WHERE id = `+appByToken, token, c.stage); err != nil {
			t.Fatal(err)
		}
		_, body := a.get(status)
		re := regexp.MustCompile(`<li class="stage is-current" aria-current="step"><span class="stage-name">([^<]*)</span> <span class="here">([^<]*)</span>`)
		m := re.FindStringSubmatch(body)
		if m == nil || m[1] != c.step || strings.TrimSpace(m[2]) != c.note {
			t.Errorf("%s: current step %v", c.stage, m)
		}
		if !strings.Contains(body, c.advice) {
			t.Errorf("%s: advice %q missing", c.stage, c.advice)
		}
		if got := strings.Count(body, `aria-current="step"`); got != 1 {
			t.Errorf("%s: %d current steps", c.stage, got)
		}
	}
	// A decided application cannot be withdrawn.
	_, body := a.get(status + "/withdraw")
	if !strings.Contains(body, "can no longer be withdrawn") || strings.Contains(body, `<form method="post"`) {
		t.Error("a rejected application offers withdrawal")
	}
}

func TestApplyIsRateLimitedPerAddress(t *testing.T) {
	a := newApp(t, withApplyLimit(2))
	slug := addRole(t, a.pool, "limited", "Limited Intern", "open", nil)
	for i, email := range []string{"l1@example.com", "l2@example.com", "l3@example.com"} {
		res, body := a.apply(slug, validForm(email))
		if i < 2 && res.StatusCode != http.StatusSeeOther {
			t.Fatalf("application %d: %d", i+1, res.StatusCode)
		}
		if i == 2 {
			if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Please wait a few minutes") {
				t.Fatalf("third application: %d", res.StatusCode)
			}
			if !strings.Contains(body, `value="l3@example.com"`) {
				t.Error("the limited form lost what was typed")
			}
		}
	}
	// A form with mistakes is not counted against the student.
	res, _ := a.apply(slug, validForm("").set("email", ""))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form while limited: %d", res.StatusCode)
	}
	if n := a.applicationCount(slug); n != 2 {
		t.Fatalf("%d stored", n)
	}
}
