// Package mail sends the site's email durably: every message is a row in
// outgoing_mail plus a delivery job on the queue (internal/jobs), both
// inserted in the transaction of the change that causes it, so a
// rolled-back change sends nothing and a committed one always sends. It
// owns the outgoing_mail table, message keys (Key) and SMTP delivery.
package mail

import (
	"context"
	"errors"
	"time"
)

// Message is one email to send.
type Message struct {
	// Kind names what the message is for ("application_received", ...).
	Kind string
	// Key makes the message unique: enqueueing the same key twice stores
	// and sends it once. Build it with the package's Key function.
	Key string
	// ApplicationID is the application the message is about (zero for
	// mail that belongs to none, such as alerts): erasing the application
	// deletes its messages by it.
	ApplicationID int64
	To            string
	Subject       string
	Text          string
	HTML          string
	// UnsubscribeURL, when set, adds RFC 8058 one-click unsubscribe headers.
	UnsubscribeURL string
	// Calendar, when set, is an iCalendar object sent with the message as
	// a text/calendar part (with CalendarMethod, "REQUEST" or "CANCEL")
	// and an invite.ics attachment.
	Calendar       string
	CalendarMethod string
	// ReplyTo, when set, is where answers go (a decision's recipient can
	// write back to a person, never to a no-reply address).
	ReplyTo string
	// SendAt, when set, holds the message until then: a decision reaches
	// a student at a sensible hour of their day.
	SendAt *time.Time
}

// States of an outgoing message.
const (
	StateQueued   = "queued"
	StateSent     = "sent"
	StateRecorded = "recorded"
	StateRetrying = "retrying"
	StateFailed   = "failed"
)

// Mail is a stored outgoing message, as the outbox page lists it.
type Mail struct {
	ID             int64      `db:"id"`
	Kind           string     `db:"kind"`
	Recipient      string     `db:"recipient"`
	Subject        string     `db:"subject"`
	TextBody       string     `db:"text_body"`
	HTMLBody       string     `db:"html_body"`
	UnsubscribeURL string     `db:"unsubscribe_url"`
	Calendar       string     `db:"calendar"`
	CalendarMethod string     `db:"calendar_method"`
	ReplyTo        string     `db:"reply_to"`
	SendAt         *time.Time `db:"send_at"`
	State          string     `db:"state"`
	Attempts       int        `db:"attempts"`
	LastError      string     `db:"last_error"`
	SentAt         *time.Time `db:"sent_at"`
	CreatedAt      time.Time  `db:"created_at"`
}

// ErrNotFound is returned for an unknown message.
var ErrNotFound = errors.New("message not found")

// Sender hands a message to the outside world.
type Sender interface {
	// Send delivers m, or returns why not. msgID is stable per message, so
	// a receiving server can drop a duplicate after a crash mid-send.
	Send(ctx context.Context, m Mail, msgID string) error
	// Records reports whether the sender only records messages (no SMTP
	// configured), so the outbox can say "recorded" instead of "sent".
	Records() bool
}
