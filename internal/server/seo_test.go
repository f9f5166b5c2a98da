package server

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var ldRe = regexp.MustCompile(`(?s)<script id="job-posting" type="application/ld\+json">(.*?)</script>`)

func TestJobPostingJSONLD(t *testing.T) {
	a := newApp(t)
	addRole(t, a.pool, "ld-open", `Intern </script><script>alert(1)</script> & "quotes"`, "open", nil)
	if _, err := a.pool.Exec(t.Context(), `UPDATE roles SET work_mode = 'remote' WHERE slug = 'ld-open'`); err != nil {
		t.Fatal(err)
	}
	res, body := a.get("/roles/ld-open")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	m := ldRe.FindAllStringSubmatch(body, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD blocks", len(m))
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Fatal("a title closed the JSON-LD script")
	}
	var jp map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &jp); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[0][1])
	}
	want := map[string]any{"@context": "https://schema.org", "@type": "JobPosting", "employmentType": "INTERN",
		"directApply": true, "jobLocationType": "TELECOMMUTE", "title": `Intern </script><script>alert(1)</script> & "quotes"`}
	for k, v := range want {
		if jp[k] != v {
			t.Errorf("%s = %v, want %v", k, jp[k], v)
		}
	}
	for _, k := range []string{"description", "datePosted", "validThrough", "hiringOrganization", "identifier", "jobLocation", "applicantLocationRequirements"} {
		if jp[k] == nil {
			t.Errorf("JSON-LD lacks %s", k)
		}
	}
	loc := jp["jobLocation"].([]any)[0].(map[string]any)["address"].(map[string]any)
	if loc["streetAddress"] != "121 Albright Way" || loc["postalCode"] != "95032" || loc["addressCountry"] != "US" {
		t.Errorf("address %v", loc)
	}
	if !strings.Contains(body, "<dt>Apply by</dt><dd>March 31, 2027 (end of the recruiting season)</dd>") || jp["validThrough"] != "2027-04-01T00:00:00Z" {
		t.Errorf("validThrough %v is not the date the page shows", jp["validThrough"])
	}
	if !strings.Contains(body, "121 Albright Way, Los Gatos, CA 95032") {
		t.Error("the office address in the JSON-LD is not on the page")
	}

	addRole(t, a.pool, "ld-closed", "Closed LD Intern", "closed", nil)
	res, body = a.get("/roles/ld-closed")
	if res.StatusCode != http.StatusGone || ldRe.MatchString(body) {
		t.Fatalf("closed role: %d, JSON-LD present: %v", res.StatusCode, ldRe.MatchString(body))
	}
	if _, body := a.get("/roles"); strings.Contains(body, "application/ld+json") {
		t.Error("JSON-LD outside role pages")
	}
}

func TestSitemapRobotsFeed(t *testing.T) {
	a := newApp(t)
	addRole(t, a.pool, "seo-open", "SEO Open Intern", "open", nil)
	addRole(t, a.pool, "seo-draft", "SEO Draft Intern", "draft", nil)
	addRole(t, a.pool, "seo-closed", "SEO Closed Intern", "closed", nil)

	res, body := a.get("/sitemap.xml")
	var set struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if res.StatusCode != 200 || xml.Unmarshal([]byte(body), &set) != nil {
		t.Fatalf("sitemap: %d", res.StatusCode)
	}
	locs := map[string]string{}
	for _, u := range set.URLs {
		locs[u.Loc] = u.LastMod
	}
	for _, want := range []string{"/", "/timeline", "/faq", "/roles", "/roles/seo-open"} {
		if _, ok := locs["http://careers.test"+want]; !ok {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if locs["http://careers.test/roles/seo-open"] == "" {
		t.Error("role without lastmod")
	}
	for _, not := range []string{"/roles/seo-draft", "/roles/seo-closed"} {
		if _, ok := locs["http://careers.test"+not]; ok {
			t.Errorf("sitemap lists %s", not)
		}
	}

	_, robots := a.get("/robots.txt")
	for _, want := range []string{"Disallow: /admin", "Disallow: /applications/", "Disallow: /alerts/confirm/", "Sitemap: http://careers.test/sitemap.xml"} {
		if !strings.Contains(robots, want) {
			t.Errorf("robots.txt lacks %q", want)
		}
	}

	res, body = a.get("/roles.atom")
	var feed struct {
		XMLName xml.Name
		Entries []struct {
			Title     string `xml:"title"`
			ID        string `xml:"id"`
			Published string `xml:"published"`
		} `xml:"entry"`
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" || xml.Unmarshal([]byte(body), &feed) != nil {
		t.Fatalf("feed: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || len(feed.Entries) == 0 {
		t.Fatalf("not an Atom feed with entries: %+v", feed.XMLName)
	}
	for i := 1; i < len(feed.Entries); i++ {
		if feed.Entries[i-1].Published < feed.Entries[i].Published {
			t.Fatal("the feed is not newest first")
		}
	}
	if strings.Contains(body, "seo-draft") || strings.Contains(body, "seo-closed") {
		t.Error("the feed lists a draft or closed role")
	}
	if _, body := a.get("/roles"); !strings.Contains(body, `<link rel="alternate" type="application/atom+xml"`) {
		t.Error("the roles page does not announce the feed")
	}
}

func TestShareTags(t *testing.T) {
	a := newApp(t)
	_, body := a.get("/timeline")
	for _, want := range []string{`<meta property="og:title" content="Where and when to apply · Netflix Internships">`,
		`<meta property="og:image" content="http://careers.test/static/share.`, `<meta name="twitter:card" content="summary_large_image">`,
		`<meta property="og:url" content="http://careers.test/timeline">`} {
		if !strings.Contains(body, want) {
			t.Errorf("timeline lacks %s", want)
		}
	}
	if _, body := a.get("/no/such/page"); strings.Contains(body, "og:title") {
		t.Error("an error page carries share tags")
	}
}
