package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// DefaultLanguage is the language of the files at the top of the content
// folder. Another language's files sit in a folder named by its code
// (es/), and override the English ones file by file; site.yaml there
// holds only the texts (textsFile).
const DefaultLanguage = "en"

// Texts are the words of site.yaml a language translates.
type Texts struct {
	Name    string `yaml:"name"`
	Tagline string `yaml:"tagline"`
	Season  struct {
		Name string `yaml:"name"`
	} `yaml:"season"`
}

// translation is one language's own files.
type translation struct {
	code  string
	texts Texts
	pages map[string]*Page
}

// loadTranslations reads every top-level folder of fsys named by a
// language code (the catalogs' i18n/ folder is not one).
func loadTranslations(fsys fs.FS, md *Markdown) (map[string]*translation, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	out := map[string]*translation{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		tag, err := language.Parse(e.Name())
		if err != nil || tag.String() != e.Name() || e.Name() == DefaultLanguage {
			continue
		}
		t, err := loadTranslation(fsys, e.Name(), md)
		if err != nil {
			return nil, fmt.Errorf("%s/%w", e.Name(), err)
		}
		out[t.code] = t
	}
	return out, nil
}

func loadTranslation(fsys fs.FS, code string, md *Markdown) (*translation, error) {
	t := &translation{code: code, pages: map[string]*Page{}}
	switch raw, err := fs.ReadFile(fsys, path.Join(code, settingsFile)); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if err := decodeStrict(raw, &t.texts); err != nil {
			return nil, fmt.Errorf("%s: %w (a language's site.yaml holds name, tagline and season.name only)", settingsFile, err)
		}
	}
	names, err := fs.Glob(fsys, code+"/*.md")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		p, err := loadPage(fsys, name, md)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		p.Lang = code
		t.pages[p.Slug] = p
	}
	return t, nil
}

// In returns the site as the language with code reads it: its own pages
// and texts where it has them, the English ones elsewhere (each page
// says which language it is in). Local links in the pages point at the
// language's addresses, under /<code>. An unknown code is English.
func (s *Site) In(code string) *Site {
	if v, ok := s.languages[code]; ok {
		return v
	}
	return s
}

// Missing lists the files and texts the language with code lacks, as
// paths in the content folder ("es/faq.md", "es/site.yaml: tagline").
func (s *Site) Missing(code string) []string {
	t := s.translations[code]
	if t == nil {
		return []string{code + "/"}
	}
	var out []string
	for _, slug := range slices.Sorted(maps.Keys(s.pages)) {
		if t.pages[slug] == nil {
			out = append(out, code+"/"+slug+".md")
		}
	}
	for _, f := range []struct{ key, value string }{
		{"name", t.texts.Name}, {"tagline", t.texts.Tagline}, {"season.name", t.texts.Season.Name},
	} {
		if strings.TrimSpace(f.value) == "" {
			out = append(out, code+"/"+settingsFile+": "+f.key)
		}
	}
	return out
}

// translate builds the site in t's language over the English site s.
func (s *Site) translate(t *translation) *Site {
	v := *s
	v.languages = nil
	v.Settings.Name = cmp.Or(t.texts.Name, s.Settings.Name)
	v.Settings.Tagline = cmp.Or(t.texts.Tagline, s.Settings.Tagline)
	v.Settings.Season.Name = cmp.Or(t.texts.Season.Name, s.Settings.Season.Name)
	v.pages = make(map[string]*Page, len(s.pages))
	v.nav = nil
	prefix := "/" + t.code
	for slug, en := range s.pages {
		p := *en
		if own := t.pages[slug]; own != nil {
			p = *own
			// Where a page sits and its place in the menu are the
			// English file's: a translation changes words only.
			p.Slug, p.NavOrder = en.Slug, en.NavOrder
		}
		p.Path = prefix + en.Path
		if en.Path == "/" {
			p.Path = prefix + "/"
		}
		p.HTML = localLinks(p.HTML, prefix)
		if p.CTA != nil {
			cta := *p.CTA
			cta.Href = prefix + cta.Href
			p.CTA = &cta
		}
		v.pages[slug] = &p
	}
	for _, en := range s.nav {
		v.nav = append(v.nav, v.pages[en.Slug])
	}
	return &v
}

// localLinks points the site links of rendered markdown at prefix. Raw
// HTML is off in our markdown, so every href is goldmark's own, quoted.
func localLinks(html, prefix string) string {
	var b strings.Builder
	for {
		i := strings.Index(html, `href="/`)
		if i < 0 {
			b.WriteString(html)
			return b.String()
		}
		at := i + len(`href="`)
		b.WriteString(html[:at])
		if !strings.HasPrefix(html[at:], "//") {
			b.WriteString(prefix)
		}
		html = html[at:]
	}
}
