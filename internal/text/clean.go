// Package text cleans user-typed text before it is validated or stored:
// PostgreSQL refuses NUL bytes and invalid UTF-8, and stray control
// characters have no place in a name or a search.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Line returns s as one clean line: valid UTF-8 in NFC form, control
// characters removed, runs of spaces collapsed, trimmed, and cut to at
// most maxRunes runes. Cleaning the result again changes nothing
// (FuzzClean).
func Line(s string, maxRunes int) string {
	// Characters are dropped before normalising: dropping one between two
	// combining marks afterwards would leave them in an order NFC does
	// not allow. And the cut comes before the last trim, so that it never
	// leaves a space at the end.
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(Truncate(norm.NFC.String(b.String()), maxRunes), " ")
}

// Block returns multi-line text cleaned like Line, but keeping line
// breaks (as \n) and the spacing within lines; it is trimmed as a whole
// and cut to maxRunes runes. Cleaning the result again changes nothing.
func Block(s string, maxRunes int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
			b.WriteByte('\n')
		case unicode.IsControl(r) || r == '\ufeff':
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(Truncate(strings.TrimSpace(norm.NFC.String(b.String())), maxRunes))
}

// Truncate cuts s to at most n runes.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// Runes counts the characters a person would count (runes in NFC).
func Runes(s string) int { return utf8.RuneCountInString(s) }
