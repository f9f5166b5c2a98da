package text

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Cleaning is stable: what Line and Block return, cleaned again, comes
// back unchanged. Stored text, search terms and the URLs built from them
// depend on it (a search's canonical URL must read back as the same
// search), and so does a form shown again after an error.
func FuzzClean(f *testing.F) {
	for _, seed := range []string{"  a \t b\n c  ", "nul\x00byte", "bad \xff utf8", "e\u0301cole", "zero\u200bwidth\ufeff",
		"\u0485\x00\u05aa", "ab cd", "one\r\ntwo\rthree\x07\n\n", "\u037e", "a\u2000b", "x\n \ny"} {
		f.Add(seed, 3)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = 1 + abs(max)%40
		for name, clean := range map[string]func(string, int) string{"Line": Line, "Block": Block} {
			once := clean(s, max)
			if !utf8.ValidString(once) || utf8.RuneCountInString(once) > max || !norm.NFC.IsNormalString(once) {
				t.Fatalf("%s(%q, %d) = %q: invalid, too long or not NFC", name, s, max, once)
			}
			if twice := clean(once, max); twice != once {
				t.Fatalf("%s is not stable: %q -> %q -> %q", name, s, once, twice)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
