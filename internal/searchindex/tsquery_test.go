package searchindex

import (
	"strconv"
	"testing"
)

func (q *tsquery) String() string {
	if q == nil {
		return "<nil>"
	}
	switch q.op {
	case 'l':
		return q.lexeme
	case '!':
		return "!" + q.left.String()
	case '<':
		return "(" + q.left.String() + " <" + strconv.Itoa(q.distance) + "> " + q.right.String() + ")"
	}
	return "(" + q.left.String() + " " + string(q.op) + " " + q.right.String() + ")"
}

func TestParseTSQuery(t *testing.T) {
	for printed, want := range map[string]string{
		"":                                 "<nil>",
		"'data'":                           "data",
		"'view' & 'data' & !'spark'":       "((view & data) & !spark)",
		"'a' | 'b' & 'c'":                  "(a | (b & c))",
		"'machin' <-> 'learn' <-> 'model'": "((machin <1> learn) <1> model)",
		"!( 'a' | 'b' ) & 'c'":             "(!(a | b) & c)",
		"'o''brien'":                       "o'brien",
		"'a' <2> 'b'":                      "(a <2> b)",
		"'view' & 'data' | 'tokyo' & !'x'": "((view & data) | (tokyo & !x))",
	} {
		q, err := parseTSQuery(printed)
		if err != nil {
			t.Errorf("%q: %v", printed, err)
			continue
		}
		if got := q.String(); got != want {
			t.Errorf("%q parsed as %s, want %s", printed, got, want)
		}
	}
	for _, bad := range []string{"'a' &", "'a':*", "('a'", "'unterminated", "& 'a'"} {
		if _, err := parseTSQuery(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

// The printed-query parser never panics, and what it accepts it can
// print back.
func FuzzParseTSQuery(f *testing.F) {
	for _, seed := range []string{"'data'", "'a' & !'b' | 'c'", "'a' <-> 'b' <2> 'c'", "!( 'a' | 'b' )", "'o''brien'", "(", "'", "<->", "'a' <x> 'b'"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, printed string) {
		q, err := parseTSQuery(printed)
		if err == nil && q != nil {
			_ = q.String()
		}
	})
}
