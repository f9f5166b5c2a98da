package web

import (
	"context"
	"strconv"
	"strings"

	"example.com/careers/internal/content"
	"example.com/careers/internal/i18n"
)

// TimelineView is the view model of /timeline.
type TimelineView struct {
	Chrome   Chrome
	Page     *content.Page
	Timeline Timeline
}

// Timeline is the season laid out as steps, with today's place in it.
type Timeline struct {
	SeasonName string
	Today      content.Date
	Phase      content.Phase
	// Before and After are true when today is outside the season's steps.
	Before, After bool
	// NextPosting is when roles usually start going live.
	NextPosting content.Date
	// RecruitingCloses is the last day of the recruiting season.
	RecruitingCloses content.Date
	Steps            []TimelineStep
}

// TimelineStep is one phase of the season as the page shows it.
type TimelineStep struct {
	Phase       content.Phase
	First, Last content.Date
	// State is "past", "current" or "upcoming".
	State string
	// Day and Days say how far into the current step today is.
	Day, Days int
	// weeks is the internship's length, for its step's name.
	weeks int
}

// Current reports whether the step is where the season stands today.
func (s TimelineStep) Current() bool { return s.State == "current" }

// stepIDs are each step's catalog name, by phase.
var stepIDs = map[content.Phase]string{
	content.Posting:    "posting",
	content.Recruiting: "recruiting",
	content.Offers:     "offers",
	content.Internship: "internship",
}

// Name is the step's heading in ctx's language.
func (s TimelineStep) Name(ctx context.Context) string {
	return T(ctx, "browse.timeline.step."+stepIDs[s.Phase]+"_name", "Weeks", Printer(ctx).Number(s.weeks))
}

// Summary is the step's sentence in ctx's language.
func (s TimelineStep) Summary(ctx context.Context) string {
	return T(ctx, "browse.timeline.step."+stepIDs[s.Phase]+"_summary")
}

// NewTimeline lays out season with today's place in it.
func NewTimeline(season content.Season, today content.Date) Timeline {
	phase := season.PhaseOn(today)
	t := Timeline{
		SeasonName:  season.Name,
		Today:       today,
		Phase:       phase,
		Before:      phase == content.BeforePosting,
		After:       phase == content.After,
		NextPosting: season.PostingOpens,
		// The last day of the recruiting season.
		RecruitingCloses: season.RecruitingCloses,
	}
	for _, p := range []content.Phase{content.Posting, content.Recruiting, content.Offers, content.Internship} {
		first, last := season.Span(p)
		step := TimelineStep{Phase: p, First: first, Last: last, weeks: season.InternshipWeeks()}
		switch {
		case p < phase:
			step.State = "past"
		case p == phase:
			step.State = "current"
			step.Day = int(today.Sub(first.Time).Hours()/24) + 1
			step.Days = int(last.Sub(first.Time).Hours()/24) + 1
		default:
			step.State = "upcoming"
		}
		t.Steps = append(t.Steps, step)
	}
	return t
}

// OutsidePosting reports whether roles are not being posted now, when
// signing up for alerts is the most useful thing to offer.
func (t Timeline) OutsidePosting() bool {
	return t.Phase != content.Posting && t.Phase != content.Recruiting
}

// Summary is the one-line "we are here" sentence, in ctx's language.
func (t Timeline) Summary(ctx context.Context) string {
	p := Printer(ctx)
	switch t.Phase {
	case content.BeforePosting:
		return p.T("browse.timeline.summary.before", "Season", t.SeasonName, "Date", longDate(p, t.NextPosting))
	case content.Posting:
		return p.T("browse.timeline.summary.posting", "Season", t.SeasonName)
	case content.Recruiting:
		return p.T("browse.timeline.summary.recruiting", "Season", t.SeasonName, "Date", longDate(p, t.RecruitingCloses))
	case content.Offers:
		return p.T("browse.timeline.summary.offers", "Season", t.SeasonName)
	case content.Internship:
		return p.T("browse.timeline.summary.internship", "Season", t.SeasonName)
	default:
		return p.T("browse.timeline.summary.after", "Season", t.SeasonName)
	}
}

// longDate writes a calendar day in p's language: "August 17, 2026".
func longDate(p *i18n.Printer, d content.Date) string { return p.Date(d.Time) }

// shortDate writes a calendar day with the month abbreviated, as the
// timeline's steps do: "Aug 17, 2026", "17 ago 2026". The Printer has
// no short form, so the catalog's browse.timeline.* give the month names
// and the order.
func shortDate(ctx context.Context, d content.Date) string {
	months := strings.Fields(T(ctx, "browse.timeline.months_short"))
	month := Printer(ctx).Month(d.Month())
	if len(months) == 12 {
		month = months[d.Month()-1]
	}
	return T(ctx, "browse.timeline.date_short", "Month", month, "Day", strconv.Itoa(d.Day()), "Year", strconv.Itoa(d.Year()))
}

func isoDate(d content.Date) string { return d.Format("2006-01-02") }
