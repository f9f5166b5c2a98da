package content

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// KitText is a kit as recruiters edit it in a form: the purpose, one
// question per line, and one attribute per line as
// "group | name | what good looks like" (group: technical, role or
// behavioral).
type KitText struct {
	Purpose, Questions, Attributes string
}

// Text writes k for the form.
func (k Kit) Text() KitText {
	var attrs []string
	for _, a := range k.Attributes {
		attrs = append(attrs, a.Group+" | "+a.Name+" | "+a.Good)
	}
	return KitText{Purpose: k.Purpose, Questions: strings.Join(k.Questions, "\n"), Attributes: strings.Join(attrs, "\n")}
}

// Parse reads a kit from the form, or says what is wrong in words for
// the recruiter.
func (t KitText) Parse() (Kit, string) {
	k := Kit{Purpose: strings.TrimSpace(t.Purpose)}
	if k.Purpose == "" || len([]rune(k.Purpose)) > 1000 {
		return k, "Write the stage's purpose, in at most 1,000 characters."
	}
	for _, q := range strings.Split(t.Questions, "\n") {
		if q = strings.TrimSpace(q); q != "" {
			k.Questions = append(k.Questions, q)
		}
	}
	if len(k.Questions) > 30 {
		return k, "Keep to at most 30 questions."
	}
	seen := map[string]bool{}
	for n, line := range strings.Split(t.Attributes, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 {
			return k, fmt.Sprintf("Attribute line %d: write it as group | name | what good looks like.", n+1)
		}
		a := Attribute{Group: strings.ToLower(strings.TrimSpace(parts[0])), Name: strings.TrimSpace(parts[1]), Good: strings.TrimSpace(parts[2])}
		if !slices.Contains(AttributeGroups, a.Group) {
			return k, fmt.Sprintf("Attribute line %d: the group is technical, role or behavioral.", n+1)
		}
		if a.Name == "" || a.Good == "" || len([]rune(a.Name)) > 100 || len([]rune(a.Good)) > 500 {
			return k, fmt.Sprintf("Attribute line %d: give a name (up to 100 characters) and what good looks like (up to 500).", n+1)
		}
		a.Key = attributeKey(a.Name)
		if a.Key == "" || seen[a.Key] {
			return k, fmt.Sprintf("Attribute line %d: each attribute needs a name of its own.", n+1)
		}
		seen[a.Key] = true
		k.Attributes = append(k.Attributes, a)
	}
	if len(k.Attributes) == 0 || len(k.Attributes) > 20 {
		return k, "List one to twenty attributes to rate."
	}
	return k, ""
}

// attributeKey names an attribute in forms and stored ratings: its name
// in lower-case letters and digits joined by underscores.
func attributeKey(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
		} else {
			under = true
		}
	}
	return b.String()
}
