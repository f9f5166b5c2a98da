package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"example.com/careers/internal/text"
)

// sqlPayloads are what sqlmap and friends send, plus the characters that
// mean something to LIKE, to PostgreSQL's parameters and to its text
// input: every one must be plain text to the site.
var sqlPayloads = []string{
	`' OR '1'='1`,
	`" OR ""="`,
	`1' OR 1=1--`,
	`1) OR (1=1`,
	`1; DROP TABLE roles;--`,
	`'; DROP TABLE applications; --`,
	`'; SELECT pg_sleep(5);--`,
	`1 AND (SELECT 1 FROM pg_sleep(5))`,
	`'||(SELECT version())||'`,
	`') UNION SELECT token, email FROM applications--`,
	`%`, `_`, `\`, `%%`, `a%b_c\d`, `%' --`,
	`$1`, `$2::text`, `E'\x27'`,
	"a\x00b",
	"\xff\xfe\xfd invalid",
	"'\u2019 ʼ ＇ fullwidth",
	strings.Repeat(`' OR 1=1 `, 1200), // ~11 KB
}

// shown is how a payload comes back on a page after the site's cleaning
// (NFC, no control characters), for payloads a page can echo.
func shown(p string) (string, bool) {
	if !utf8.ValidString(p) || strings.ContainsRune(p, 0) || len(p) > 200 {
		return "", false
	}
	return text.Line(p, 200), true
}

