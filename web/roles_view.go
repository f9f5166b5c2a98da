package web

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"strconv"
	"strings"
	"time"

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

// Chips lists the chosen search and filters as removable links.
func (v RolesView) Chips() []Chip {
	q := v.Result.Query
	q.Page = 1
	var chips []Chip
	add := func(label string, clear func(*roles.Query)) {
		c := q
		clear(&c)
		if c.Sort == roles.SortRelevance && c.Text == "" {
			c.Sort = c.DefaultSort()
		}
		chips = append(chips, Chip{label, c.URL()})
	}
	if q.Text != "" {
		add("“"+q.Text+"”", func(c *roles.Query) { c.Text = "" })
	}
	if q.Area != "" {
		add(q.Area.Label(), func(c *roles.Query) { c.Area = "" })
	}
	if q.Team != "" {
		add(q.Team, func(c *roles.Query) { c.Team = "" })
	}
	if q.Location != "" {
		add(q.Location, func(c *roles.Query) { c.Location = "" })
	}
	if q.Degree != "" {
		add(q.Degree.Label(), func(c *roles.Query) { c.Degree = "" })
	}
	if q.Mode != "" {
		add(q.Mode.Label(), func(c *roles.Query) { c.Mode = "" })
	}
	if q.MinPay > 0 {
		add(minPayChip(q.MinPay), func(c *roles.Query) { c.MinPay = 0 })
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

// PageURL is the link to page n of the same search.
func (v RolesView) PageURL(n int) string {
	q := v.Result.Query
	q.Page = n
	return q.URL()
}

// PageLinks lists the pages around the current one, with the first and
// last always reachable.
func (v RolesView) PageLinks() []PageLink {
	return pageLinks(v.Result.Query.Page, v.Result.Pages, v.PageURL)
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
func (v RolesView) CountText() string {
	n := v.Result.Total
	noun := "roles"
	if n == 1 {
		noun = "role"
	}
	if v.Result.Query.Filtered() {
		return thousands(n) + " " + noun + " match your search"
	}
	return thousands(n) + " open " + noun
}

// RangeText says which results this page shows, like "Showing 11–20".
func (v RolesView) RangeText() string {
	if v.Result.Total == 0 {
		return ""
	}
	first := (v.Result.Query.Page-1)*roles.PageSize + 1
	last := first + len(v.Result.Roles) - 1
	return "Showing " + strconv.Itoa(first) + "–" + strconv.Itoa(last) + " of " + strconv.Itoa(v.Result.Total)
}

func facetOption(f roles.FacetValue) string {
	return f.Label + " (" + strconv.Itoa(f.Count) + ")"
}

func degreeList(ds []roles.Degree) string {
	var names []string
	for _, d := range ds {
		names = append(names, d.Label())
	}
	return strings.Join(names, ", ")
}

func roleURL(r roles.Role) string { return "/roles/" + r.Slug }

func applyURL(r roles.Role) string { return "/roles/" + r.Slug + "/apply" }

// Day formats an optional time as a date in loc, or "" when it is nil.
func Day(t *time.Time, loc *time.Location) string {
	if t == nil {
		return ""
	}
	return t.In(loc).Format("January 2, 2006")
}

// english formats numbers as the site's English copy writes them.
var english = message.NewPrinter(language.English)

// thousands writes n with comma separators: 10,000.
func thousands(n int) string { return english.Sprintf("%d", n) }
