package roles

import (
	"net/url"
	"strconv"

	"example.com/careers/internal/sources"
	"example.com/careers/internal/text"
)

// PageSize is how many roles one page of results shows.
const PageSize = 10

// maxPage bounds the page number before the search clamps it to the
// results, so the OFFSET computed from it cannot overflow.
const maxPage = 1_000_000

// MaxQueryRunes bounds the search text; longer input is cut, not refused.
const MaxQueryRunes = 200

// Sort orders the results.
type Sort string

// Sort orders. Relevance applies only to a text search.
const (
	SortRelevance Sort = "relevance"
	SortNewest    Sort = "newest"
	SortTitle     Sort = "title"
	// SortPay is the best paid first: by the bottom of the range as an
	// hourly equivalent (HoursPerYear), in PayFilterCurrency; roles
	// without a range in it come after, newest first.
	SortPay Sort = "pay"
)

// maxMinPay bounds the "pays at least" filter, an hourly amount in
// PayFilterCurrency: above it the filter keeps nothing anyway.
const maxMinPay = 10_000

// Query is a search over open roles, as carried in the /roles URL.
type Query struct {
	Text     string
	Area     Area
	Team     string
	Location string
	Degree   Degree
	Mode     WorkMode
	// MinPay keeps roles whose range starts at this much an hour or more
	// (whole units of PayFilterCurrency; months and years compared by
	// their hourly equivalent, HoursPerYear); 0 for any pay.
	MinPay int
	Sort   Sort
	Page   int
	// Source is where the visitor's link came from; it narrows nothing,
	// but every link the list makes carries it on to the apply form.
	Source sources.Tag
}

// ParseQuery reads a Query from URL parameters. It never fails: unknown
// values are dropped, numbers clamped and text cut to size, so any URL a
// person or a crawler makes up still gives a page.
func ParseQuery(v url.Values) Query {
	q := Query{
		Text:     text.Line(v.Get("q"), MaxQueryRunes),
		Team:     text.Line(v.Get("team"), 120),
		Location: text.Line(v.Get("location"), 120),
		Page:     1,
		Source:   sources.FromQuery(v),
	}
	if a := Area(v.Get("area")); a == Technology || a == Entertainment || a == Business {
		q.Area = a
	}
	if d := Degree(v.Get("degree")); d.Valid() {
		q.Degree = d
	}
	if m := WorkMode(v.Get("mode")); m == OnSite || m == Hybrid || m == Remote {
		q.Mode = m
	}
	if p, err := strconv.Atoi(v.Get("pay")); err == nil && p > 0 {
		q.MinPay = min(p, maxMinPay)
	}
	switch s := Sort(v.Get("sort")); s {
	case SortNewest, SortTitle, SortPay:
		q.Sort = s
	case SortRelevance:
		if q.Text != "" {
			q.Sort = s
		}
	}
	if q.Sort == "" {
		q.Sort = q.DefaultSort()
	}
	// Anything that is not a positive number means the first page; a page
	// past the end is clamped to the last once the total is known.
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 1 {
		q.Page = min(p, maxPage)
	}
	return q
}

// DefaultSort is relevance for a text search and newest otherwise.
func (q Query) DefaultSort() Sort {
	if q.Text != "" {
		return SortRelevance
	}
	return SortNewest
}

// Filtered reports whether any search text or filter narrows the list.
func (q Query) Filtered() bool {
	return q.Text != "" || q.Area != "" || q.Team != "" || q.Location != "" || q.Degree != "" || q.Mode != "" || q.MinPay > 0
}

// Values is the canonical URL form of q: defaults are left out, so equal
// searches share one URL.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Text)
	set("area", string(q.Area))
	set("team", q.Team)
	set("location", q.Location)
	set("degree", string(q.Degree))
	set("mode", string(q.Mode))
	if q.MinPay > 0 {
		v.Set("pay", strconv.Itoa(q.MinPay))
	}
	if q.Sort != q.DefaultSort() {
		set("sort", string(q.Sort))
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	q.Source.Set(v)
	return v
}

// URL is the /roles link for q.
func (q Query) URL() string {
	if enc := q.Values().Encode(); enc != "" {
		return "/roles?" + enc
	}
	return "/roles"
}
