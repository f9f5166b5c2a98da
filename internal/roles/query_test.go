package roles

import (
	"net/url"
	"strings"
	"testing"

	"example.com/careers/internal/sources"
)

func TestParseQueryRoundTrip(t *testing.T) {
	v, _ := url.ParseQuery("q=data+science&area=technology&degree=phd&mode=remote&location=Los+Gatos%2C+CA&team=Ads&sort=pay&pay=45&page=3&utm_source=x")
	q := ParseQuery(v)
	want := Query{Text: "data science", Area: Technology, Degree: PhD, Mode: Remote, Location: "Los Gatos, CA", Team: "Ads",
		MinPay: 45, Sort: SortPay, Page: 3, Source: sources.Tag{Source: "x"}}
	if q != want {
		t.Fatalf("got %+v", q)
	}
	if again := ParseQuery(q.Values()); again != q {
		t.Fatalf("round trip: %+v", again)
	}
	// A link's source travels on in the one form the site writes.
	if !strings.HasPrefix(q.URL(), "/roles?") || strings.Contains(q.URL(), "utm_source") || !strings.Contains(q.URL(), "src=x") {
		t.Errorf("URL %s", q.URL())
	}
}

func TestParseQueryDefaultsAndClamps(t *testing.T) {
	cases := map[string]Query{
		"":                          {Sort: SortNewest, Page: 1},
		"q=x":                       {Text: "x", Sort: SortRelevance, Page: 1},
		"sort=relevance":            {Sort: SortNewest, Page: 1}, // no text, nothing to rank by
		"page=0&area=moon&mode=x":   {Sort: SortNewest, Page: 1},
		"page=1000000000":           {Sort: SortNewest, Page: maxPage},
		"page=99999999999999999999": {Sort: SortNewest, Page: 1},
		"q=++a+++b++":               {Text: "a b", Sort: SortRelevance, Page: 1},
		"pay=0&sort=pay":            {Sort: SortPay, Page: 1},
		"pay=-5":                    {Sort: SortNewest, Page: 1},
		"pay=1e3":                   {Sort: SortNewest, Page: 1},
		"pay=99999":                 {MinPay: maxMinPay, Sort: SortNewest, Page: 1},
	}
	for raw, want := range cases {
		v, _ := url.ParseQuery(raw)
		if got := ParseQuery(v); got != want {
			t.Errorf("%q: got %+v, want %+v", raw, got, want)
		}
	}
	if (Query{Sort: SortNewest, Page: 1}).URL() != "/roles" {
		t.Error("the default search has the plain URL")
	}
	v := url.Values{"q": {strings.Repeat("é", 5000)}}
	if n := len([]rune(ParseQuery(v).Text)); n != MaxQueryRunes {
		t.Errorf("query cut to %d runes", n)
	}
}

func TestSlugify(t *testing.T) {
	cases := map[string]string{
		"Software Engineering Intern, TV Apps": "software-engineering-intern-tv-apps",
		"Café Crème — R&D":                     "cafe-creme-r-d",
		"  ---  ":                              "role",
		"数据":                                   "role",
		"Corporate FP&A":                       "corporate-fp-a",
	}
	for in, want := range cases {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
