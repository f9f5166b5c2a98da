package roles

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSlugsMadeAreValid: BySlug refuses, without a query, any slug not
// of the stored shape; so every slug Slugify makes, with the numbered
// suffix freeSlug may add, must have it, or its role would answer 404.
func TestSlugsMadeAreValid(t *testing.T) {
	titles := []string{"Software Engineering Intern, TV Apps", "Café Crème — R&D", "  ---  ", "数据", "a", "9",
		strings.Repeat("Long Title ", 40), strings.Repeat("x", 200), "Ünïcödé -- Intern --", "\x00\xff bytes"}
	rng := rand.NewChaCha8([32]byte{1, 2})
	for i := range 2000 {
		b := make([]byte, i%120)
		_, _ = rng.Read(b)
		titles = append(titles, string(b))
	}
	for _, title := range titles {
		s := Slugify(title)
		base := strings.TrimRight(s[:min(len(s), 100)], "-")
		for _, slug := range []string{s, base, base + "-2", base + "-117"} {
			if !ValidSlug(slug) {
				t.Fatalf("Slugify(%q) led to %q, which BySlug would never find", title, slug)
			}
		}
	}
	for _, bad := range []string{"", "-a", "a-", "a--b", "A", "a b", "a\x00b", "a/b", "é", strings.Repeat("a", 121)} {
		if ValidSlug(bad) {
			t.Errorf("ValidSlug(%q) = true", bad)
		}
	}
}