// TestSQLMetacharactersAreText sends the payloads through every query
// parameter, path parameter and form field, checks no answer is a 5xx,
// that echoed payloads come back as text, that stored ones are stored
// byte for byte as cleaned, and that no table changed where nothing was
// meant to be written.
func TestSQLMetacharactersAreText(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	slug := addRole(t, a.pool, "sql-role", "SQL Intern", "open", nil)
	res, _ := a.apply(slug, validForm("sql-base@example.com"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	var baseID int64
	if err := a.pool.QueryRow(ctx, `SELECT id FROM applications WHERE email = 'sql-base@example.com'`).Scan(&baseID); err != nil {
		t.Fatal(err)
	}
	a.addAccount("sql-rec@example.com", "Sql Rec", "sql recruiter pass 1", true)
	rec := a.browser()
	rec.signIn("sql-rec@example.com", "sql recruiter pass 1")

	sent := 0
	expect := func(b *browser, path string, ok ...int) string {
		t.Helper()
		var res *http.Response
		var body string
		if b == nil {
			res, body = a.get(path)
		} else {
			res, body = b.get(path)
		}
		sent++
		if !slices.Contains(ok, res.StatusCode) {
			t.Errorf("GET %.200s: %d, want one of %v", path, res.StatusCode, ok)
		}
		if strings.Contains(body, "SQLSTATE") || strings.Contains(body, "syntax error") {
			t.Errorf("GET %.200s: the page shows a database error", path)
		}
		return body
	}

	// Reading: nothing may change.
	watched := []string{"roles", "applications", "resumes", "application_events", "accounts", "outgoing_mail", "alert_subscriptions"}
	exportsAudited := func() int {
		var n int
		if err := a.pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'applications.export'`).Scan(&n); err != nil {
			t.Fatalf("count the audited exports: %v", err)
		}
		return n
	}
	exportsBefore := exportsAudited()
	before := tableState(t, a.pool)
	for _, p := range sqlPayloads {
		q := url.QueryEscape(p)
		seg := url.PathEscape(p)
		for _, param := range []string{"q", "area", "location", "team", "degree", "mode", "sort", "page"} {
			body := expect(nil, "/roles?"+param+"="+q, 200)
			if want, ok := shown(p); ok && param == "q" && strings.TrimSpace(want) != "" {
				if pc := checkHTML(t, "/roles?"+param, body); !strings.Contains(pc.Text, strings.TrimSpace(want)) {
					t.Errorf("/roles?%s=%q: the search is not shown back as text", param, p)
				}
			}
		}
		expect(nil, "/roles?q="+q+"&area="+q+"&location="+q+"&degree="+q+"&mode="+q+"&page="+q, 200)
		expect(nil, "/roles/"+seg, 404)
		expect(nil, "/roles/"+seg+"/apply", 404)
		expect(nil, "/applications/"+seg, 404)
		expect(nil, "/applications/"+seg+"/withdraw", 404)
		expect(nil, "/alerts/confirm/"+seg, 404)
		expect(nil, "/alerts/unsubscribe/"+seg, 404)
		for _, param := range []string{"q", "university", "role", "stage", "degree", "sort", "page"} {
			body := expect(rec, "/admin/applications?"+param+"="+q, 200)
			if want, ok := shown(p); ok && (param == "q" || param == "university") && strings.TrimSpace(want) != "" {
				if pc := checkHTML(t, "/admin/applications?"+param, body); !strings.Contains(pc.Text, strings.TrimSpace(want)) {
					t.Errorf("/admin/applications?%s=%q: the filter is not shown back as text", param, p)
				}
			}
		}
		expect(rec, "/admin/applications.csv?q="+q+"&university="+q+"&role="+q+"&stage="+q+"&sort="+q, 200)
		expect(rec, "/admin/audit?page="+q, 200)
		for _, path := range []string{"/admin/applications/%s", "/admin/applications/%s/resume", "/admin/roles/%s/edit", "/admin/outbox/%s"} {
			expect(rec, strings.Replace(path, "%s", seg, 1), 404)
		}
	}
	for _, id := range []string{"1%20OR%201=1", "1;DROP%20TABLE%20roles", "-1", "0", "0x1", "1e3", "99999999999999999999", "1'", "%00", "1.0"} {
		for _, path := range []string{"/admin/applications/%s", "/admin/applications/%s/resume", "/admin/roles/%s/edit", "/admin/outbox/%s"} {
			expect(rec, strings.Replace(path, "%s", id, 1), 404)
		}
	}
	after := tableState(t, a.pool)
	for _, table := range watched {
		if before[table] != after[table] {
			t.Errorf("reading with payloads changed %s: %s -> %s", table, before[table], after[table])
		}
	}
	// The export audits itself; nothing else may have been written.
	if exports := exportsAudited() - exportsBefore; exports != len(sqlPayloads) {
		t.Errorf("%d exports audited, want %d", exports, len(sqlPayloads))
	}

	// Writing: the payloads are stored as text, as cleaned.
	var rolesBefore int
	_ = a.pool.QueryRow(ctx, `SELECT count(*) FROM roles`).Scan(&rolesBefore)
	stored := 0
	for i, p := range sqlPayloads {
		email := "sql-" + idStr(int64(i)) + "@example.com"
		f := validForm(email).set("full_name", "N "+p).set("university", "U "+p).set("why", "W "+p).
			set("submission_key", "sql-key-"+idStr(int64(i))+"-0123456789")
		res, _ := a.apply(slug, f)
		sent++
		long := text.Runes(text.Line("N "+p, 300)) > 200
		switch {
		case long && res.StatusCode != http.StatusUnprocessableEntity:
			t.Errorf("apply with a %d-byte payload: %d, want 422", len(p), res.StatusCode)
		case !long && res.StatusCode != http.StatusSeeOther:
			t.Errorf("apply with %q: %d, want 303", p, res.StatusCode)
		case !long:
			stored++
			var name, uni, why string
			if err := a.pool.QueryRow(ctx, `SELECT full_name, university, why FROM applications WHERE email = $1`, email).
				Scan(&name, &uni, &why); err != nil {
				t.Fatalf("%q: %v", p, err)
			}
			if name != text.Line("N "+p, 300) || uni != text.Line("U "+p, 300) || why != text.Block("W "+p, 20000) {
				t.Errorf("%q stored as %q / %q / %q", p, name, uni, why)
			}
		}
		// Alerts: the payload as the address is refused; as the areas
		// and degree it is ignored.
		res, _ = a.browser().post("/alerts", url.Values{"email": {p}, "areas": {p}, "degree": {p}})
		sent++
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("alert sign-up with address %q: %d, want 422", p, res.StatusCode)
		}
		res, _ = a.browser().post("/alerts", url.Values{"email": {"alert-" + email}, "areas": {p, "business"}, "degree": {p}})
		sent++
		if res.StatusCode != http.StatusOK {
			t.Errorf("alert sign-up with areas %q: %d", p, res.StatusCode)
		}
		// A recruiter's note and a role title.
		if res, _ := rec.post("/admin/applications/"+idStr(baseID)+"/notes", url.Values{"note": {p}}); res.StatusCode >= 500 {
			t.Errorf("note %q: %d", p, res.StatusCode)
		}
		res, _ = rec.post("/admin/roles/new", url.Values{"action": {"save"}, "title": {"T " + p}, "team": {p}, "area": {p},
			"locations": {p}, "mode": {p}, "degrees": {p}, "season": {p}, "description": {p}, "closes_at": {p}})
		sent += 2
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("role with %q everywhere: %d, want 422 (area, mode and degrees are not valid)", p, res.StatusCode)
		}
	}
	var apps, rolesAfter, subs int
	_ = a.pool.QueryRow(ctx, `SELECT count(*) FROM applications WHERE email LIKE 'sql-%'`).Scan(&apps)
	_ = a.pool.QueryRow(ctx, `SELECT count(*) FROM roles`).Scan(&rolesAfter)
	_ = a.pool.QueryRow(ctx, `SELECT count(*) FROM alert_subscriptions WHERE email LIKE 'alert-sql-%' AND areas = '{business}' AND degree_level = ''`).Scan(&subs)
	if apps != stored+1 || rolesAfter != rolesBefore || subs != len(sqlPayloads) {
		t.Errorf("after the writes: %d applications (want %d), %d roles (want %d), %d clean subscriptions (want %d)",
			apps, stored+1, rolesAfter, rolesBefore, subs, len(sqlPayloads))
	}
	// Addresses may hold quotes and = in their local part: stored as typed.
	quoted := "o'or'1'='1--@example.com"
	if res, _ := a.apply(slug, validForm(quoted)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("apply as %q: %d", quoted, res.StatusCode)
	}
	if res, _ := a.browser().post("/alerts", url.Values{"email": {quoted}}); res.StatusCode != http.StatusOK {
		t.Errorf("alerts as %q: %d", quoted, res.StatusCode)
	}
	var appEmails, subEmails int
	_ = a.pool.QueryRow(ctx, `SELECT count(*) FROM applications WHERE email = $1`, quoted).Scan(&appEmails)
	_ = a.pool.QueryRow(ctx, `SELECT count(*) FROM alert_subscriptions WHERE email = $1`, quoted).Scan(&subEmails)
	if appEmails != 1 || subEmails != 1 {
		t.Errorf("%q stored %d times as an applicant and %d as a subscriber, want once each", quoted, appEmails, subEmails)
	}
	if body := expect(rec, "/admin/applications?q="+url.QueryEscape(quoted), 200); !strings.Contains(body, "o&#39;or&#39;1&#39;=&#39;1--@example.com") {
		t.Errorf("the admin search for %q does not find it", quoted)
	}

	// Sign-in with payloads: refused like any wrong password.
	t.Cleanup(func() { _, _ = a.pool.Exec(context.Background(), `DELETE FROM rate_limit_attempts`) })
	for _, p := range []string{sqlPayloads[0], sqlPayloads[4], "a\x00b", "\xff\xfe\xfd invalid", sqlPayloads[len(sqlPayloads)-1]} {
		res, _ := a.browser().post("/admin/login", url.Values{"email": {p + "@example.com"}, "password": {p}})
		sent++
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("sign-in with %q: %d, want 401", p, res.StatusCode)
		}
	}
	t.Logf("%d payloads, %d requests, %d applications stored byte for byte", len(sqlPayloads), sent, stored)
}

var adminRowRe = regexp.MustCompile(`href="/admin/applications/\d+">([^<]*)</a>`)

// TestAdminFilterWildcardsAreNotPatterns: %, _ and \ typed in the name
// and university filters are neither wildcards nor escapes (the filters
// match words), in the list and in its CSV.
func TestAdminFilterWildcardsAreNotPatterns(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "wildcards", "Wildcards Intern", "open", nil)
	people := []struct{ name, uni string }{
		{"Wild 100% Percent", "Uni_One"},
		{"Wild 100X Percent", "UniXOne"},
		{"Wild snake_case", `Back\slash U`},
		{"Wild snakeXcase", "Backslash U"},
	}
	for i, p := range people {
		f := validForm("wild-"+idStr(int64(i))+"@example.com").set("full_name", p.name).set("university", p.uni)
		if res, _ := a.apply(slug, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("apply %s: %d", p.name, res.StatusCode)
		}
	}
	var roleID int64
	if err := a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID); err != nil {
		t.Fatal(err)
	}
	a.addAccount("wild-rec@example.com", "Wild Rec", "wild recruiter pass 1", false)
	rec := a.browser()
	rec.signIn("wild-rec@example.com", "wild recruiter pass 1")
	cases := []struct {
		query string
		want  []string
	}{
		// The filters match words: %, _ and \ are neither wildcards nor
		// escapes, only the characters between words.
		{"q=" + url.QueryEscape("%"), nil},
		{"q=" + url.QueryEscape("_"), nil},
		{"q=" + url.QueryEscape("100%"), []string{"Wild 100% Percent", "Wild 100X Percent"}},
		{"q=" + url.QueryEscape("snake_case"), []string{"Wild snake_case"}},
		{"q=" + url.QueryEscape("snake%case"), []string{"Wild snake_case"}},
		{"university=" + url.QueryEscape("uni_one"), []string{"Wild 100% Percent"}},
		{"university=" + url.QueryEscape(`\`), nil},
		{"university=" + url.QueryEscape(`back\slash`), []string{"Wild snake_case"}},
		{"university=" + url.QueryEscape(`k\s`), nil},
		{"q=wild", []string{"Wild 100% Percent", "Wild 100X Percent", "Wild snake_case", "Wild snakeXcase"}},
	}
	for _, c := range cases {
		res, body := rec.get("/admin/applications?sort=name&role=" + idStr(roleID) + "&" + c.query)
		var got []string
		for _, m := range adminRowRe.FindAllStringSubmatch(body, -1) {
			got = append(got, m[1])
		}
		slices.Sort(got)
		slices.Sort(c.want)
		if res.StatusCode != 200 || !slices.Equal(got, c.want) {
			t.Errorf("%s: %d %q, want %q", c.query, res.StatusCode, got, c.want)
		}
		// The CSV export filters the same way.
		_, csv := rec.get("/admin/applications.csv?role=" + idStr(roleID) + "&" + c.query)
		if n := strings.Count(csv, "\n") - 1; n != len(c.want) {
			t.Errorf("export %s: %d rows, want %d", c.query, n, len(c.want))
		}
	}
}
