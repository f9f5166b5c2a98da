// Package i18n is the site's languages: the message catalogs of interface
// strings (go-i18n, with CLDR plural rules), the choice of a language from
// a URL or an Accept-Language header (golang.org/x/text/language), and the
// dates and numbers each language writes.
//
// A language is files, never code: content/i18n/<area>.<code>.yaml holds
// its strings, and content/<code>/ its pages. English is the default and
// the fallback: a string a language lacks is shown in English, and
// Missing lists what it lacks.
package i18n

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// Dir is the folder of the catalogs inside the content folder.
const Dir = "i18n"

// Default is the site's first language: its pages live at the root, and
// every other language falls back to it.
var Default = language.English

// Lang is one language the site speaks.
type Lang struct {
	// Tag is the BCP 47 tag ("es").
	Tag language.Tag
	// Code is Tag as written in URLs and lang attributes.
	Code string
	// Name is the language's name in itself ("Español"), for the switcher.
	Name string
	// English is its name in English ("Spanish"), for staff pages; both
	// names are the catalog's language.name and language.english.
	English string
	// Prefix is the URL path prefix ("" for English, "/es" for Spanish).
	Prefix string
}

// Catalog is every language's strings.
type Catalog struct {
	bundle  *goi18n.Bundle
	langs   []Lang
	matcher language.Matcher
	// ids are each language's message IDs, for Missing.
	ids map[string]map[string]bool
	// plain are the messages with no template and no plural forms, by
	// language, with the fallback to English already applied: most of a
	// page's strings, looked up without go-i18n's per-call matching.
	plain    map[string]map[string]string
	printers map[string]*Printer
}

// Load reads every i18n/*.<code>.yaml file in fsys. The languages are the
// codes found; English must be among them.
func Load(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, Dir+"/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	c := &Catalog{
		bundle:   goi18n.NewBundle(Default),
		ids:      map[string]map[string]bool{},
		plain:    map[string]map[string]string{},
		printers: map[string]*Printer{},
	}
	messages := map[string][]*goi18n.Message{}
	var tags []language.Tag
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		tag, ms, err := parseFile(name, raw)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if err := c.bundle.AddMessages(tag, ms...); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		code := tag.String()
		if c.ids[code] == nil {
			c.ids[code] = map[string]bool{}
			tags = append(tags, tag)
		}
		for _, m := range ms {
			if c.ids[code][m.ID] {
				return nil, fmt.Errorf("i18n: %s: %q is also in another %s file", name, m.ID, code)
			}
			c.ids[code][m.ID] = true
		}
		messages[code] = append(messages[code], ms...)
	}
	if c.ids[Default.String()] == nil {
		return nil, fmt.Errorf("i18n: no %s/*.%s.yaml: English is every language's fallback", Dir, Default)
	}
	// English first, then the others by code, so the switcher's order and
	// the matcher's default do not depend on file names.
	slices.SortFunc(tags, func(a, b language.Tag) int {
		return cmp.Or(-cmp.Compare(boolInt(a == Default), boolInt(b == Default)), cmp.Compare(a.String(), b.String()))
	})
	for _, tag := range tags {
		code := tag.String()
		l := Lang{Tag: tag, Code: code}
		if tag != Default {
			l.Prefix = "/" + code
		}
		c.langs = append(c.langs, l)
	}
	c.matcher = language.NewMatcher(tags)

	english := plainMessages(messages[Default.String()], nil)
	for i, l := range c.langs {
		c.plain[l.Code] = plainMessages(messages[l.Code], english)
		p, err := newPrinter(c, l)
		if err != nil {
			return nil, err
		}
		c.langs[i].Name, c.langs[i].English = p.T("language.name"), p.T("language.english")
		p.lang = c.langs[i]
		c.printers[l.Code] = p
	}
	return c, nil
}

