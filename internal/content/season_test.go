package content

import (
	"testing"
	"time"
)

func day(s string) Date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return Date{t}
}

func TestPhaseOn(t *testing.T) {
	s := Season{
		Name:             "Summer 2027",
		PostingOpens:     day("2026-08-17"),
		PostingSettles:   day("2026-09-08"),
		RecruitingCloses: day("2027-03-31"),
		InternshipStarts: day("2027-06-07"),
		InternshipEnds:   day("2027-08-27"),
	}
	if err := s.validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		day  string
		want Phase
	}{
		{"2026-03-01", BeforePosting},
		{"2026-08-16", BeforePosting},
		{"2026-08-17", Posting},
		{"2026-09-07", Posting},
		{"2026-09-08", Recruiting},
		{"2026-11-24", Recruiting},
		{"2027-03-31", Recruiting},
		{"2027-04-01", Offers},
		{"2027-06-06", Offers},
		{"2027-06-07", Internship},
		{"2027-07-15", Internship},
		{"2027-08-27", Internship},
		{"2027-08-28", After},
	}
	for _, c := range cases {
		if got := s.PhaseOn(day(c.day)); got != c.want {
			t.Errorf("PhaseOn(%s) = %d, want %d", c.day, got, c.want)
		}
	}
	// Every phase's span must agree with PhaseOn at both ends.
	for p := Posting; p <= Internship; p++ {
		first, last := s.Span(p)
		if s.PhaseOn(first) != p || s.PhaseOn(last) != p {
			t.Errorf("span of phase %d (%s..%s) disagrees with PhaseOn", p, first.Format(time.DateOnly), last.Format(time.DateOnly))
		}
	}
}

// TestDayOfUsesSiteZone: at 02:00 UTC it is still the previous evening in
// California, and the timeline must say so.
func TestDayOfUsesSiteZone(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	got := DayOf(time.Date(2026, 9, 8, 2, 0, 0, 0, time.UTC), la)
	if got.Format(time.DateOnly) != "2026-09-07" {
		t.Fatalf("DayOf = %s", got.Format(time.DateOnly))
	}
}
