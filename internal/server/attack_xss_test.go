package server

import (
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"example.com/careers/internal/mail/mailtest"
)

// Payloads stored through every field someone outside the company, or
// a recruiter, can write.
const (
	xssScript  = `"><script>alert(1)</script>`
	xssImg     = `<img src=x onerror=alert(1)>`
	xssJSURL   = `javascript:alert(1)`
	xssSVG     = `'><svg onload=alert(1)>`
	xssTextara = `</textarea><script>alert(2)</script>`
	xssTitle   = `=Intern ` + xssScript + ` ` + xssImg
	xssTeam    = `+Team ` + xssSVG
	xssSeason  = `Summer 2027 ` + xssTextara
	xssName    = `@` + xssScript + ` ` + xssImg
	xssUni     = `-1+` + xssSVG + ` ` + xssJSURL
	xssWhy     = xssTextara + "\n" + xssImg + "\n" + xssJSURL
	xssNote    = xssScript + " " + xssTextara
	xssAccount = `Rec ` + xssScript
	// Addresses may hold quotes, =, /, { and backquotes in their local part.
	xssEmail      = "x'/onmouseover=alert`1`//@example.com"
	xssAlertEmail = "=a'onfocus='alert`1`@example.com"
	// Valid https links whose text tries to break out of the attribute.
	xssGitHub    = `https://github.example/` + xssScript
	xssPortfolio = `https://portfolio.example/?q=` + xssImg
)

// xssDescription is markdown with raw HTML and script links, which the
// renderer must drop or defuse.
const xssDescription = "Build **things**. " + xssScript + "\n\n" +
	xssImg + "\n\n" +
	"[link](javascript:alert(1)) [upper](JaVaScRiPt:alert(1)) [tab](java\tscript:alert(1)) " +
	"[entity](&#106;avascript:alert(1)) [vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\n" +
	"![img](javascript:alert(1))\n\n" +
	`<a href="javascript:alert(1)">raw link</a>` + "\n\n" +
	"<iframe src=\"https://evil.example\"></iframe>\n\n" +
	"<details open ontoggle=alert(1)>x</details>\n"

