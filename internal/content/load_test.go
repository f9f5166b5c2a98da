package content

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"example.com/careers/content"
)

// TestShippedContentLoads loads the content embedded in the binary: every
// page the routes need is there, and the navigation is in order.
func TestShippedContentLoads(t *testing.T) {
	site, err := Load(content.FS, NewMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range RequiredPages {
		p := site.Page(slug)
		if p == nil || p.Title == "" || p.Description == "" || !strings.Contains(p.HTML, "<h2") {
			t.Errorf("page %s is missing a title, description or sections: %+v", slug, p)
		}
	}
	var labels []string
	for _, p := range site.Nav() {
		labels = append(labels, p.NavLabel)
	}
	if got := strings.Join(labels, ","); got != "Overview,Timeline,Interviews,Prepare,Tips,FAQ" {
		t.Errorf("nav = %s", got)
	}
	if site.Page("index").Path != "/" || site.Page("faq").Path != "/faq" {
		t.Errorf("paths: index %q, faq %q", site.Page("index").Path, site.Page("faq").Path)
	}
	// The pay transparency list names the places as role locations end.
	if pay := site.Settings.PayTransparency; !slices.Contains(pay, "CA") || !slices.Contains(pay, "NY") || !slices.Contains(pay, "CO") {
		t.Errorf("pay_transparency = %q", pay)
	}
	if site.Settings.Location() == nil || site.Settings.Season.InternshipWeeks() != 12 {
		t.Errorf("settings: location %v, weeks %d", site.Settings.Location(), site.Settings.Season.InternshipWeeks())
	}
}

// validSite returns a minimal loadable content folder for the tests below
// to break one file at a time.
func validSite() fstest.MapFS {
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte(`name: Test
company: Co
tagline: t
time_zone: America/New_York
season:
  name: Summer 2027
  posting_opens: 2026-08-17
  posting_settles: 2026-09-08
  recruiting_closes: 2027-03-31
  internship_starts: 2027-06-07
  internship_ends: 2027-08-27
`)},
	}
	for _, slug := range RequiredPages {
		fsys[slug+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + slug + "\ndescription: about " + slug + "\n---\n\n## Hello\n")}
	}
	kits, err := content.FS.ReadFile("kits.yaml")
	if err != nil {
		panic(err)
	}
	fsys["kits.yaml"] = &fstest.MapFile{Data: kits}
	// The English catalog is content like any other: copied as shipped.
	catalogs, err := fs.Glob(content.FS, "i18n/*.en.yaml")
	if err != nil {
		panic(err)
	}
	for _, name := range catalogs {
		data, err := content.FS.ReadFile(name)
		if err != nil {
			panic(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func TestLoadRefusesBrokenFiles(t *testing.T) {
	if _, err := Load(validSite(), NewMarkdown()); err != nil {
		t.Fatalf("the valid fixture must load: %v", err)
	}
	cases := []struct {
		name, file, data, want string
	}{
		{"no front matter", "tips.md", "# Tips\n", `tips.md: front matter: the file must start with a "---" line`},
		{"unclosed", "faq.md", "---\ntitle: x\n", `faq.md: front matter: no closing "---" line`},
		{"bad yaml", "prepare.md", "---\ntitle: [unclosed\n---\nbody\n", "prepare.md: front matter:"},
		{"unknown key", "interviews.md", "---\ntitle: x\ndescription: y\ntitel: z\n---\n", "interviews.md: front matter:"},
		{"no title", "timeline.md", "---\ndescription: y\n---\n", "timeline.md: front matter: title is missing"},
		{"no description", "index.md", "---\ntitle: y\n---\n", "index.md: front matter: description is missing"},
		{"remote cta", "index.md", "---\ntitle: y\ndescription: d\ncta:\n  label: go\n  href: https://evil.example\n---\n", "index.md: front matter: cta"},
		{"protocol-relative cta", "index.md", "---\ntitle: y\ndescription: d\ncta:\n  label: go\n  href: //evil.example\n---\n", "index.md: front matter: cta"},
		{"backslash cta", "index.md", "---\ntitle: y\ndescription: d\ncta:\n  label: go\n  href: /\\evil.example\n---\n", "index.md: front matter: cta"},
		{"bad date", "site.yaml", "name: a\ncompany: b\ntime_zone: UTC\nseason:\n  name: s\n  posting_opens: 17/08/2026\n", "site.yaml: date \"17/08/2026\""},
		{"dates out of order", "site.yaml", strings.Replace(string(validSite()["site.yaml"].Data), "2027-03-31", "2026-09-01", 1), "site.yaml: season: recruiting_closes must come after posting_settles"},
		{"bad zone", "site.yaml", strings.Replace(string(validSite()["site.yaml"].Data), "America/New_York", "Mars/Olympus", 1), "site.yaml: time_zone"},
		{"pay place not a code", "site.yaml", string(validSite()["site.yaml"].Data) + "pay_transparency: [CA, Calif.]\n",
			`site.yaml: pay_transparency: "Calif." is not a region code`},
		{"pay place twice", "site.yaml", string(validSite()["site.yaml"].Data) + "pay_transparency: [CA, ny, NY]\n",
			"site.yaml: pay_transparency: NY is listed twice"},
		{"pay places not a list", "site.yaml", string(validSite()["site.yaml"].Data) + "pay_transparency: CA\n", "site.yaml:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := validSite()
			fsys[c.file] = &fstest.MapFile{Data: []byte(c.data)}
			_, err := Load(fsys, NewMarkdown())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}

	t.Run("missing page", func(t *testing.T) {
		fsys := validSite()
		delete(fsys, "faq.md")
		if _, err := Load(fsys, NewMarkdown()); err == nil || !strings.Contains(err.Error(), "faq.md is missing") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestMarkdownDropsRawHTML proves a page cannot smuggle script or a
// javascript: link into the site, even by mistake.
func TestUserMarkdownHasNoHeadingIDs(t *testing.T) {
	html, err := NewUserMarkdown().Render([]byte("## Main\n\ntext"))
	if err != nil || strings.Contains(html, "id=") {
		t.Fatalf("%q %v", html, err)
	}
}

func TestMarkdownDropsRawHTML(t *testing.T) {
	src := "Hello <script>alert(1)</script> there.\n\n<script>alert(2)</script>\n\n" +
		"<img src=x onerror=alert(3)>\n\n[click](javascript:alert(4)) and [ok](/faq)\n"
	html, err := NewMarkdown().Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "onerror", "javascript:", "<img"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered HTML contains %q:\n%s", bad, html)
		}
	}
	if !strings.Contains(html, `<a href="/faq">ok</a>`) {
		t.Errorf("ordinary links must survive:\n%s", html)
	}
}

func TestFrontMatterToleratesBOMAndCRLF(t *testing.T) {
	fsys := validSite()
	fsys["tips.md"] = &fstest.MapFile{Data: []byte("\xef\xbb\xbf---\r\ntitle: Tips\r\ndescription: d\r\nnav_order: 3\r\n---\r\n\r\n## Hi\r\n")}
	site, err := Load(fsys, NewMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	if p := site.Page("tips"); p.Title != "Tips" || p.NavOrder != 3 {
		t.Fatalf("got %+v", p)
	}
}
