// Package replyby keeps the promise that no application sits unanswered:
// each stage's service level in working days (defaults in the site's
// content, a role may set its own), the working-day calendar that skips
// weekends and listed holidays, each open application's reply-by moment
// (applications.reply_by, refreshed whenever what it counts from
// changes), the recruiters' late list and the daily digest job.
package replyby

import (
	"time"
)

// Calendar counts working days in the program's time zone: Monday to
// Friday, except the listed holidays.
type Calendar struct {
	Loc *time.Location
	// Holidays are calendar days (midnight UTC, as content.Date holds
	// them) that are not working days.
	Holidays map[time.Time]bool
}

// NewCalendar returns the calendar of loc with holidays, each a calendar
// day whatever its clock time.
func NewCalendar(loc *time.Location, holidays []time.Time) Calendar {
	c := Calendar{Loc: loc, Holidays: map[time.Time]bool{}}
	for _, h := range holidays {
		c.Holidays[day(h.Year(), h.Month(), h.Day())] = true
	}
	return c
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Working reports whether the calendar day of d (its year, month and
// day, read in any zone) is a working day.
func (c Calendar) Working(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !c.Holidays[day(d.Year(), d.Month(), d.Day())]
}

// Due is the reply-by moment for days working days after start: the end
// of the days-th working day after start's own day, in the calendar's
// zone (the midnight that ends it, so a reply any time that day is on
// time). Applying on a Saturday counts from Monday, like applying on a
// Friday. Days are calendar days in the zone, so a daylight-saving
// change in between moves nothing.
func (c Calendar) Due(start time.Time, days int) time.Time {
	local := start.In(c.Loc)
	y, m, d := local.Date()
	for n := 0; n < days; {
		d++
		if c.Working(time.Date(y, m, d, 12, 0, 0, 0, c.Loc)) {
			n++
		}
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, c.Loc).UTC()
}

// LastDay is the calendar day a Due moment ends, in the calendar's zone:
// the date to tell a student.
func (c Calendar) LastDay(due time.Time) time.Time {
	return due.In(c.Loc).Add(-time.Nanosecond)
}

// WorkingDaysBetween counts the working days after from's day up to and
// including to's day (0 when to is on or before from's day): how late a
// reply is, or how near.
func (c Calendar) WorkingDaysBetween(from, to time.Time) int {
	f, t := from.In(c.Loc), to.In(c.Loc)
	y, m, d := f.Date()
	n := 0
	for cur := time.Date(y, m, d+1, 12, 0, 0, 0, c.Loc); !cur.After(time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, c.Loc)); cur = time.Date(cur.Year(), cur.Month(), cur.Day()+1, 12, 0, 0, 0, c.Loc) {
		if c.Working(cur) {
			n++
		}
	}
	return n
}
