package web

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// greetingNameMax is the longest name the greeting carries: longer text
// typed into the name field is more likely a message than a name.
const greetingNameMax = 40

// greeting opens a message to someone whose name came from a form that
// anyone can fill with any address. The company's mail must not carry a
// stranger's text, so the name is used only when it looks like a name:
// letters, marks, symbols (emoji), spaces, the punctuation names use, and
// a full stop only at the end of an initial. Anything that could become a
// link (a scheme, an address, a dot between letters in any script),
// digits, controls and markup give a greeting without the name.
func greeting(fullName string) string {
	name := strings.Join(strings.Fields(fullName), " ")
	if utf8.RuneCountInString(name) > greetingNameMax {
		name, _, _ = strings.Cut(name, " ")
	}
	if name == "" || utf8.RuneCountInString(name) > greetingNameMax || !looksLikeName(name) {
		return "Hello,"
	}
	return "Hi " + name + ","
}

func looksLikeName(name string) bool {
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case unicode.IsLetter(r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Mc, r), unicode.Is(unicode.So, r):
		case r == ' ', r == '\'', r == '’', r == '-', r == '‐', r == '·', r == '・', r == '\u200d':
		case r == '.':
			// "J. R. Tolkien" and "Jr." end an initial; "evil.example"
			// does not.
			if i+1 < len(runes) && runes[i+1] != ' ' {
				return false
			}
		default:
			return false
		}
	}
	return true
}
