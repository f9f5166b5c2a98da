package scheduling

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

// Person is an organizer or attendee of an invitation.
type Person struct {
	Name, Email string
}

// Invite is one calendar message about a booking (RFC 5545, with the
// RFC 5546 method): REQUEST for a new or moved interview, CANCEL for a
// cancelled one. The same UID for the booking's whole life and a higher
// Sequence for each change let every calendar replace the earlier one.
type Invite struct {
	Cancel      bool
	UID         string
	Sequence    int
	Start, End  time.Time
	Stamp       time.Time
	Summary     string
	Description string
	Location    string
	Organizer   Person
	Attendees   []Person
}

// Method is the invitation's iTIP method.
func (i Invite) Method() string {
	if i.Cancel {
		return "CANCEL"
	}
	return "REQUEST"
}

// ICS writes the invitation as an iCalendar object: go-ical encodes it
// (text escaped, parameters quoted, CRLF line ends), and fold keeps each
// line within 75 octets. Times are in UTC; each calendar shows them in
// its owner's zone.
func (i Invite) ICS() (string, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//Careers//Interviews//EN")
	cal.Props.SetText(ical.PropMethod, i.Method())

	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, i.UID)
	ev.Props.SetDateTime(ical.PropDateTimeStamp, i.Stamp.UTC())
	ev.Props.Set(&ical.Prop{Name: ical.PropSequence, Params: ical.Params{}, Value: strconv.Itoa(i.Sequence)})
	ev.Props.SetDateTime(ical.PropDateTimeStart, i.Start.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeEnd, i.End.UTC())
	ev.Props.SetText(ical.PropSummary, i.Summary)
	ev.Props.SetText(ical.PropDescription, i.Description)
	if i.Location != "" {
		ev.Props.SetText(ical.PropLocation, i.Location)
	}
	status := "CONFIRMED"
	if i.Cancel {
		status = "CANCELLED"
	}
	ev.Props.SetText(ical.PropStatus, status)
	organizer := ical.NewProp(ical.PropOrganizer)
	organizer.Value = "mailto:" + i.Organizer.Email
	organizer.Params.Set(ical.ParamCommonName, paramText(i.Organizer.Name))
	ev.Props.Set(organizer)
	for _, a := range i.Attendees {
		p := ical.NewProp(ical.PropAttendee)
		p.Value = "mailto:" + a.Email
		p.Params.Set(ical.ParamCommonName, paramText(a.Name))
		p.Params.Set(ical.ParamCalendarUserType, "INDIVIDUAL")
		p.Params.Set(ical.ParamRole, "REQ-PARTICIPANT")
		p.Params.Set(ical.ParamParticipationStatus, "NEEDS-ACTION")
		p.Params.Set(ical.ParamRSVP, "TRUE")
		ev.Props.Add(p)
	}
	cal.Children = append(cal.Children, ev.Component)

	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return "", err
	}
	return fold(buf.String()), nil
}

// paramText makes a name fit a parameter value: RFC 5545 allows no
// double quote and no control character there (the encoder quotes
// values with commas, semicolons or colons).
func paramText(s string) string {
	s = strings.ReplaceAll(s, `"`, "'")
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// fold breaks each CRLF-ended line longer than 75 octets into lines of at
// most 75 octets, each continuation starting with a space (RFC 5545
// section 3.1), never inside a UTF-8 character.
func fold(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\r\n") {
		body := strings.TrimSuffix(line, "\r\n")
		limit := 75
		for len(body) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
			b.WriteString(body[:cut])
			b.WriteString("\r\n ")
			body = body[cut:]
			limit = 74 // the leading space counts
		}
		b.WriteString(body)
		if strings.HasSuffix(line, "\r\n") {
			b.WriteString("\r\n")
		}
	}
	return b.String()
}
