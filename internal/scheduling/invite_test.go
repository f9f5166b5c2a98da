package scheduling_test

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"example.com/careers/internal/scheduling"
)

// TestInviteLifecycleParses writes the invite, the update and the
// cancel of one booking and reads each back with go-ical's decoder:
// same UID, SEQUENCE 0, 1, 2, METHOD REQUEST, REQUEST, CANCEL, the right
// instants, and text with commas, semicolons, newlines and non-ASCII
// letters intact; lines are folded at 75 octets and end in CRLF.
func TestInviteLifecycleParses(t *testing.T) {
	start := time.Date(2026, 11, 2, 17, 0, 0, 0, time.UTC)
	base := scheduling.Invite{
		UID: "k3J9-booking@interviews", Start: start, End: start.Add(45 * time.Minute), Stamp: start.Add(-72 * time.Hour),
		Summary:     "Interview, round 1: Playback Intern; with Chidinma O'Connor-Nakamura",
		Description: "Join by video: https://meet.example.com/abc\nTo move or cancel it, open your application's private page, the link in our emails; thank you, Zoë 山田.",
		Location:    "https://meet.example.com/abc",
		Organizer:   scheduling.Person{Name: "Internships, Program Team", Email: "internships@careers.example"},
		Attendees: []scheduling.Person{
			{Name: "Zoë Ñúñez-山田; \"Z\"", Email: "zoe@example.edu"},
			{Name: "Chidinma O'Connor-Nakamura", Email: "chidinma@careers.example"},
		},
	}
	update := base
	update.Sequence, update.Start, update.End = 1, start.Add(24*time.Hour), start.Add(24*time.Hour+45*time.Minute)
	cancel := update
	cancel.Sequence, cancel.Cancel = 2, true

	for i, inv := range []scheduling.Invite{base, update, cancel} {
		raw, err := inv.ICS()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(raw, "\r\n") || strings.Count(raw, "\n") != strings.Count(raw, "\r\n") {
			t.Errorf("invite %d: lines do not all end in CRLF", i)
		}
		folded := false
		for _, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
			if len(line) > 75 {
				t.Errorf("invite %d: a line of %d octets: %q", i, len(line), line)
			}
			folded = folded || strings.HasPrefix(line, " ")
		}
		if !folded {
			t.Errorf("invite %d: nothing was folded: the test proves nothing", i)
		}
		cal, err := ical.NewDecoder(strings.NewReader(raw)).Decode()
		if err != nil {
			t.Fatalf("invite %d does not parse: %v\n%s", i, err, raw)
		}
		if m, _ := cal.Props.Text(ical.PropMethod); m != []string{"REQUEST", "REQUEST", "CANCEL"}[i] || inv.Method() != m {
			t.Errorf("invite %d: METHOD %q", i, m)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("invite %d: %d events", i, len(evs))
		}
		ev := evs[0]
		text := func(name string) string {
			v, err := ev.Props.Text(name)
			if err != nil {
				t.Errorf("invite %d: %s: %v", i, name, err)
			}
			return v
		}
		if got, err := ev.DateTimeStart(time.UTC); err != nil || !got.Equal(inv.Start) {
			t.Errorf("invite %d: DTSTART %v (%v), want %v", i, got, err, inv.Start)
		}
		if got, err := ev.DateTimeEnd(time.UTC); err != nil || !got.Equal(inv.End) {
			t.Errorf("invite %d: DTEND %v (%v), want %v", i, got, err, inv.End)
		}
		if !strings.HasSuffix(ev.Props.Get(ical.PropDateTimeStart).Value, "Z") {
			t.Errorf("invite %d: DTSTART not in UTC", i)
		}
		if text(ical.PropUID) != base.UID || ev.Props.Get(ical.PropSequence).Value != []string{"0", "1", "2"}[i] {
			t.Errorf("invite %d: UID %q SEQUENCE %q", i, text(ical.PropUID), ev.Props.Get(ical.PropSequence).Value)
		}
		if text(ical.PropSummary) != base.Summary || text(ical.PropDescription) != base.Description {
			t.Errorf("invite %d: text does not round-trip:\n%q\n%q", i, text(ical.PropSummary), text(ical.PropDescription))
		}
		var names []string
		for _, a := range ev.Props.Values(ical.PropAttendee) {
			names = append(names, a.Params.Get(ical.ParamCommonName))
		}
		if want := "Zoë Ñúñez-山田; 'Z'|Chidinma O'Connor-Nakamura"; strings.Join(names, "|") != want {
			t.Errorf("invite %d: attendees %q, want %q", i, strings.Join(names, "|"), want)
		}
		if org := ev.Props.Get(ical.PropOrganizer); org.Params.Get(ical.ParamCommonName) != "Internships, Program Team" {
			t.Errorf("invite %d: organizer %q", i, org.Params.Get(ical.ParamCommonName))
		}
		if st := text(ical.PropStatus); st != []string{"CONFIRMED", "CONFIRMED", "CANCELLED"}[i] {
			t.Errorf("invite %d: STATUS %q", i, st)
		}
	}
}
