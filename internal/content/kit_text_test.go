package content

import "testing"

// TestKitTextRoundTrip: a kit written as text and read back is the same
// kit; attribute names in any script make keys; malformed lines are
// refused with their line number.
func TestKitTextRoundTrip(t *testing.T) {
	k := Kit{Purpose: "Talk about projects", Questions: []string{"Which one?", "Why?"}, Attributes: []Attribute{
		{Key: "problem_solving", Group: "technical", Name: "Problem solving", Good: "Breaks it down"},
		{Key: "協調性", Group: "behavioral", Name: "協調性", Good: "Works well with others"},
		{Key: "l_écoute", Group: "role", Name: "L'écoute", Good: "Listens | and answers"},
	}}
	back, problem := k.Text().Parse()
	if problem != "" {
		t.Fatal(problem)
	}
	if back.Purpose != k.Purpose || len(back.Questions) != 2 || len(back.Attributes) != 3 {
		t.Fatalf("round trip: %+v", back)
	}
	for i, a := range back.Attributes {
		if a != k.Attributes[i] {
			t.Errorf("attribute %d: %+v, want %+v", i, a, k.Attributes[i])
		}
	}
	for text, want := range map[string]string{
		"technical | Only a name":           "Attribute line 1: write it as group | name | what good looks like.",
		"role | A | a\nfeelings | B | b":    "Attribute line 2: the group is technical, role or behavioral.",
		"role | Same | a\nrole | same! | b": "Attribute line 2: each attribute needs a name of its own.",
		"":                                  "List one to twenty attributes to rate.",
	} {
		if _, problem := (KitText{Purpose: "p", Attributes: text}).Parse(); problem != want {
			t.Errorf("%q: %q, want %q", text, problem, want)
		}
	}
}
