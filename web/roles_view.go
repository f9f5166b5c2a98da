package web

import (
	"context"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"example.com/careers/internal/roles"
)

// RolesView is the view model of /roles.
type RolesView struct {
	Chrome Chrome
	Result roles.Result
	// SeasonSummary explains the season when no role is open at all.
	SeasonSummary string
}

// Chip is a chosen filter with the link that removes it.
type Chip struct {
	Label, RemoveURL string
}

// Chips lists the chosen search and filters as removable links, in
// ctx's language.
func (v RolesView) Chips(ctx context.Context) []Chip {
	q := v.Result.Query
	q.Page = 1
	var chips []Chip
	add := func(label string, clear func(*roles.Query)) {
		c := q
		clear(&c)
		if c.Sort == roles.SortRelevance && c.Text == "" {
			c.Sort = c.DefaultSort()
		}
		chips = append(chips, Chip{label, Href(ctx, c.URL())})
	}
	if q.Text != "" {
		add(T(ctx, "browse.roles.chip_text", "Text", q.Text), func(c *roles.Query) { c.Text = "" })
	}
	if q.Area != "" {
		add(areaLabel(ctx, q.Area), func(c *roles.Query) { c.Area = "" })
	}
	if q.Team != "" {
		add(q.Team, func(c *roles.Query) { c.Team = "" })
	}
	if q.Location != "" {
		add(q.Location, func(c *roles.Query) { c.Location = "" })
	}
	if q.Degree != "" {
		add(degreeLabel(ctx, q.Degree), func(c *roles.Query) { c.Degree = "" })
	}
	if q.Mode != "" {
		add(modeLabel(ctx, q.Mode), func(c *roles.Query) { c.Mode = "" })
	}
	if q.MinPay > 0 {
		add(minPayChip(ctx, q.MinPay), func(c *roles.Query) { c.MinPay = 0 })
	}
	return chips
}

// PageLink is one link of the pagination.
type PageLink struct {
	Label   string
	URL     string
	Current bool
	number  int
}

// PageURL is the link to page n of the same search, in ctx's language.
func (v RolesView) PageURL(ctx context.Context, n int) string {
	q := v.Result.Query
	q.Page = n
	return Href(ctx, q.URL())
}

// PageLinks lists the pages around the current one, with the first and
// last always reachable.
func (v RolesView) PageLinks(ctx context.Context) []PageLink {
	return pageLinks(v.Result.Query.Page, v.Result.Pages, func(n int) string { return v.PageURL(ctx, n) })
}

// pageLinks gives the first and last pages and the two either side of
// cur, with a gap marker between runs: a short list however many pages.
func pageLinks(cur, last int, url func(int) string) []PageLink {
	var links []PageLink
	for _, n := range []int{1, cur - 2, cur - 1, cur, cur + 1, cur + 2, last} {
		if n < 1 || n > last || (len(links) > 0 && n <= lastNumber(links)) {
			continue
		}
		if len(links) > 0 && n > lastNumber(links)+1 {
			links = append(links, PageLink{Label: "…"})
		}
		links = append(links, PageLink{Label: strconv.Itoa(n), URL: url(n), Current: n == cur, number: n})
	}
	return links
}

func lastNumber(links []PageLink) int { return links[len(links)-1].number }

// CountText says how many roles match, in words.
func (v RolesView) CountText(ctx context.Context) string {
	if v.Result.Query.Filtered() {
		return N(ctx, "browse.roles.count_matching", v.Result.Total)
	}
	return N(ctx, "browse.roles.count", v.Result.Total)
}

// RangeText says which results this page shows, like "Showing 11–20".
func (v RolesView) RangeText(ctx context.Context) string {
	if v.Result.Total == 0 {
		return ""
	}
	first := (v.Result.Query.Page-1)*roles.PageSize + 1
	last := first + len(v.Result.Roles) - 1
	return T(ctx, "browse.roles.range", "First", strconv.Itoa(first), "Last", strconv.Itoa(last), "Total", strconv.Itoa(v.Result.Total))
}

// facetOption is a filter's choice with its count. prefix, when set, is
// the catalog's label for the choice's value (browse.area., say); teams
// and places are the roles' own words and keep theirs.
func facetOption(ctx context.Context, f roles.FacetValue, prefix string) string {
	label := f.Label
	if prefix != "" {
		label = valueLabel(ctx, prefix, f.Value, f.Label)
	}
	return T(ctx, "browse.roles.facet_option", "Label", label, "Count", strconv.Itoa(f.Count))
}

// valueLabel is the catalog's label prefix+value, or fallback (the
// English label internal/roles gives) for a value the catalog lacks.
func valueLabel(ctx context.Context, prefix, value, fallback string) string {
	id := prefix + value
	if s := T(ctx, id); s != id {
		return s
	}
	return fallback
}

func areaLabel(ctx context.Context, a roles.Area) string {
	return valueLabel(ctx, "browse.area.", string(a), a.Label())
}

func modeLabel(ctx context.Context, m roles.WorkMode) string {
	return valueLabel(ctx, "browse.mode.", string(m), m.Label())
}

func degreeLabel(ctx context.Context, d roles.Degree) string {
	return valueLabel(ctx, "browse.degree.", string(d), d.Label())
}

func degreeList(ctx context.Context, ds []roles.Degree) string {
	var names []string
	for _, d := range ds {
		names = append(names, degreeLabel(ctx, d))
	}
	return strings.Join(names, T(ctx, "browse.list_separator"))
}

// roleURL and applyURL are a role's pages as site paths, in English:
// links write them through Href (Href(ctx, src.AddTo(applyURL(r)))).
func roleURL(r roles.Role) string { return "/roles/" + r.Slug }

func applyURL(r roles.Role) string { return "/roles/" + r.Slug + "/apply" }

// Day formats an optional time as an English date in loc, or "" when it
// is nil: for staff pages. A student's page writes
// Printer(ctx).Date(t.In(loc)).
func Day(t *time.Time, loc *time.Location) string {
	if t == nil {
		return ""
	}
	return t.In(loc).Format("January 2, 2006")
}

// english formats numbers as the site's English copy writes them.
var english = message.NewPrinter(language.English)

// thousands writes n with comma separators: 10,000 (staff pages).
func thousands(n int) string { return english.Sprintf("%d", n) }
