package web

import (
	"time"

	"example.com/careers/internal/applications"
)

// Moment writes an instant for people, in loc, with the zone said twice:
// its abbreviation, which people know ("PST"), and its name, which is
// unambiguous ("America/Los_Angeles"); a due moment read in the wrong
// zone is a missed deadline.
//
// This is the English form, for staff pages; a student's page or mail
// writes Printer(ctx).Moment, in the student's language.
func Moment(t time.Time, loc *time.Location) string { return englishPrinter().Moment(t, loc) }

// StudentZone is the zone to show a student's times in: theirs when they
// chose one, else the site's.
func StudentZone(chosen string, site *time.Location) *time.Location {
	if chosen == "" {
		return site
	}
	if loc, err := applications.CheckTimeZone(chosen); err == nil {
		return loc
	}
	return site
}

// DateTimeLocal is t in loc as an <input type="datetime-local"> value.
func DateTimeLocal(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02T15:04")
}
