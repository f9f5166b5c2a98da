package server

import (
	"context"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"example.com/careers/content"
	contentpkg "example.com/careers/internal/content"
	"example.com/careers/internal/db/dbtest"
)

func withSite(site *contentpkg.Site) option { return func(d *Deps) { d.Site = site } }

// Every shipped language has every string, page and text English has.
// The failure lists what is missing, for the translator.
func TestShippedLanguagesLackNothing(t *testing.T) {
	site, err := contentpkg.Load(content.FS, contentpkg.NewMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Catalog.Languages()) < 2 {
		t.Fatalf("languages %v: Spanish is shipped", site.Catalog.Languages())
	}
	for _, l := range site.Catalog.Languages()[1:] {
		if missing := site.Catalog.Missing(l.Code); len(missing) > 0 {
			t.Errorf("%s (%s) lacks %d strings of content/i18n:\n  %s", l.English, l.Code, len(missing), strings.Join(missing, "\n  "))
		}
		if missing := site.Missing(l.Code); len(missing) > 0 {
			t.Errorf("%s (%s) lacks content files: %v", l.English, l.Code, missing)
		}
	}
}

// messageCall finds the message IDs written as literals in the code:
// T(ctx, "id"), N(ctx, "id", n), p.T("id"), p.N("id", n).
var messageCall = regexp.MustCompile(`\b(?:T|N)\((?:ctx, )?"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)

// A message the code asks for and no catalog holds would show its ID;
// every literal ID in web/ and internal/ must be in the English catalog.
func TestEveryMessageTheCodeAsksForExists(t *testing.T) {
	site, err := contentpkg.Load(content.FS, contentpkg.NewMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, dir := range []string{"../../web", "..", "../../cmd"} {
		root := os.DirFS(dir)
		err := fs.WalkDir(root, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") ||
				!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) || strings.HasSuffix(path, "_templ.go") {
				return err
			}
			src, err := fs.ReadFile(root, path)
			if err != nil {
				return err
			}
			for _, m := range messageCall.FindAllStringSubmatch(string(src), -1) {
				seen++
				if !site.Catalog.Has(m[1]) {
					t.Errorf("%s/%s asks for %q, which content/i18n/*.en.yaml lacks", dir, path, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if seen < 5 {
		t.Errorf("found only %d message IDs in the code: is the pattern still right?", seen)
	}
}

// The first visit to "/" goes once to the browser's language; a visitor
// already on the site who opens "/" chose English; a crawler sends no
// header and stays.
func TestFirstVisitGoesToTheBrowsersLanguage(t *testing.T) {
	a := newApp(t)
	get := func(header http.Header) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, a.srv.URL+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header = header
		res, _ := a.do(req)
		return res
	}
	res := get(http.Header{"Accept-Language": {"es-MX,es;q=0.9"}, "Sec-Fetch-Site": {"cross-site"}})
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/es/" {
		t.Errorf("es-MX first visit: %d to %q, want 302 to /es/", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.Contains(res.Header.Get("Vary"), "Accept-Language") || !strings.Contains(res.Header.Get("Cache-Control"), "private") {
		t.Errorf("redirect headers: Vary %q, Cache-Control %q", res.Header.Get("Vary"), res.Header.Get("Cache-Control"))
	}
	// An older browser without Sec-Fetch-Site, from a search engine.
	res = get(http.Header{"Accept-Language": {"es"}, "Referer": {"https://search.example/?q=pasantias"}})
	if res.StatusCode != http.StatusFound {
		t.Errorf("es from a search result: %d, want 302", res.StatusCode)
	}
	for name, h := range map[string]http.Header{
		"chosen on the site":          {"Accept-Language": {"es-MX,es;q=0.9"}, "Sec-Fetch-Site": {"same-origin"}},
		"chosen, old browser":         {"Accept-Language": {"es"}, "Referer": {"http://careers.test/es/roles"}},
		"crawler":                     {},
		"a language the site lacks":   {"Accept-Language": {"fr-FR,de;q=0.8"}},
		"English first, then Spanish": {"Accept-Language": {"en-US,en;q=0.9,es;q=0.8"}},
	} {
		res := get(h)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("%s: %d (Vary %q), want 200 English", name, res.StatusCode, res.Header.Get("Vary"))
		}
	}
	if res, body := a.get("/es/"); res.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="es">`) {
		t.Errorf("/es/: %d, lang es: %v", res.StatusCode, strings.Contains(body, `<html lang="es">`))
	}
}

