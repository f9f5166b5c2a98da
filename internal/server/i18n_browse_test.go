package server

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"

	"example.com/careers/content"
	"example.com/careers/internal/i18n"
)

// browseAreas are the catalog files of the pages a student reads before
// applying.
var browseAreas = []string{"browse", "errors", "alerts"}

// catalogTexts reads the messages of content/i18n/<area>.<code>.yaml as
// ID → texts (a plural message has one text per form).
func catalogTexts(t *testing.T, area, code string) map[string][]string {
	t.Helper()
	raw, err := fs.ReadFile(content.FS, i18n.Dir+"/"+area+"."+code+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := yaml.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	var walk func(prefix string, node map[string]any)
	walk = func(prefix string, node map[string]any) {
		for k, v := range node {
			id := k
			if prefix != "" {
				id = prefix + "." + k
			}
			switch v := v.(type) {
			case string:
				out[id] = []string{v}
			case map[string]any:
				if _, plural := v["other"]; plural {
					for _, form := range []string{"zero", "one", "two", "few", "many", "other"} {
						if s, ok := v[form].(string); ok {
							out[id] = append(out[id], s)
						}
					}
					continue
				}
				walk(id, v)
			}
		}
	}
	walk("", tree)
	return out
}

var templateField = regexp.MustCompile(`\{\{[^}]*\}\}`)

// englishLeftovers are the English texts of the browse areas that a
// Spanish page must not show: each message's fixed words (the parts
// between its {{.Fields}}) that its Spanish text does not share.
func englishLeftovers(t *testing.T) []string {
	t.Helper()
	var out []string
	letters := regexp.MustCompile(`\pL`)
	for _, area := range browseAreas {
		en, es := catalogTexts(t, area, "en"), catalogTexts(t, area, "es")
		if len(en) != len(es) {
			t.Errorf("%s: %d English messages, %d Spanish", area, len(en), len(es))
		}
		for id, texts := range en {
			spanish := strings.Join(es[id], "\n")
			if spanish == "" {
				t.Errorf("%s: %s has no Spanish text", area, id)
			}
			for _, text := range texts {
				for _, piece := range templateField.Split(text, -1) {
					piece = strings.TrimSpace(piece)
					if !letters.MatchString(piece) || strings.Contains(spanish, piece) {
						continue
					}
					out = append(out, piece)
				}
			}
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d English texts to look for: are the catalogs read right?", len(out))
	}
	return out
}

// spanishView is what a reader of a Spanish page meets as Spanish: its
// text nodes and the attributes read aloud or shown, outside elements
// marked as another language (a role's untranslated English words, the
// language switcher's "English") and outside scripts. Links are the
// local hrefs and actions found there.
type spanishView struct {
	texts []string
	links []string
}

func readSpanish(t *testing.T, page string) spanishView {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var v spanishView
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" || n.Data == "style" {
				return
			}
			for _, a := range n.Attr {
				if a.Key == "lang" && a.Val != "es" {
					return
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "aria-label", "title", "placeholder", "alt":
					v.texts = append(v.texts, strings.TrimSpace(a.Val))
				case "content":
					if n.Data == "meta" {
						v.texts = append(v.texts, strings.TrimSpace(a.Val))
					}
				case "href", "action":
					if strings.HasPrefix(a.Val, "/") {
						v.links = append(v.links, a.Val)
					}
				}
			}
		}
		if n.Type == html.TextNode {
			if s := strings.TrimSpace(n.Data); s != "" {
				v.texts = append(v.texts, s)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return v
}

// checkSpanish fails on English leftovers in page and on local links that
// lead out of the Spanish site.
func checkSpanish(t *testing.T, where, page string, leftovers []string, want ...string) {
	t.Helper()
	if !strings.Contains(page, `<html lang="es">`) {
		t.Errorf("%s: not lang=\"es\"", where)
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("%s: lacks %q", where, w)
		}
	}
	v := readSpanish(t, page)
	all := strings.Join(v.texts, "\n")
	nodes := map[string]bool{}
	for _, s := range v.texts {
		nodes[s] = true
	}
	for _, en := range leftovers {
		// A short text ("Team", "to") is looked for as a whole text or
		// attribute; a long one anywhere.
		found := nodes[en]
		if len(en) >= 16 || strings.Count(en, " ") >= 2 {
			found = strings.Contains(all, en)
		}
		if found {
			t.Errorf("%s: shows the English %q", where, en)
		}
	}
	for _, l := range v.links {
		if !strings.HasPrefix(l, "/es/") && l != "/es" && !strings.HasPrefix(l, "/static/") &&
			l != "/roles.atom" && l != "/favicon.ico" && !strings.HasPrefix(l, "#") {
			t.Errorf("%s: links out of the Spanish site to %s", where, l)
		}
	}
}

// The pages a student reads before applying speak Spanish under /es/:
// every string of the browse, errors and alerts catalogs is in Spanish
// there, dates and pay are written the Spanish way, links stay in the
// Spanish site and a role's untranslated English words are marked so.
func TestBrowsePagesInSpanish(t *testing.T) {
	a := newApp(t)
	leftovers := englishLeftovers(t)
	es := a.server.Site.Catalog.Printer("es")

	closes := time.Now().AddDate(0, 1, 0)
	open := addRole(t, a.pool, "i18n-browse-open", "Núñez-O'Brien Playback Intern 李小龙", "open", &closes)
	translated := addRole(t, a.pool, "i18n-browse-translated", "Playback Tools Intern", "open", nil)
	closed := addRole(t, a.pool, "i18n-browse-closed", "Closed Playback Intern", "closed", nil)
	if _, err := a.pool.Exec(t.Context(), `UPDATE roles SET benefits = 'Housing stipend' WHERE slug = $1`, open); err != nil {
		t.Fatal(err)
	}
	if _, err := a.pool.Exec(t.Context(), `
		INSERT INTO role_translations (role_id, language, title, description)
		SELECT id, 'es', 'Práctica de herramientas de reproducción', 'Crea **grandes** cosas.' FROM roles WHERE slug = $1`, translated); err != nil {
		t.Fatal(err)
	}

	t.Run("roles", func(t *testing.T) {
		res, body := a.get("/es/roles?q=playback&mode=hybrid")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		checkSpanish(t, "/es/roles", body, leftovers, es.T("browse.roles.title"), es.T("browse.roles.search"),
			`action="/es/roles"`, `href="/es/roles/`+open+`"`, "Híbrido", "US$45–US$60 por hora", "Licenciatura, Maestría",
			`<option value="remote">Remoto (0)</option>`, ">"+es.T("browse.mode.hybrid")+" <span",
			`href="/es/roles?q=playback"`, "coinciden con tu búsqueda",
			`<link rel="canonical" href="http://careers.test/es/roles?mode=hybrid&amp;q=playback">`,
			`<a href="/es/roles/`+open+`"><span lang="en">Núñez-O&#39;Brien Playback Intern 李小龙</span></a>`,
			`<a href="/es/roles/`+translated+`">Práctica de herramientas de reproducción</a>`)
		if _, body := a.get("/es/roles?q=zzzxqqnothingmatches"); !strings.Contains(body, es.T("browse.roles.no_match")) ||
			!strings.Contains(body, `href="/es/roles">`+es.T("browse.roles.clear_search")) {
			t.Error("the empty result is not in Spanish")
		}
	})

	t.Run("open role", func(t *testing.T) {
		res, body := a.get("/es/roles/" + open)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		loc := a.server.Site.Settings.Location()
		checkSpanish(t, "/es/roles/"+open, body, leftovers, es.T("browse.role.apply"), es.T("browse.role.before_apply"),
			`href="/es/roles/`+open+`/apply"`, `<h1 lang="en">`, `<dt>Remuneración</dt><dd>US$45–US$60 por hora</dd>`,
			`<dd><span lang="en">Housing stipend</span></dd>`, "Estudiantes de Licenciatura, Maestría",
			`<dd>`+es.Date(closes.In(loc))+`</dd>`, " de "+fmt.Sprint(closes.In(loc).Year())+"</dd>",
			`<link rel="canonical" href="http://careers.test/es/roles/`+open+`">`)
		m := ldRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no JSON-LD")
		}
		var jp map[string]any
		if err := json.Unmarshal([]byte(m[1]), &jp); err != nil {
			t.Fatal(err)
		}
		if jp["inLanguage"] != "es" || jp["url"] != "http://careers.test/es/roles/"+open {
			t.Errorf("JSON-LD inLanguage %v, url %v", jp["inLanguage"], jp["url"])
		}
		if _, body := a.get("/roles/" + open); !strings.Contains(body, `"inLanguage":"en"`) || strings.Contains(body, `lang="en"`+">Núñez") {
			t.Error("the English page's JSON-LD is not in English, or it marks its own language")
		}

		_, body = a.get("/es/roles/" + translated)
		checkSpanish(t, "/es/roles/"+translated, body, leftovers, "<h1>Práctica de herramientas de reproducción</h1>",
			"<strong>grandes</strong>", es.T("browse.role.season_end", "Date", es.Date(a.server.Site.Settings.Season.RecruitingCloses.Time)))
		if strings.Contains(body, `<div lang="en"><div class="prose">`) {
			t.Error("a translated description is marked as English")
		}
	})

	t.Run("closed role", func(t *testing.T) {
		res, body := a.get("/es/roles/" + closed)
		if res.StatusCode != http.StatusGone {
			t.Fatalf("status %d, want 410", res.StatusCode)
		}
		checkSpanish(t, "/es/roles/"+closed, body, leftovers, es.T("browse.role.closed_heading"), es.T("browse.role.all_open"),
			`<div lang="en"><div class="prose">`)
	})

	t.Run("timeline", func(t *testing.T) {
		_, body := a.get("/es/timeline")
		checkSpanish(t, "/es/timeline", body, leftovers, es.T("browse.timeline.here"), "La temporada de Verano de 2027",
			"17 ago 2026</time> al <time", es.T("browse.timeline.step.internship_name", "Weeks", "12"))
	})

	t.Run("home", func(t *testing.T) {
		_, body := a.get("/es/")
		checkSpanish(t, "/es/", body, leftovers, es.T("browse.season.see_timeline"), `href="/es/timeline"`)
	})

	t.Run("alerts", func(t *testing.T) {
		_, body := a.get("/es/alerts")
		checkSpanish(t, "/es/alerts", body, leftovers, es.T("alerts.submit"), `action="/es/alerts"`, "Entretenimiento", "Doctorado")
		res, body := a.browser().post("/es/alerts", url.Values{"email": {"José Núñez-O'Brien"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad address: %d", res.StatusCode)
		}
		checkSpanish(t, "POST /es/alerts", body, leftovers, es.T("alerts.invalid_email"), "<title>Error: "+es.T("alerts.title"))

		res, body = a.browser().post("/es/alerts", url.Values{"email": {"jose.nunez-obrien@example.com"}, "areas": {"entertainment"}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("sign-up: %d", res.StatusCode)
		}
		checkSpanish(t, "POST /es/alerts (done)", body, leftovers, es.T("alerts.done_heading"), `href="/es/roles"`)
		for _, purpose := range []string{"confirm", "unsubscribe"} {
			path := "/es/alerts/" + purpose + "/" + alertLink(t, a.pool, "jose.nunez-obrien@example.com", purpose)
			_, body := a.get(path)
			checkSpanish(t, path, body, leftovers, es.T("alerts.token."+purpose+"_button"), `action="`+path+`"`)
			_, body = a.browser().post(path, nil)
			checkSpanish(t, "POST "+path, body, leftovers, es.T("alerts.token.season"))
		}
	})

	t.Run("not found", func(t *testing.T) {
		res, body := a.get("/es/no-such-page")
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d", res.StatusCode)
		}
		checkSpanish(t, "/es/no-such-page", body, leftovers, es.T("errors.not_found.heading"), es.T("errors.try_instead"), `href="/es/faq"`)
	})
}

// The season's sentence on the roles list and the alerts page follows
// the page's language through every phase.
func TestSeasonSummaryInSpanish(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	for _, c := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 5, 10, 12, 0, 0, 0, la), "alrededor del 17 de agosto de 2026"},
		{time.Date(2026, 11, 24, 9, 0, 0, 0, la), "hasta el 31 de marzo de 2027"},
		{time.Date(2027, 9, 15, 9, 0, 0, 0, la), "Verano de 2027 terminó."},
	} {
		a := newApp(t, withNow(c.now))
		for _, path := range []string{"/es/alerts", "/es/timeline"} {
			if _, body := a.get(path); !strings.Contains(body, c.want) {
				t.Errorf("%s on %s: lacks %q", path, c.now.Format(time.DateOnly), c.want)
			}
		}
	}
}
