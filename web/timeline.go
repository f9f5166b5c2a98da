package web

import (
	"fmt"

	"example.com/careers/internal/content"
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
	Name, Summary string
	First, Last   content.Date
	// State is "past", "current" or "upcoming".
	State string
	// Day and Days say how far into the current step today is.
	Day, Days int
}

// Current reports whether the step is where the season stands today.
func (s TimelineStep) Current() bool { return s.State == "current" }

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
	copyByPhase := []struct {
		phase         content.Phase
		name, summary string
	}{
		{content.Posting, "Roles go live",
			"Intern roles are posted on a rolling basis, and each one opens for applications the day it appears."},
		{content.Recruiting, "Applications and interviews",
			"Apply to the roles that fit you. Teams review applications as they arrive: take-home assessments and interview rounds run all season."},
		{content.Offers, "Offers and getting ready",
			"Recruiting has closed. Offers are settled and new interns get ready for the summer."},
		{content.Internship, fmt.Sprintf("Your %d-week summer", season.InternshipWeeks()),
			"Interns join their teams as full members, with mentors beside them and events all summer long."},
	}
	for _, c := range copyByPhase {
		first, last := season.Span(c.phase)
		step := TimelineStep{Name: c.name, Summary: c.summary, First: first, Last: last}
		switch {
		case c.phase < phase:
			step.State = "past"
		case c.phase == phase:
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

// Summary is the one-line "we are here" sentence.
func (t Timeline) Summary() string {
	switch t.Phase {
	case content.BeforePosting:
		return fmt.Sprintf("Roles for %s are not posted yet. The first ones usually go live around %s.",
			t.SeasonName, longDate(t.NextPosting))
	case content.Posting:
		return fmt.Sprintf("Roles for %s are going live now. Applications open as soon as each role is posted.", t.SeasonName)
	case content.Recruiting:
		return fmt.Sprintf("The %s recruiting season is under way: roles are open and interviews are running. Recruiting continues until %s.",
			t.SeasonName, longDate(t.RecruitingCloses))
	case content.Offers:
		return fmt.Sprintf("Recruiting for %s has closed. Roles for next summer usually start posting in mid-August.", t.SeasonName)
	case content.Internship:
		return fmt.Sprintf("The %s internship is under way.", t.SeasonName)
	default:
		return fmt.Sprintf("%s is complete. Roles for next summer usually start posting in mid-August.", t.SeasonName)
	}
}

func longDate(d content.Date) string { return d.Format("January 2, 2006") }

func shortDate(d content.Date) string { return d.Format("Jan 2, 2006") }

func isoDate(d content.Date) string { return d.Format("2006-01-02") }
