// Package offers holds internship offers: written out from the role when
// made, with a decision window the career offices ask for (14 days
// unless a shorter one's reason is recorded), accepted or declined by
// the student on their own page after a confirmation, extended once on
// request, reminded before it ends and marked when it lapses, recruiters
// told; the SQL for offers.
package offers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// States of an offer.
const (
	Open     = "open"
	Accepted = "accepted"
	Declined = "declined"
	Expired  = "expired"
)

// Defaults.
const (
	DefaultWindow = 14 * 24 * time.Hour
	// RemindBefore is when the student is reminded before the end.
	RemindBefore = 48 * time.Hour
	// MinWindow: even a short window leaves a day and a night.
	MinWindow      = 24 * time.Hour
	MaxReasonRunes = 1000
)

// Errors.
var (
	ErrNotFound      = errors.New("no offer")
	ErrShortWindow   = errors.New("a window shorter than the program's needs a reason")
	ErrTooShort      = fmt.Errorf("an offer stays open at least %s", MinWindow)
	ErrNotOpen       = errors.New("the offer is no longer open")
	ErrAlreadyAsked  = errors.New("more time was already asked for")
	ErrNoReason      = errors.New("say why more time would help")
	ErrNotLater      = errors.New("a new end must be later than the current one")
	ErrNoRequest     = errors.New("no request for more time waits")
	ErrAlreadyExists = errors.New("this application already has an offer")
)

// Offer is an offer and what became of it.
type Offer struct {
	ApplicationID        int64      `db:"application_id"`
	Body                 string     `db:"body"`
	MadeAt               time.Time  `db:"made_at"`
	MadeBy               string     `db:"made_by"`
	ExpiresAt            time.Time  `db:"expires_at"`
	ShortWindowReason    *string    `db:"short_window_reason"`
	State                string     `db:"state"`
	DecidedAt            *time.Time `db:"decided_at"`
	ExtensionReason      *string    `db:"extension_reason"`
	ExtensionRequestedAt *time.Time `db:"extension_requested_at"`
	ExtensionDecision    *string    `db:"extension_decision"`
}

// OpenAt reports whether the student may still decide at now.
func (o Offer) OpenAt(now time.Time) bool { return o.State == Open && now.Before(o.ExpiresAt) }

// CanAskForMore reports whether the student may still ask for more time.
func (o Offer) CanAskForMore(now time.Time) bool {
	return o.OpenAt(now) && o.ExtensionRequestedAt == nil
}

// ExtensionWaiting reports whether a request for more time waits for a
// recruiter.
func (o Offer) ExtensionWaiting() bool {
	return o.State == Open && o.ExtensionRequestedAt != nil && o.ExtensionDecision == nil
}

// Terms are the facts an offer is written from.
type Terms struct {
	Name, Role, Team string
	Locations        []string
	Starts, Ends     time.Time
	// Pay is the role's published range ("" when it publishes none).
	Pay string
}

// PayRange words a role's pay range: "USD 45–55 an hour".
func PayRange(min, max *int, currency, unit *string) string {
	if min == nil || max == nil || currency == nil || unit == nil {
		return ""
	}
	amount := strconv.Itoa(*min)
	if *max != *min {
		amount += "–" + strconv.Itoa(*max)
	}
	per := map[string]string{"hour": "an hour", "month": "a month", "year": "a year"}[*unit]
	return *currency + " " + amount + " " + per
}

// Body writes the offer from its terms, as the student will read and
// print it.
func Body(t Terms) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Dear %s,\n\n", t.Name)
	fmt.Fprintf(&b, "We are delighted to offer you the internship %s on the %s team.\n\n", t.Role, t.Team)
	fmt.Fprintf(&b, "Where: %s.\n", strings.Join(t.Locations, "; "))
	fmt.Fprintf(&b, "When: from %s to %s.\n", t.Starts.Format("Monday, January 2, 2006"), t.Ends.Format("Monday, January 2, 2006"))
	if t.Pay != "" {
		fmt.Fprintf(&b, "Pay: %s.\n", t.Pay)
	}
	b.WriteString("\nTake the time you need to decide, and ask your recruiter anything: reply to our messages, or ask for more time on this page if you need it.")
	return b.String()
}