// pluralForms are the CLDR plural categories a message may have.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// parseFile reads <area>.<code>.yaml: nested maps whose keys join with
// dots into message IDs (format.date), strings as messages, and a map of
// plural categories only (one, other...) as one plural message. go-i18n's
// own reader would take a key such as "description" or "id" anywhere
// for a field of its Message; this one has no reserved words.
func parseFile(name string, raw []byte) (language.Tag, []*goi18n.Message, error) {
	base := strings.TrimSuffix(path.Base(name), path.Ext(name))
	dot := strings.LastIndexByte(base, '.')
	tag, err := language.Parse(base[dot+1:])
	if dot < 0 || err != nil {
		return language.Und, nil, errors.New("name the file <area>.<language>.yaml, such as apply.es.yaml")
	}
	var tree map[string]any
	if err := yaml.Unmarshal(raw, &tree); err != nil {
		return language.Und, nil, err
	}
	var out []*goi18n.Message
	var walk func(prefix string, node map[string]any) error
	walk = func(prefix string, node map[string]any) error {
		for _, key := range slices.Sorted(maps.Keys(node)) {
			id := key
			if prefix != "" {
				id = prefix + "." + key
			}
			switch v := node[key].(type) {
			case string:
				out = append(out, &goi18n.Message{ID: id, Other: v})
			case map[string]any:
				if m, ok := pluralMessage(id, v); ok {
					out = append(out, m)
				} else if err := walk(id, v); err != nil {
					return err
				}
			default:
				return fmt.Errorf("%s: want a text or a group of texts, not %T (quote numbers and yes/no)", id, v)
			}
		}
		return nil
	}
	return tag, out, walk("", tree)
}

// pluralMessage reads v as a plural message when its keys are plural
// categories only, "other" among them, and each a text.
func pluralMessage(id string, v map[string]any) (*goi18n.Message, bool) {
	if _, ok := v["other"]; !ok {
		return nil, false
	}
	forms := map[string]string{}
	for k, x := range v {
		s, ok := x.(string)
		if !ok || !slices.Contains(pluralForms, k) {
			return nil, false
		}
		forms[k] = s
	}
	return &goi18n.Message{ID: id, Zero: forms["zero"], One: forms["one"], Two: forms["two"],
		Few: forms["few"], Many: forms["many"], Other: forms["other"]}, true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// plainMessages maps the IDs of ms that need no template and have no
// plural forms to their text, over fallback.
func plainMessages(ms []*goi18n.Message, fallback map[string]string) map[string]string {
	out := make(map[string]string, len(fallback))
	for id, s := range fallback {
		out[id] = s
	}
	for _, m := range ms {
		if m.Zero+m.One+m.Two+m.Few+m.Many == "" && !strings.Contains(m.Other, "{{") {
			out[m.ID] = m.Other
		} else {
			// A translated template replaces the English plain text.
			delete(out, m.ID)
		}
	}
	return out
}

// Languages lists the languages, English first.
func (c *Catalog) Languages() []Lang { return c.langs }

// Lang returns the language with code.
func (c *Catalog) Lang(code string) (Lang, bool) {
	for _, l := range c.langs {
		if l.Code == code {
			return l, true
		}
	}
	return Lang{}, false
}

// Printer returns the printer of the language with code, English when
// there is no such language.
func (c *Catalog) Printer(code string) *Printer {
	if p := c.printers[code]; p != nil {
		return p
	}
	return c.printers[Default.String()]
}

// Negotiate picks the language an Accept-Language header asks for. ok is
// false when the header matches none with confidence: then the site's
// default stands and nothing should redirect.
func (c *Catalog) Negotiate(acceptLanguage string) (l Lang, ok bool) {
	if strings.TrimSpace(acceptLanguage) == "" {
		return c.langs[0], false
	}
	prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(prefs) == 0 {
		return c.langs[0], false
	}
	_, i, conf := c.matcher.Match(prefs...)
	if conf < language.High {
		return c.langs[0], false
	}
	return c.langs[i], true
}

// Missing lists the message IDs English has and the language with code
// lacks, sorted.
func (c *Catalog) Missing(code string) []string {
	have := c.ids[code]
	var out []string
	for id := range c.ids[Default.String()] {
		if !have[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// Has reports whether English has a message id: a string the code asks
// for and no catalog holds is a bug a test catches.
func (c *Catalog) Has(id string) bool { return c.ids[Default.String()][id] }
