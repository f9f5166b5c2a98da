package text

import "testing"

func TestLine(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want string
	}{
		{"  a \t b\n c  ", 100, "a b c"},
		{"nul\x00byte", 100, "nulbyte"},
		{"bad \xff utf8", 100, "bad utf8"},
		{"e\u0301cole", 100, "école"}, // NFD -> NFC
		{"zero\u200bwidth\ufeff", 100, "zerowidth"},
		{"山田太郎", 2, "山田"},
		{"🚀🚀🚀", 2, "🚀🚀"},
	}
	for _, c := range cases {
		if got := Line(c.in, c.max); got != c.want {
			t.Errorf("Line(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestBlock(t *testing.T) {
	if got := Block("  one\r\ntwo\rthree\x07\n\n", 100); got != "one\ntwo\nthree" {
		t.Errorf("Block = %q", got)
	}
	if got := Block("ééé", 2); got != "éé" {
		t.Errorf("Block cut = %q", got)
	}
}
