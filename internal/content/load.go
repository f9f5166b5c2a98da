package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"example.com/careers/internal/i18n"

	// The timeline's "today" depends on the site's time zone: embed the
	// zone database so the binary does not rely on the host's copy.
	_ "time/tzdata"
)

// takeHomeTaskFile is the default take-home task, optional.
const takeHomeTaskFile = "take-home-task.txt"

// Load reads site.yaml and every *.md file at the top of fsys, renders the
// pages and checks that every required page is there. An error names the
// file at fault.
func Load(fsys fs.FS, md *Markdown) (*Site, error) {
	site := &Site{pages: map[string]*Page{}}

	raw, err := fs.ReadFile(fsys, settingsFile)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	if err := decodeStrict(raw, &site.Settings); err != nil {
		return nil, fmt.Errorf("content: %s: %w", settingsFile, err)
	}
	if err := site.Settings.validate(); err != nil {
		return nil, fmt.Errorf("content: %s: %w", settingsFile, err)
	}

	if site.Kits, err = loadKits(fsys); err != nil {
		return nil, fmt.Errorf("content: %s: %w", kitsFile, err)
	}

	if site.QuestionSets, err = loadQuestionSets(fsys); err != nil {
		return nil, fmt.Errorf("content: %s: %w", questionSetsFile, err)
	}

	switch task, err := fs.ReadFile(fsys, takeHomeTaskFile); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("content: %w", err)
	default:
		site.TakeHomeTask = strings.TrimSpace(string(task))
	}

	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	for _, name := range names {
		p, err := loadPage(fsys, name, md)
		if err != nil {
			return nil, fmt.Errorf("content: %s: %w", name, err)
		}
		site.pages[p.Slug] = p
		if p.NavOrder > 0 {
			site.nav = append(site.nav, p)
		}
	}
	for _, slug := range RequiredPages {
		if site.pages[slug] == nil {
			return nil, fmt.Errorf("content: %s.md is missing", slug)
		}
	}
	slices.SortStableFunc(site.nav, func(a, b *Page) int { return cmp.Compare(a.NavOrder, b.NavOrder) })

	if site.Catalog, err = i18n.Load(fsys); err != nil {
		return nil, err
	}
	if site.translations, err = loadTranslations(fsys, md); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	site.languages = map[string]*Site{}
	for code, t := range site.translations {
		if _, ok := site.Catalog.Lang(code); !ok {
			return nil, fmt.Errorf("content: %s/ has pages but no %s/*.%s.yaml catalog", code, i18n.Dir, code)
		}
		for slug := range t.pages {
			if site.pages[slug] == nil {
				return nil, fmt.Errorf("content: %s/%s.md: no English %s.md to translate", code, slug, slug)
			}
		}
		site.languages[code] = site.translate(t)
	}
	return site, nil
}

func loadPage(fsys fs.FS, name string, md *Markdown) (*Page, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	fm, body, err := splitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	html, err := md.Render(body)
	if err != nil {
		return nil, fmt.Errorf("markdown: %w", err)
	}
	slug := strings.TrimSuffix(path.Base(name), ".md")
	p := &Page{
		Lang:        DefaultLanguage,
		Slug:        slug,
		Path:        "/" + slug,
		Title:       fm.Title,
		Description: fm.Description,
		NavLabel:    cmp.Or(fm.NavLabel, fm.Title),
		NavOrder:    fm.NavOrder,
		CTA:         fm.CTA,
		HTML:        html,
	}
	if slug == "index" {
		p.Path = "/"
	}
	return p, nil
}
