package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/takehomes"
)

// RoleTakeHomeView is a role's take-home task in its editor.
type RoleTakeHomeView struct {
	Chrome Chrome
	Role   roles.Role
	// Has: the role has a task saved (files can then be attached).
	Has       bool
	Task      takehomes.Task
	Form      takehomes.TaskForm
	Errors    takehomes.Problems
	FileError string
	Flash     string
	Loc       *time.Location
}

// TakeHomeView is a take-home as one page shows it: the recruiter's
// application page, the interviewer's page or the student's status page.
type TakeHomeView struct {
	TakeHome *takehomes.TakeHome
	// TaskHTML is the task's markdown, rendered in safe mode.
	TaskHTML string
	Now      time.Time
	// Loc is the zone times are shown in (the student's on their page,
	// the site's on staff pages).
	Loc *time.Location
	// StudentLoc is the student's zone, on the recruiter's page.
	StudentLoc *time.Location
}

// State is the work's state now.
func (v TakeHomeView) State() string { return v.TakeHome.State(v.Now) }

// StateLabel words the state for staff.
func (v TakeHomeView) StateLabel() string {
	switch v.State() {
	case takehomes.StateSubmitted:
		return "Handed in on time"
	case takehomes.StateLate:
		return "Handed in late, by " + Duration(v.TakeHome.Late())
	case takehomes.StateMissing:
		return "Missing: nothing handed in by the due moment"
	}
	return "Waiting for the student's work"
}

// DueIn is the due moment in the page's zone and ctx's language.
func (v TakeHomeView) DueIn(ctx context.Context) string {
	return Printer(ctx).Moment(v.TakeHome.DueAt, v.Loc)
}

// Size writes a byte count for people.
func Size(n int) string {
	if n < 1024*1024 {
		return strconv.Itoa((n+1023)/1024) + " KB"
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// SizeIn is Size in ctx's language ("1.5 MB", "1,5 MB").
func SizeIn(ctx context.Context, n int) string {
	if n < 1024*1024 {
		return T(ctx, "status.size.kb", "Size", strconv.Itoa((n+1023)/1024))
	}
	whole, tenth, _ := strings.Cut(fmt.Sprintf("%.1f", float64(n)/(1024*1024)), ".")
	return T(ctx, "status.size.mb", "Whole", whole, "Tenth", tenth)
}

// Duration writes a short span for people: "12 minutes", "3 hours".
func Duration(d time.Duration) string {
	switch {
	case d < time.Hour:
		m := int(d.Round(time.Minute) / time.Minute)
		if m <= 1 {
			return "1 minute"
		}
		return strconv.Itoa(m) + " minutes"
	case d < 48*time.Hour:
		h := int(d.Round(time.Hour) / time.Hour)
		if h == 1 {
			return "1 hour"
		}
		return strconv.Itoa(h) + " hours"
	}
	return strconv.Itoa(int(d.Round(24*time.Hour)/(24*time.Hour))) + " days"
}

// ZoneChoice is one option of the time-zone select.
type ZoneChoice struct {
	Name, Label string
}

// commonZones are the zones offered first: the program's students are in
// the United States, and many study or live abroad. Any other IANA zone
// is accepted too (the browser may suggest one; see app.js).
var commonZones = []string{
	"Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Phoenix", "America/Denver",
	"America/Chicago", "America/New_York", "America/Puerto_Rico", "America/Toronto", "America/Mexico_City",
	"America/Bogota", "America/Sao_Paulo", "Europe/London", "Europe/Madrid", "Europe/Paris", "Europe/Berlin",
	"Africa/Lagos", "Africa/Nairobi", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai",
	"Asia/Seoul", "Asia/Tokyo", "Australia/Sydney", "UTC",
}

// ZoneChoices lists the zones to choose from, with now's offset, and
// chosen among them when it is not a common one.
func ZoneChoices(chosen string, now time.Time) []ZoneChoice {
	names := commonZones
	if chosen != "" && !slices.Contains(names, chosen) {
		names = append([]string{chosen}, names...)
	}
	out := make([]ZoneChoice, 0, len(names))
	for _, n := range names {
		loc, err := time.LoadLocation(n)
		if err != nil {
			continue
		}
		label := strings.ReplaceAll(n, "_", " ") + " (" + now.In(loc).Format("MST, UTC-07:00") + ")"
		out = append(out, ZoneChoice{Name: n, Label: label})
	}
	return out
}

// describedBy joins the ids of a field's hint and, when shown, its error.
func describedBy(hint string, hasError bool, errorID string) string {
	if hasError {
		return hint + " " + errorID
	}
	return hint
}

func decisionLabel(d string) string {
	if d == "granted" {
		return "Granted"
	}
	return "Declined"
}

// CanSendTakeHome reports whether the take-home can be sent from the
// application's stage.
func (v AdminAppView) CanSendTakeHome() bool {
	return v.App.ErasedAt == nil && (v.App.Stage == applications.Applied || v.App.Stage == applications.TakeHome)
}

// SuggestedDue is the new due moment offered for an extension: two days
// after the current one.
func (v AdminAppView) SuggestedDue() string {
	return DateTimeLocal(v.Take.TakeHome.DueAt.Add(48*time.Hour), v.Loc)
}