// Each page names its address in every language, and x-default; the
// Spanish and English pages point at each other, and the sitemap says
// the same.
func TestAlternatesPointAtEachOther(t *testing.T) {
	a := newApp(t)
	for _, path := range []string{"/", "/timeline", "/roles", "/faq"} {
		es := strings.TrimSuffix("/es"+path, "/")
		if path == "/" {
			es = "/es/"
		}
		for _, p := range []string{path, es} {
			res, body := a.get(p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", p, res.StatusCode)
			}
			for _, want := range []string{
				`<link rel="alternate" hreflang="en" href="http://careers.test` + path + `">`,
				`<link rel="alternate" hreflang="es" href="http://careers.test` + es + `">`,
				`<link rel="alternate" hreflang="x-default" href="http://careers.test` + path + `">`,
				`<link rel="canonical" href="http://careers.test` + p + `">`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("%s lacks %s", p, want)
				}
			}
			// The switcher: each language's name in itself, the current one marked.
			if !strings.Contains(body, `lang="es" hreflang="es"`) || !strings.Contains(body, ">Español</a>") || !strings.Contains(body, ">English</a>") {
				t.Errorf("%s: no language switcher", p)
			}
		}
	}
	_, sitemap := a.get("/sitemap.xml")
	for _, want := range []string{
		`xmlns:xhtml="http://www.w3.org/1999/xhtml"`,
		`<loc>http://careers.test/es/timeline</loc>`,
		`<xhtml:link rel="alternate" hreflang="es" href="http://careers.test/es/timeline"></xhtml:link>`,
		`<xhtml:link rel="alternate" hreflang="x-default" href="http://careers.test/timeline"></xhtml:link>`,
	} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
}

// A third language is files only: a catalog and, optionally, pages. It
// appears in every page's switcher, with no code changed; what it lacks
// is English, marked so.
func TestThirdLanguageIsFilesOnly(t *testing.T) {
	fsys := fstest.MapFS{}
	if err := fs.WalkDir(content.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(content.FS, path)
		fsys[path] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fsys["i18n/site.fr.yaml"] = &fstest.MapFile{Data: []byte(`language: {name: Français, english: French}
format:
  months: janvier février mars avril mai juin juillet août septembre octobre novembre décembre
  weekdays: dimanche lundi mardi mercredi jeudi vendredi samedi
  clock: "15:04"
  date: "{{.Day}} {{.Month}} {{.Year}}"
  moment: "{{.Weekday}} {{.Date}} à {{.Clock}}"
layout: {open_roles: Postes ouverts}
`)}
	fsys["fr/faq.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Questions fréquentes\ndescription: Réponses courtes.\nnav_label: FAQ\n---\n\nVoir [les postes](/roles).\n")}
	site, err := contentpkg.Load(fsys, contentpkg.NewMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t, withSite(site))
	res, body := a.get("/fr/faq")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="fr">`) || !strings.Contains(body, "Questions fréquentes") {
		t.Fatalf("/fr/faq: %d", res.StatusCode)
	}
	for _, want := range []string{">Français</a>", ">Español</a>", ">English</a>", `href="/fr/roles">Postes ouverts`, `href="/fr/roles">les postes`} {
		if !strings.Contains(body, want) {
			t.Errorf("/fr/faq lacks %s", want)
		}
	}
	// A page French lacks is the English one, marked as English.
	if _, body := a.get("/fr/tips"); !strings.Contains(body, `lang="en"`) {
		t.Error("/fr/tips: the English page is not marked lang=en")
	}
	if _, body := a.get("/"); !strings.Contains(body, `hreflang="fr" href="http://careers.test/fr/"`) {
		t.Error("the English home page does not list the French one")
	}
}

// A role may have a Spanish title and description: the Spanish site
// shows them, a search in Spanish finds them with or without accents,
// and a role without one shows its English text marked as English.
func TestRoleTranslationsShowAndSearch(t *testing.T) {
	pool := dbtest.Pool(t)
	a := newApp(t, withPool(pool))
	ctx := context.Background()
	translated := addRole(t, pool, "i18n-design-intern", "Product Design Intern", "open", nil)
	plain := addRole(t, pool, "i18n-plain-intern", "Zebra Logistics Intern", "open", nil)
	if _, err := pool.Exec(ctx, `
		INSERT INTO role_translations (role_id, language, title, description)
		SELECT id, 'es', 'Práctica de diseño visual', 'Diseñarás pantallas para millones de personas.'
		FROM roles WHERE slug = $1`, translated); err != nil {
		t.Fatal(err)
	}
	res, body := a.get("/es/roles/" + translated)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Práctica de diseño visual") || !strings.Contains(body, "millones de personas") {
		t.Errorf("/es/roles/%s: %d, Spanish title shown: %v", translated, res.StatusCode, strings.Contains(body, "Práctica de diseño"))
	}
	if !strings.Contains(body, `"inLanguage":"es"`) {
		t.Errorf("/es/roles/%s: the JobPosting does not say inLanguage es", translated)
	}
	if _, body := a.get("/es/roles/" + plain); !strings.Contains(body, `lang="en"`) {
		t.Error("an untranslated role on the Spanish site is not marked lang=en")
	}
	if _, body := a.get("/roles/" + translated); !strings.Contains(body, "Product Design Intern") || strings.Contains(body, "Práctica de diseño") {
		t.Error("the English page shows the Spanish title")
	}
	for _, q := range []string{"diseño", "diseno", "DISEÑO visual", "design"} {
		_, body := a.get("/es/roles?q=" + strings.ReplaceAll(q, " ", "+"))
		if !strings.Contains(body, "Práctica de diseño visual") || !strings.Contains(body, `href="/es/roles/`+translated) {
			t.Errorf("/es/roles?q=%s does not find the translated role, linked in Spanish", q)
		}
		if strings.Contains(body, "Zebra Logistics Intern") {
			t.Errorf("/es/roles?q=%s finds the role it should not", q)
		}
	}
	// Removing the translation takes its words out of the search.
	if _, err := pool.Exec(ctx, `DELETE FROM role_translations WHERE role_id = (SELECT id FROM roles WHERE slug = $1)`, translated); err != nil {
		t.Fatal(err)
	}
	var words string
	if err := pool.QueryRow(ctx, `SELECT search::text FROM roles WHERE slug = $1`, translated).Scan(&words); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(words, "disen") {
		t.Errorf("after deleting the translation the search vector still holds its words: %s", words)
	}
}

