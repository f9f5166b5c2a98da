package scorecards

import (
	"slices"
	"testing"

	"example.com/careers/internal/content"
)

var kit = content.Kit{Purpose: "p", Attributes: []content.Attribute{
	{Key: "craft", Group: "role", Name: "Craft", Good: "g"},
	{Key: "kindness", Group: "behavioral", Name: "Kindness", Good: "g"},
	{Key: "depth", Group: "technical", Name: "Depth", Good: "g"},
}}

// TestSummarizeNamesDisagreements: counts per recommendation; an
// attribute is a disagreement only when one card says yes (or strong
// yes) and another no (or strong no); "not assessed" disagrees with
// nothing.
func TestSummarizeNamesDisagreements(t *testing.T) {
	cards := []Card{
		{Kit: kit, Recommendation: StrongYes, Ratings: map[string]string{"craft": StrongYes, "kindness": Yes, "depth": NotAssessed}},
		{Kit: kit, Recommendation: No, Ratings: map[string]string{"craft": No, "kindness": StrongYes, "depth": StrongNo}},
	}
	s := Summarize(cards)
	if s.Submitted != 2 || s.Counts[StrongYes] != 1 || s.Counts[No] != 1 {
		t.Fatalf("counts %+v", s)
	}
	if !slices.Equal(s.Disagree, []string{"Craft"}) {
		t.Fatalf("disagreements %v, want only Craft", s.Disagree)
	}
}

// TestCheckNeedsRatingsEvidenceAndAVerdict: every attribute rated on the
// scale, evidence for every rating but "not assessed", a recommendation;
// ratings for attributes not in the kit are dropped.
func TestCheckNeedsRatingsEvidenceAndAVerdict(t *testing.T) {
	in := Input{
		Ratings:  map[string]string{"craft": Yes, "kindness": "maybe", "depth": NotAssessed, "stray": Yes},
		Evidence: map[string]string{"craft": "  "},
	}
	p := in.Check(kit)
	if p["craft"] == "" || p["kindness"] == "" || p["depth"] != "" || p[""] == "" {
		t.Fatalf("problems %v", p)
	}
	if _, ok := in.Ratings["stray"]; ok {
		t.Fatal("a rating outside the kit was kept")
	}
	ok := Input{Ratings: map[string]string{"craft": Yes, "kindness": StrongNo, "depth": NotAssessed},
		Evidence: map[string]string{"craft": "Shipped it", "kindness": "Dismissive twice"}, Recommendation: No}
	if p := ok.Check(kit); p != nil {
		t.Fatalf("a complete card refused: %v", p)
	}
}
