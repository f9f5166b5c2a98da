package i18n

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/message"
)

// Printer writes one language: its strings, links, dates and numbers.
// It is safe for concurrent use.
type Printer struct {
	cat   *Catalog
	lang  Lang
	loc   *goi18n.Localizer
	plain map[string]string
	num   *message.Printer
	// The calendar's words and the time layout, from the catalog's
	// format.* messages (x/text has no localized dates).
	months, weekdays []string
	clock            string
}

func newPrinter(c *Catalog, l Lang) (*Printer, error) {
	p := &Printer{
		cat:   c,
		lang:  l,
		loc:   goi18n.NewLocalizer(c.bundle, l.Code),
		plain: c.plain[l.Code],
		num:   message.NewPrinter(l.Tag),
	}
	p.months = strings.Fields(p.T("format.months"))
	p.weekdays = strings.Fields(p.T("format.weekdays"))
	p.clock = p.T("format.clock")
	if len(p.months) != 12 || len(p.weekdays) != 7 || p.clock == "format.clock" {
		return nil, fmt.Errorf("i18n: %s: format.months needs 12 names, format.weekdays 7 (Sunday first), and format.clock a Go time layout", l.Code)
	}
	return p, nil
}

// Lang is the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// Languages lists every language the site speaks, English first.
func (p *Printer) Languages() []Lang { return p.cat.langs }

// T is the message id, its {{.Name}} fields filled from the name/value
// pairs in args. An unknown id comes back as itself, which a test over
// every call site catches before it ships.
func (p *Printer) T(id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := p.plain[id]; ok {
			return s
		}
	}
	return p.localize(id, nil, args)
}

// N is the message id in the plural form count asks for, with
// {{.Count}} set to count written in the language's digits.
func (p *Printer) N(id string, count int, args ...any) string {
	return p.localize(id, count, append(args, "Count", p.Number(count)))
}

func (p *Printer) localize(id string, count any, args []any) string {
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	s, err := p.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if s == "" && err != nil {
		return id
	}
	// A *MessageNotFoundErr with a text is the English fallback: fine.
	return s
}

// Path is the local path p in this language: "/roles" is "/es/roles" in
// Spanish. Only site paths ("/…") are prefixed.
func (p *Printer) Path(path string) string {
	if p.lang.Prefix == "" || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		return path
	}
	if path == "/" {
		return p.lang.Prefix + "/"
	}
	return p.lang.Prefix + path
}

// Number writes n with the language's digit grouping ("12,500" in
// English, "12.500" in Spanish).
func (p *Printer) Number(n int) string { return p.num.Sprint(n) }

// Month is the name of month m.
func (p *Printer) Month(m time.Month) string { return p.months[m-1] }

// Weekday is the name of day d.
func (p *Printer) Weekday(d time.Weekday) string { return p.weekdays[d] }

// Date writes t's calendar day ("December 1, 2026", "1 de diciembre de
// 2026"); t is read as it is, so convert it to the reader's zone first.
func (p *Printer) Date(t time.Time) string {
	return p.T("format.date", "Day", strconv.Itoa(t.Day()), "Month", p.Month(t.Month()), "Year", strconv.Itoa(t.Year()))
}

// Clock writes t's time of day ("3:04 PM", "15:04").
func (p *Printer) Clock(t time.Time) string { return t.Format(p.clock) }

// Moment writes an instant in loc with its zone said twice, its
// abbreviation, which people know ("PST"), and its name, which is
// unambiguous ("America/Los_Angeles"): "Monday, January 2, 2006 at 3:04
// PM PST (America/Los_Angeles)". A due moment read in the wrong zone is
// a missed deadline.
func (p *Printer) Moment(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	s := p.T("format.moment", "Weekday", p.Weekday(t.Weekday()), "Date", p.Date(t), "Clock", p.Clock(t)) + " " + t.Format("MST")
	if name := loc.String(); name != "" && name != t.Format("MST") {
		s += " (" + name + ")"
	}
	return s
}

type ctxKey struct{}

// With returns ctx carrying p, for the templates rendered under it.
func With(ctx context.Context, p *Printer) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the printer ctx carries, or fallback when it carries none.
func From(ctx context.Context, fallback *Printer) *Printer {
	if p, ok := ctx.Value(ctxKey{}).(*Printer); ok {
		return p
	}
	return fallback
}
