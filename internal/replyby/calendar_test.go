package replyby

import (
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDueSkipsWeekendsAndHolidays(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	cal := NewCalendar(la, []time.Time{date("2026-11-26"), date("2026-11-27"), date("2026-12-24"), date("2026-12-25"),
		date("2026-12-31"), date("2027-01-01")})
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, la)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name, start string
		days        int
		lastDay     string // the day the student is told, in Los Angeles
		dueUTC      string
	}{
		{"over Thanksgiving", "2026-11-25 10:00", 2, "2026-12-01", "2026-12-02T08:00:00Z"},
		{"applied on a Saturday counts from Monday", "2026-11-28 09:00", 1, "2026-11-30", "2026-12-01T08:00:00Z"},
		{"applied on a Friday evening", "2026-12-04 23:30", 1, "2026-12-07", "2026-12-08T08:00:00Z"},
		// 23:30 in Los Angeles is already the next day in UTC: the
		// program's own day counts.
		{"late at night", "2026-12-01 23:30", 1, "2026-12-02", "2026-12-03T08:00:00Z"},
		{"over Christmas and New Year", "2026-12-21 08:00", 10, "2027-01-08", "2027-01-09T08:00:00Z"},
		// Clocks go forward on Sunday 14 March 2027: the days still end at
		// local midnight, now seven hours from UTC.
		{"across the change to daylight time", "2027-03-12 16:00", 5, "2027-03-19", "2027-03-20T07:00:00Z"},
		{"across the change back", "2026-10-30 16:00", 1, "2026-11-02", "2026-11-03T08:00:00Z"},
	}
	for _, c := range cases {
		due := cal.Due(at(c.start), c.days)
		if got := due.Format(time.RFC3339); got != c.dueUTC {
			t.Errorf("%s: due %s, want %s", c.name, got, c.dueUTC)
		}
		if got := cal.LastDay(due).Format(time.DateOnly); got != c.lastDay {
			t.Errorf("%s: last day %s, want %s", c.name, got, c.lastDay)
		}
		if due.Location() != time.UTC {
			t.Errorf("%s: due is not stored in UTC", c.name)
		}
	}
	if n := cal.WorkingDaysBetween(at("2026-11-25 10:00"), at("2026-12-02 09:00")); n != 3 {
		t.Errorf("working days from the 25th to 2 December: %d, want 3 (30 Nov, 1 and 2 Dec)", n)
	}
	if n := cal.WorkingDaysBetween(at("2026-12-02 10:00"), at("2026-12-01 09:00")); n != 0 {
		t.Errorf("backwards: %d", n)
	}
}
