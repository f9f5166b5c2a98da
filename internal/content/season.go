package content

import (
	"errors"
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// Date is a calendar day without a time, as written in site.yaml
// (2006-01-02). It is stored as midnight UTC so days compare simply.
type Date struct{ time.Time }

// UnmarshalYAML reads a YYYY-MM-DD string.
func (d *Date) UnmarshalYAML(node *yaml.Node) error {
	var s string
	if err := node.Decode(&s); err != nil {
		return err
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	d.Time = t
	return nil
}

// DayOf returns the calendar day t falls on in loc.
func DayOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// Season is one year's program: when roles post, when recruiting ends and
// when the summer runs. The dates live in content/site.yaml.
type Season struct {
	// Name is how the season is called, such as "Summer 2027".
	Name string `yaml:"name"`
	// PostingOpens is the day the first roles usually go live (mid-August).
	PostingOpens Date `yaml:"posting_opens"`
	// PostingSettles is the day by which most roles are live (early September).
	PostingSettles Date `yaml:"posting_settles"`
	// RecruitingCloses is the last day of the recruiting season (end of March).
	RecruitingCloses Date `yaml:"recruiting_closes"`
	// InternshipStarts is the first day of the summer internship.
	InternshipStarts Date `yaml:"internship_starts"`
	// InternshipEnds is the last day of the summer internship.
	InternshipEnds Date `yaml:"internship_ends"`
}

// Phase is where a day falls in the season.
type Phase int

// The phases of a season, in order.
const (
	BeforePosting Phase = iota // roles are not posted yet
	Posting                    // roles are going live, mid-August to early September
	Recruiting                 // applications and interviews, through the end of March
	Offers                     // recruiting closed; offers settle, interns get ready
	Internship                 // the summer itself
	After                      // the summer is over
)

func (s Season) validate() error {
	if s.Name == "" {
		return errors.New("season: name is missing")
	}
	order := []struct {
		name string
		d    Date
	}{
		{"posting_opens", s.PostingOpens},
		{"posting_settles", s.PostingSettles},
		{"recruiting_closes", s.RecruitingCloses},
		{"internship_starts", s.InternshipStarts},
		{"internship_ends", s.InternshipEnds},
	}
	for i, o := range order {
		if o.d.IsZero() {
			return fmt.Errorf("season: %s is missing", o.name)
		}
		if i == 0 {
			continue
		}
		if prev := order[i-1]; !o.d.After(prev.d.Time) { //nolint:gosec // G602: i > 0 here
			return fmt.Errorf("season: %s must come after %s", o.name, prev.name)
		}
	}
	return nil
}

// PhaseOn tells which phase day falls in. Each boundary day belongs to the
// phase it opens, except the closing days, which belong to the phase they end.
func (s Season) PhaseOn(day Date) Phase {
	switch {
	case day.Before(s.PostingOpens.Time):
		return BeforePosting
	case day.Before(s.PostingSettles.Time):
		return Posting
	case !day.After(s.RecruitingCloses.Time):
		return Recruiting
	case day.Before(s.InternshipStarts.Time):
		return Offers
	case !day.After(s.InternshipEnds.Time):
		return Internship
	default:
		return After
	}
}

// Span returns the first and last day of phase p. BeforePosting and After
// are open-ended and report zero dates for their open side.
func (s Season) Span(p Phase) (first, last Date) {
	day := 24 * time.Hour
	switch p {
	case BeforePosting:
		return Date{}, Date{s.PostingOpens.Add(-day)}
	case Posting:
		return s.PostingOpens, Date{s.PostingSettles.Add(-day)}
	case Recruiting:
		return s.PostingSettles, s.RecruitingCloses
	case Offers:
		return Date{s.RecruitingCloses.Add(day)}, Date{s.InternshipStarts.Add(-day)}
	case Internship:
		return s.InternshipStarts, s.InternshipEnds
	default:
		return Date{s.InternshipEnds.Add(day)}, Date{}
	}
}

// InternshipWeeks is the length of the summer, rounded to whole weeks.
func (s Season) InternshipWeeks() int {
	days := s.InternshipEnds.Sub(s.InternshipStarts.Time).Hours()/24 + 1
	return int((days + 3) / 7)
}