// TestStoredXSSIsInertEverywhere stores script payloads in every field
// and reads every page, feed, export and mail that shows them with an
// HTML tokenizer: no script but the site's own, no event handler, no
// script URL; and the payloads are there, as text.
func TestStoredXSSIsInertEverywhere(t *testing.T) {
	smtp := mailtest.Start(t)
	a := newApp(t, withSMTP(t, smtp.URL()))
	ctx := context.Background()
	pages := 0
	check := func(where, page string, wants ...string) pageCheck {
		t.Helper()
		pages++
		pc := checkHTML(t, where, page)
		for _, w := range wants {
			if !strings.Contains(pc.Text, w) {
				t.Errorf("%s: the payload %q is not shown as text", where, w)
			}
		}
		return pc
	}
	get := func(b *browser, path string, status int, wants ...string) pageCheck {
		t.Helper()
		var res *http.Response
		var body string
		if b == nil {
			res, body = a.get(path)
		} else {
			res, body = b.get(path)
		}
		if res.StatusCode != status {
			t.Fatalf("GET %s: %d, want %d", path, res.StatusCode, status)
		}
		return check("GET "+path, body, wants...)
	}

	// An admin adds a recruiter whose name is a payload.
	a.addAccount("xss-admin@example.com", "Xss Admin", "xss admin password 1", true)
	admin := a.browser()
	admin.signIn("xss-admin@example.com", "xss admin password 1")
	res, _ := admin.post("/admin/users", url.Values{"email": {"xss-rec@example.com"}, "name": {xssAccount}, "password": {"xss staff phrase 1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add account: %d", res.StatusCode)
	}
	get(admin, "/admin/users", 200, xssAccount) // with the flash naming the account
	rec := a.browser()
	rec.signIn("xss-rec@example.com", "xss staff phrase 1")
	get(rec, "/admin/password", 200, xssAccount) // an admin chose it: it must be changed first
	rec.changePassword("xss staff phrase 1", "xss own phrase 22")

	// The recruiter writes a role of payloads: preview, a refused save
	// (the form keeps the text), then the real one.
	role := url.Values{"title": {xssTitle}, "team": {xssTeam}, "area": {"technology"},
		"locations": {xssSVG + "\n" + xssJSURL + "\n" + xssTextara}, "mode": {"hybrid"}, "degrees": {"bachelors"},
		"season": {xssSeason}, "description": {xssDescription}, "action": {"preview"},
		"pay_min": {"45"}, "pay_max": {"60"}, "pay_currency": {"USD"}, "pay_unit": {"hour"}, "benefits": {xssSVG}}
	res, body := rec.post("/admin/roles/new", role)
	if res.StatusCode != 200 {
		t.Fatalf("preview: %d", res.StatusCode)
	}
	check("role preview", body, xssTitle, xssTeam, xssSeason, xssDescription)
	bad := url.Values{}
	for k, v := range role {
		bad[k] = v
	}
	bad.Set("action", "save")
	bad.Set("mode", "")
	res, body = rec.post("/admin/roles/new", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid role: %d", res.StatusCode)
	}
	check("role form with errors", body, xssTitle, xssTextara)
	role.Set("action", "save")
	res, _ = rec.post("/admin/roles/new", role)
	edit := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save role: %d", res.StatusCode)
	}
	base := strings.TrimSuffix(edit, "/edit")
	get(rec, edit, 200, xssTitle, xssTeam, xssSeason, xssDescription)

	// A subscriber with a payload address confirms, so the publication
	// mails a digest.
	if res, _ := a.browser().post("/alerts", url.Values{"email": {xssAlertEmail}, "areas": {"technology"}}); res.StatusCode != 200 {
		t.Fatalf("alert sign-up: %d", res.StatusCode)
	}
	confirm := mailsTo(t, smtp, xssAlertEmail, 1)[0]
	confirmPath := confirmRe.FindStringSubmatch(confirm.Text)
	if confirmPath == nil {
		t.Fatal("no confirmation link")
	}
	get(nil, confirmPath[1], 200)
	if res, body := a.post(confirmPath[1], http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.StatusCode != 200 {
		t.Fatalf("confirm: %d", res.StatusCode)
	} else {
		check("alert confirmed", body)
	}
	if res, _ := rec.post(base+"/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	var slug string
	if err := a.pool.QueryRow(ctx, `SELECT slug FROM roles WHERE title = $1`, xssTitle).Scan(&slug); err != nil {
		t.Fatal(err)
	}

	// Public pages of the role.
	get(nil, "/roles", 200, xssTitle, xssTeam)
	get(nil, "/roles?q="+url.QueryEscape(xssScript), 200, xssScript)
	get(nil, "/roles?q="+url.QueryEscape(xssJSURL)+"&location="+url.QueryEscape(xssImg), 200, xssJSURL)
	pc := get(nil, "/roles/"+slug, 200, xssTitle, xssTeam, xssSVG, xssJSURL)
	if pc.JSONLD == nil {
		t.Fatal("the role page has no JSON-LD")
	}
	if pc.JSONLD["title"] != xssTitle {
		t.Errorf("JSON-LD title %q, want the payload as text", pc.JSONLD["title"])
	}
	desc, _ := pc.JSONLD["description"].(string)
	check("JSON-LD description (HTML)", desc)
	get(nil, "/roles/"+slug+"/apply", 200, xssTitle)
	checkFeed(t, a, xssTitle, xssTeam)
	if res, body := a.get("/sitemap.xml"); res.StatusCode != 200 || !strings.Contains(body, "/roles/"+slug+"</loc>") {
		t.Errorf("sitemap: %d, lacks the role", res.StatusCode)
	} else if strings.Contains(body, "<script") || strings.Contains(body, "javascript:") {
		t.Error("the sitemap holds markup or a script URL")
	}

	// A student applies with payloads: the refused fields come back on
	// the form as text, then the valid payloads are stored.
	f := validForm(xssEmail).set("full_name", xssName).set("university", xssUni).set("why", xssWhy).
		set("phone", xssScript).set("linkedin", xssJSURL).set("github", "JAVASCRIPT:alert(1)").set("portfolio", "data:text/html,"+xssImg)
	res, body = a.apply(slug, f)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("apply with script links: %d", res.StatusCode)
	}
	for _, field := range []string{"phone", "linkedin", "github", "portfolio"} {
		if !strings.Contains(body, `<a href="#`+field+`">`) {
			t.Errorf("the %s payload was not refused", field)
		}
	}
	check("apply form with errors", body, xssName, xssUni, xssScript, xssJSURL, xssWhy)
	f.set("phone", "+1 (408) 555-0100").set("linkedin", "").set("github", xssGitHub).set("portfolio", xssPortfolio)
	res, _ = a.apply(slug, f)
	m := tokenPath.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	status := "/applications/" + m[1]
	get(nil, status+"?submitted=1", 200, xssName, xssTitle)
	get(nil, status, 200, xssName)
	get(nil, status+"/withdraw", 200, xssTitle)
	// A second application, same address, other form: the thank-you page.
	res, _ = a.apply(slug, validForm(xssEmail).set("submission_key", "xss-second-key-0123456789"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("duplicate: %d", res.StatusCode)
	}
	get(nil, res.Header.Get("Location"), 200, xssTitle)

	// The recruiter reads and acts on it.
	var appID int64
	if err := a.pool.QueryRow(ctx, `SELECT id FROM applications WHERE id = `+appByToken, m[1]).Scan(&appID); err != nil {
		t.Fatal(err)
	}
	app := "/admin/applications/" + idStr(appID)
	if res, _ := rec.post(app+"/notes", url.Values{"note": {xssNote}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note: %d", res.StatusCode)
	}
	if res, _ := rec.post(app+"/stage", url.Values{"from": {"applied"}, "to": {"take_home"}, "tell": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("stage: %d", res.StatusCode)
	}
	if res, _ := rec.post(base+"/copy", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("copy: %d", res.StatusCode)
	} else {
		get(rec, res.Header.Get("Location"), 200, xssTitle, xssSeason) // the flash names the season
	}
	get(rec, app, 200, xssName, xssEmail, xssUni, xssWhy, xssNote, xssGitHub, xssPortfolio, xssAccount, xssTitle)
	get(rec, "/admin", 200, xssAccount)
	get(rec, "/admin/roles", 200, xssTitle)
	get(rec, "/admin/applications", 200, xssName, xssTitle)
	get(rec, "/admin/applications?q="+url.QueryEscape(xssName)+"&university="+url.QueryEscape(xssUni), 200, xssName, xssUni)
	get(rec, "/admin/applications?stage="+url.QueryEscape(xssScript)+"&sort="+url.QueryEscape(xssImg)+"&role="+url.QueryEscape(xssJSURL), 200)
	get(admin, "/admin/audit", 200, xssAccount)

	// Withdrawal: one more mail.
	if res, _ := a.post(status+"/withdraw", http.Header{"Sec-Fetch-Site": {"same-origin"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.StatusCode)
	}
	a.runDigests(t)

	// Every mail, as delivered over SMTP and as the outbox shows it.
	delivered := mailsTo(t, smtp, xssEmail, 4) // received, duplicate notice, stage, withdrawn
	delivered = append(delivered, mailsTo(t, smtp, xssAlertEmail, 2)...)
	for _, msg := range delivered {
		if msg.HTML == "" || msg.Text == "" {
			t.Errorf("mail %q lacks a part", msg.Subject)
		}
		check("mail "+msg.Subject+" (HTML part)", msg.HTML)
		if strings.Contains(msg.Text, "<a ") || strings.Contains(msg.Text, "&lt;") {
			t.Errorf("mail %q: the text part holds markup or HTML escapes:\n%s", msg.Subject, msg.Text)
		}
	}
	// A name made of markup is no name: the greeting leaves it out
	// (web.TestGreetingNameCannotCarryLinks has the rules).
	if strings.Contains(delivered[0].Text, xssName) || !strings.HasPrefix(delivered[0].Text, "Hello,") {
		t.Errorf("the confirmation carries the markup name:\n%s", delivered[0].Text)
	}
	get(admin, "/admin/outbox", 200, xssEmail, xssAlertEmail, xssTitle)
	rows, err := a.pool.Query(ctx, `SELECT id FROM outgoing_mail WHERE recipient IN ($1, $2)`, xssEmail, xssAlertEmail)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	if rows.Err() != nil || len(ids) < 6 {
		t.Fatalf("%d messages in the outbox (%v)", len(ids), rows.Err())
	}
	for _, id := range ids {
		get(admin, "/admin/outbox/"+idStr(id), 200)
	}

	checkExport(t, rec)

	// Closed: the 410 page and the apply form's refusal show the title.
	if res, _ := rec.post(base+"/close", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	get(nil, "/roles/"+slug, http.StatusGone, xssTitle)
	get(nil, "/roles/"+slug+"/apply", http.StatusGone, xssTitle)
	get(rec, "/admin/roles", 200, xssTitle)
	t.Logf("%d pages, mails and blocks read with the tokenizer, %d mails delivered", pages, len(delivered))
}

// checkFeed reads the Atom feed as XML: the payloads are character data
// of text elements, never markup a feed reader would render.
func checkFeed(t *testing.T, a *testApp, wants ...string) {
	t.Helper()
	res, body := a.get("/roles.atom")
	if res.StatusCode != 200 {
		t.Fatalf("feed: %d", res.StatusCode)
	}
	d := xml.NewDecoder(strings.NewReader(body))
	var text strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("feed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "script" || tok.Name.Space == "http://www.w3.org/1999/xhtml" {
				t.Errorf("feed: element %v", tok.Name)
			}
			for _, at := range tok.Attr {
				if at.Name.Local == "type" && (tok.Name.Local == "summary" || tok.Name.Local == "title" || tok.Name.Local == "content") && at.Value != "text" {
					t.Errorf("feed: <%s type=%q> would be rendered as markup", tok.Name.Local, at.Value)
				}
				if at.Name.Local == "href" && dangerousScheme(at.Value) {
					t.Errorf("feed: href %q", at.Value)
				}
			}
		case xml.CharData:
			text.Write(tok)
		}
	}
	for _, w := range wants {
		if !strings.Contains(text.String(), w) {
			t.Errorf("feed: lacks %q as text", w)
		}
	}
}

var formulaStart = regexp.MustCompile(`^[=+\-@\t\r]`)

// checkExport reads the CSV export: no cell starts like a formula, and
// the payload rows are in it.
func checkExport(t *testing.T, rec *browser) {
	t.Helper()
	res, body := rec.get("/admin/applications.csv")
	if res.StatusCode != 200 || res.Header.Get("Content-Disposition") == "" {
		t.Fatalf("export: %d", res.StatusCode)
	}
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[h] = i
	}
	found := false
	for _, r := range records[1:] {
		for _, cell := range r {
			if formulaStart.MatchString(cell) {
				t.Errorf("CSV cell %q would run as a formula", cell)
			}
		}
		if r[col["name"]] == "'"+xssName {
			found = true
			if r[col["role"]] != "'"+xssTitle || r[col["university"]] != "'"+xssUni || r[col["github"]] != xssGitHub {
				t.Errorf("CSV row not as stored, neutralised: %q", r)
			}
		}
	}
	if !found {
		t.Error("the payload application is not in the export")
	}
}
