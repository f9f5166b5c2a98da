package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPSender delivers through an SMTP server.
type SMTPSender struct {
	host string
	from string
	opts []gomail.Option
}

// NewSMTPSender reads SMTP_URL: smtp://user:pass@host:587 uses STARTTLS
// when the server offers it; smtps://host:465 uses implicit TLS. from is
// the From address (MAIL_FROM).
func NewSMTPSender(rawURL, from string, tlsConfig *tls.Config) (*SMTPSender, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, errors.New("SMTP_URL: want smtp://[user:pass@]host[:port] or smtps://host[:port]")
	}
	port := 587
	if u.Scheme == "smtps" {
		port = 465
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("SMTP_URL: bad port %q", p)
		}
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(20 * time.Second)}
	if tlsConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(tlsConfig))
	}
	if u.Scheme == "smtps" {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSOpportunistic))
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	return &SMTPSender{host: u.Hostname(), from: from, opts: opts}, nil
}

// Records is false: this sender really sends.
func (s *SMTPSender) Records() bool { return false }

// Send builds a multipart text + HTML message and delivers it.
func (s *SMTPSender) Send(ctx context.Context, m Mail, msgID string) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := msg.To(m.Recipient); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return fmt.Errorf("reply-to: %w", err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(msgID)
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.TextBody)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTMLBody)
	if m.Calendar != "" {
		// Calendars that read the message (Outlook, Apple Mail, Gmail)
		// take the text/calendar part with its method; others get the
		// same object as an attachment to open.
		msg.AddAlternativeString(gomail.ContentType("text/calendar; method="+m.CalendarMethod), m.Calendar)
		if err := msg.AttachReader("invite.ics", strings.NewReader(m.Calendar),
			gomail.WithFileContentType(gomail.ContentType("application/ics"))); err != nil {
			return fmt.Errorf("calendar attachment: %w", err)
		}
	}
	if m.UnsubscribeURL != "" {
		msg.SetGenHeader("List-Unsubscribe", "<"+m.UnsubscribeURL+">")
		msg.SetGenHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	return c.DialAndSendWithContext(ctx, msg)
}

// Recorder keeps messages in the outbox without sending them: the
// default when SMTP_URL is unset, so nothing is lost in development.
type Recorder struct{}

// Records is true: nothing leaves the machine.
func (Recorder) Records() bool { return true }

// Send does nothing; the message stays readable in the outbox.
func (Recorder) Send(context.Context, Mail, string) error { return nil }
