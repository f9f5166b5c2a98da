package scheduling

import (
	"strconv"
	"strings"
	"time"

	"example.com/careers/internal/applications"
)

// SlotForm is the add-times form as typed: one time, or a weekly pattern
// of them, for one interviewer.
type SlotForm struct {
	Account, Role, Stage, From, To, Times, Length, Place, Capacity, Zone string
	// Weekdays are the ticked days, "0" (Sunday) to "6".
	Weekdays map[string]bool
}

// Slots reads the add-times form into the slots it makes for role, or
// says what is wrong, in words for the person who typed it.
func (f SlotForm) Slots(roleID int64) ([]NewSlot, string) {
	account, err := strconv.ParseInt(f.Account, 10, 64)
	if err != nil || account <= 0 {
		return nil, "Choose the interviewer."
	}
	stage, ok := applications.ParseStage(f.Stage)
	if !ok || stage.Step() != 2 {
		return nil, "Choose the interview round."
	}
	loc, err := applications.CheckTimeZone(f.Zone)
	if err != nil {
		return nil, "Choose the time zone the times are in."
	}
	from, err := time.Parse("2006-01-02", strings.TrimSpace(f.From))
	if err != nil {
		return nil, "Give the first day."
	}
	to := from
	if strings.TrimSpace(f.To) != "" {
		if to, err = time.Parse("2006-01-02", strings.TrimSpace(f.To)); err != nil || to.Before(from) {
			return nil, "Give a last day on or after the first, or leave it empty."
		}
	}
	var days []time.Weekday
	for d := range f.Weekdays {
		if n, err := strconv.Atoi(d); err == nil && n >= 0 && n <= 6 {
			days = append(days, time.Weekday(n))
		}
	}
	if len(days) == 0 {
		days = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}
	}
	minutes, err := strconv.Atoi(f.Length)
	if err != nil || minutes < 10 || minutes > 480 {
		return nil, "Choose the length."
	}
	capacity, err := strconv.Atoi(strings.TrimSpace(f.Capacity))
	if err != nil || capacity < 1 || capacity > 200 {
		return nil, "Give the number of seats, from 1 to 200."
	}
	if strings.TrimSpace(f.Place) == "" {
		return nil, "Say where: a room, or the video link."
	}
	starts, err := Pattern{From: from, To: to, Weekdays: days, Times: strings.Split(f.Times, ","), Location: loc}.Starts()
	if err != nil {
		return nil, "Give the start times as HH:MM, separated by commas (" + err.Error() + ")."
	}
	if len(starts) == 0 {
		return nil, "These days and times make no interview time: check the weekdays and the range."
	}
	slots := make([]NewSlot, len(starts))
	for i, at := range starts {
		slots[i] = NewSlot{RoleID: roleID, Stage: stage, AccountID: account, Start: at,
			Length: time.Duration(minutes) * time.Minute, Place: f.Place, Capacity: capacity}
	}
	return slots, ""
}
