package web

import (
	"fmt"
	"strings"
	"testing"
)

func TestPageLinksStayShort(t *testing.T) {
	url := func(n int) string { return fmt.Sprint(n) }
	for _, c := range []struct {
		cur, last int
		want      string
	}{
		{1, 1, "[1]"},
		{1, 3, "[1] 2 3"},
		{5, 40000, "1 … 3 4 [5] 6 7 … 40000"},
		{3, 400, "1 2 [3] 4 5 … 400"},
		{400, 400, "1 … 398 399 [400]"},
		{4, 7, "1 2 3 [4] 5 6 7"},
	} {
		var got []string
		for _, l := range pageLinks(c.cur, c.last, url) {
			switch {
			case l.Current:
				got = append(got, "["+l.Label+"]")
			default:
				got = append(got, l.Label)
			}
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("page %d of %d: %q, want %q", c.cur, c.last, s, c.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
