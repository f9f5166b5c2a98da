package server

import (
	"encoding/csv"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestReportsPage: the charts are SVG that parses as XML, each with a
// title and a description, and their numbers equal the tables'; tables
// download as CSV, formula-safe; interviewers are refused.
func TestReportsPage(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "reports-intern", "Reports Intern", "open", nil)
	for _, e := range []string{"r1@example.com", "r2@example.com", "r3@example.com"} {
		if res, _ := a.apply(slug, validForm(e).set("university", "=HYPERLINK(\"x\")")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("apply: %d", res.StatusCode)
		}
	}
	var roleID int64
	if err := a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID); err != nil {
		t.Fatal(err)
	}
	a.addAccount("reports-rec@example.com", "Ngozi Okonkwo", "reports password 12", false)
	rec := a.browser()
	rec.signIn("reports-rec@example.com", "reports password 12")
	// The figures are those of the season's last refresh (another test
	// may have made one before these applications): the recruiter asks
	// for new ones.
	res, _ := rec.post("/admin/reports/refresh", url.Values{"role": {idStr(roleID)}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/reports?role="+idStr(roleID)+"&season=Summer+2027" {
		t.Fatalf("refresh: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := rec.get(res.Header.Get("Location"))
	if !strings.Contains(body, "Recomputed the figures of") || !strings.Contains(body, "Figures as of") {
		t.Fatalf("after the refresh: %.300s", body)
	}
	if res.StatusCode != 200 {
		t.Fatalf("reports: %d", res.StatusCode)
	}
	svgs := regexp.MustCompile(`(?s)<svg class="chart".*?</svg>`).FindAllString(body, -1)
	if len(svgs) != 3 {
		t.Fatalf("%d charts, want 3", len(svgs))
	}
	type bar struct {
		Value string   `xml:"data-value,attr"`
		Texts []string `xml:"text"`
	}
	var funnelBars []bar
	for _, s := range svgs {
		var doc struct {
			Title string `xml:"title"`
			Desc  string `xml:"desc"`
			Bars  []bar  `xml:"g"`
		}
		if err := xml.Unmarshal([]byte(s), &doc); err != nil {
			t.Fatalf("a chart is not XML: %v", err)
		}
		if doc.Title == "" || doc.Desc == "" {
			t.Fatalf("a chart lacks its title or description: %.200s", s)
		}
		if strings.Contains(s, `id="chart-funnel`) {
			funnelBars = doc.Bars
		}
	}
	rows := regexp.MustCompile(`<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td><td class="num">\d+</td><td class="num">\d+</td><td class="num">[^<]+</td></tr>`).FindAllStringSubmatch(body, -1)
	if len(funnelBars) != 7 || len(rows) != 7 {
		t.Fatalf("%d funnel bars and %d rows, want 7 each", len(funnelBars), len(rows))
	}
	for i, b := range funnelBars {
		if b.Value != rows[i][2] || b.Texts[0] != rows[i][1] || b.Texts[1] != rows[i][2] {
			t.Errorf("bar %d %+v, table row %q", i, b, rows[i][1:])
		}
	}
	if funnelBars[0].Value != "3" {
		t.Errorf("applied bar %s, want 3", funnelBars[0].Value)
	}

	res, csvBody := rec.get("/admin/reports.csv?table=university&role=" + idStr(roleID))
	recs, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if res.StatusCode != 200 || err != nil || len(recs) != 2 || recs[1][0] != `'=HYPERLINK("x")` || recs[1][1] != "<5" {
		t.Fatalf("university CSV: %d %v %q", res.StatusCode, err, recs)
	}
	// A new application counts from the next refresh, not before.
	if res, _ := a.apply(slug, validForm("r4@example.com")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	applied := regexp.MustCompile(`<tr><th scope="row">Applied</th><td class="num">(\d+)</td>`)
	if _, body := rec.get("/admin/reports?role=" + idStr(roleID)); applied.FindStringSubmatch(body)[1] != "3" {
		t.Errorf("before a refresh: %q, want the refreshed 3", applied.FindStringSubmatch(body))
	}
	rec.post("/admin/reports/refresh", url.Values{"role": {idStr(roleID)}})
	if _, body := rec.get("/admin/reports?role=" + idStr(roleID)); applied.FindStringSubmatch(body)[1] != "4" {
		t.Errorf("after a refresh: %q, want 4", applied.FindStringSubmatch(body))
	}
	// A season no role belongs to shows the site's, and stores nothing.
	rec.post("/admin/reports/refresh", url.Values{"season": {"Winter 1066"}})
	if _, body := rec.get("/admin/reports?season=Winter+1066"); !strings.Contains(body, "Reports: Summer 2027") {
		t.Errorf("a made-up season: %.300s", body)
	}
	var made int
	if err := a.pool.QueryRow(t.Context(), `SELECT count(*) FROM report_refreshes WHERE season = 'Winter 1066'`).Scan(&made); err != nil || made != 0 {
		t.Errorf("a made-up season was computed: %d %v", made, err)
	}
	a.addInterviewer("reports-iv@example.com", "Ōta Hiroshi", "reports password 34")
	iv := a.browser()
	iv.signIn("reports-iv@example.com", "reports password 34")
	if res, _ := iv.get("/admin/reports"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("interviewer: %d", res.StatusCode)
	}
}
