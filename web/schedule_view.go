package web

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"example.com/careers/internal/i18n"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/scheduling"
)

// InterviewBookingView is the student's interview round on their page:
// the booked time, or the open times to choose from, in their zone.
type InterviewBookingView struct {
	Booking *scheduling.Booking
	Open    []scheduling.Slot
	Loc     *time.Location
	Now     time.Time
	Rules   scheduling.Rules
}

// SlotDay is the open times of one day, in the student's zone.
type SlotDay struct {
	Label string
	Slots []scheduling.Slot
}

// Days groups the open times by day in the page's zone, each day
// labelled in ctx's language.
func (v InterviewBookingView) Days(ctx context.Context) []SlotDay {
	p := Printer(ctx)
	var days []SlotDay
	for _, sl := range v.Open {
		if v.Booking != nil && sl.ID == v.Booking.Slot.ID {
			continue
		}
		label := upperFirst(longDay(p, sl.Start.In(v.Loc)))
		if len(days) == 0 || days[len(days)-1].Label != label {
			days = append(days, SlotDay{Label: label})
		}
		days[len(days)-1].Slots = append(days[len(days)-1].Slots, sl)
	}
	return days
}

// longDay writes t's day with its weekday ("Monday, January 2, 2006",
// "lunes, 2 de enero de 2006"); t is read as it is, in its own zone.
func longDay(p *i18n.Printer, t time.Time) string {
	return p.T("status.day", "Weekday", p.Weekday(t.Weekday()), "Date", p.Date(t))
}

// upperFirst capitalises s's first letter, for a label that starts a
// line ("lunes, …" is "Lunes, …" as a heading).
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// SlotLabel is a time as the picker shows it: "9:00 AM to 9:45 AM PST
// (45 minutes)".
func (v InterviewBookingView) SlotLabel(ctx context.Context, sl scheduling.Slot) string {
	p := Printer(ctx)
	start, end := sl.Start.In(v.Loc), sl.End.In(v.Loc)
	return p.N("booking.slot", int(sl.Length()/time.Minute), "Start", p.Clock(start), "End", p.Clock(end), "Zone", end.Format("MST"))
}

// CanChange reports whether the booking can still be moved or cancelled
// on the page.
func (v InterviewBookingView) CanChange() bool {
	return v.Booking != nil && v.Booking.Slot.Start.After(v.Now.Add(v.Rules.Cutoff))
}

// MovesLeft is how many more times the booking may be moved.
func (v InterviewBookingView) MovesLeft() int {
	if v.Booking == nil {
		return 0
	}
	return max(v.Rules.MaxReschedules-v.Booking.Reschedules, 0)
}

// ChangeUntil is the last moment to move or cancel, in ctx's language.
func (v InterviewBookingView) ChangeUntil(ctx context.Context) string {
	return Printer(ctx).Moment(v.Booking.Slot.Start.Add(-v.Rules.Cutoff), v.Loc)
}

// IsLink reports whether a place is a video link.
func IsLink(place string) bool { return strings.HasPrefix(place, "https://") }

// RoleScheduleView is a role's interview times for recruiters.
type RoleScheduleView struct {
	Chrome Chrome
	Role   roles.Role
	Slots  []scheduling.Slot
	Booked map[int64][]scheduling.Booked
	// NotBooked are the students in a round who have not chosen a time.
	NotBooked []scheduling.Waiting
	Staff     []StaffChoice
	Zones     []ZoneChoice
	Form      SlotForm
	Error     string
	Flash     string
	Loc       *time.Location
}

// SlotForm is the add-times form as typed (scheduling's, which reads it).
type SlotForm = scheduling.SlotForm

// Weekday is a checkbox of the pattern.
type Weekday struct {
	Value, Label string
}

// Weekdays are the pattern's days, Monday first.
var Weekdays = []Weekday{{"1", "Monday"}, {"2", "Tuesday"}, {"3", "Wednesday"}, {"4", "Thursday"}, {"5", "Friday"}, {"6", "Saturday"}, {"0", "Sunday"}}

// ScheduleView is an interviewer's own upcoming interviews.
type ScheduleView struct {
	Chrome Chrome
	Slots  []scheduling.Slot
	Booked map[int64][]scheduling.Booked
	Loc    *time.Location
	Now    time.Time
	// Roles, Form and Zones make the form publishing one's own times.
	Roles []roles.Choice
	Form  SlotForm
	Zones []ZoneChoice
	Error string
	Flash string
}

// Day labels a slot's day in the view's zone.
func (v ScheduleView) Day(sl scheduling.Slot) string {
	return sl.Start.In(v.Loc).Format("Monday, January 2")
}

// SlotView is one interview time with who booked it.
type SlotView struct {
	Chrome   Chrome
	Role     roles.Role
	Slot     scheduling.Slot
	Bookings []scheduling.SlotBooking
	Loc      *time.Location
}

// ScheduleGroup is a part of an interviewer's schedule: today, this
// week, later.
type ScheduleGroup struct {
	Label string
	Slots []scheduling.Slot
}

// Groups splits the schedule into today, the next seven days and later,
// by the calendar day in the view's zone.
func (v ScheduleView) Groups() []ScheduleGroup {
	now := v.Now.In(v.Loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, v.Loc)
	tomorrow, week := today.AddDate(0, 0, 1), today.AddDate(0, 0, 8)
	groups := []ScheduleGroup{{Label: "Today"}, {Label: "This week"}, {Label: "Later"}}
	for _, sl := range v.Slots {
		switch start := sl.Start.In(v.Loc); {
		case start.Before(tomorrow):
			groups[0].Slots = append(groups[0].Slots, sl)
		case start.Before(week):
			groups[1].Slots = append(groups[1].Slots, sl)
		default:
			groups[2].Slots = append(groups[2].Slots, sl)
		}
	}
	return groups
}