// The role editor shows each other language beside the English text;
// a recruiter writes the Spanish title and description there, and
// leaving half of it empty is refused with nothing saved.
func TestRecruiterTranslatesARole(t *testing.T) {
	a := newApp(t)
	a.addAccount("i18n-rec@example.com", "Begoña Ibáñez-O'Neill", "translate password 123", false)
	rec := a.browser()
	rec.signIn("i18n-rec@example.com", "translate password 123")
	form := url.Values{
		"title": {"Localization Tools Intern"}, "team": {"Localization"}, "area": {"technology"},
		"locations": {"Los Angeles, CA"}, "mode": {"remote"}, "degrees": {"bachelors"}, "season": {"Summer 2027"},
		"description": {"Build tools for subtitles."}, "pay_min": {"40"}, "pay_max": {"48"}, "pay_currency": {"USD"}, "pay_unit": {"hour"},
		"action": {"save"},
	}
	_, body := rec.get("/admin/roles/new")
	for _, want := range []string{`name="title_es"`, `name="description_es"`, "Spanish (Español)", `lang="es"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the new role form lacks %s", want)
		}
	}
	half := url.Values{}
	for k, v := range form {
		half[k] = v
	}
	half.Set("title_es", "Práctica de herramientas de localización")
	res, body := rec.post("/admin/roles/new", half)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#title_es"`) {
		t.Fatalf("a title without a description: %d", res.StatusCode)
	}
	var n int
	if err := a.pool.QueryRow(context.Background(), `SELECT count(*) FROM roles WHERE title = 'Localization Tools Intern'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the refused role was stored: %d %v", n, err)
	}
	form.Set("title_es", "Práctica de herramientas de localización")
	form.Set("description_es", "Crearás herramientas para subtítulos en 30 idiomas.")
	res, _ = rec.post("/admin/roles/new", form)
	edit := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	_, body = rec.get(edit)
	if !strings.Contains(body, `value="Práctica de herramientas de localización"`) || !strings.Contains(body, "subtítulos en 30 idiomas.</textarea>") {
		t.Error("the edit page does not show the saved translation")
	}
	// Emptying both removes it.
	form.Set("title_es", "")
	form.Set("description_es", "")
	form.Set("version", regexp.MustCompile(`name="version" value="([^"]+)"`).FindStringSubmatch(body)[1])
	if res, _ := rec.post(edit, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save without translation: %d", res.StatusCode)
	}
	if err := a.pool.QueryRow(context.Background(), `
		SELECT count(*) FROM role_translations t JOIN roles r ON r.id = t.role_id WHERE r.title = 'Localization Tools Intern'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the emptied translation is still stored: %d %v", n, err)
	}
}
