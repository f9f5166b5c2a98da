package roles_test

import (
	"net/url"
	"testing"
	"unicode/utf8"

	"example.com/careers/internal/roles"
)

// Any query string gives a search within bounds whose canonical form
// reads back as the same search.
func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{"q=data&area=technology&page=2", "page=-1&sort=relevance", "q=%00%ff%fe&team=%27%3B--",
		"page=99999999999999999999", "q=a&q=b&area=x&mode=remote&degree=phd&sort=title&location=Tokyo%2C+JP", "%zz", "q=\"unclosed",
		"pay=45&sort=pay", "pay=-3", "pay=99999999", "pay=4.5"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, _ := url.ParseQuery(raw)
		q := roles.ParseQuery(v)
		if q.Page < 1 || q.Page > 1_000_000 || !utf8.ValidString(q.Text) || utf8.RuneCountInString(q.Text) > roles.MaxQueryRunes {
			t.Fatalf("ParseQuery(%q) = %+v", raw, q)
		}
		if again := roles.ParseQuery(q.Values()); again != q {
			t.Fatalf("canonical form of %q reads back as %+v, not %+v", raw, again, q)
		}
	})
}
