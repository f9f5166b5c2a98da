package server

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/mail"
	"example.com/careers/web"
)

// notifyApplicant queues the applicant's message for n inside tx, so it
// is sent if and only if the change commits.
func (s *server) notifyApplicant(ctx context.Context, tx pgx.Tx, n applications.Notice) error {
	a := s.applicantMail(n.FullName, n.RoleTitle, n.Token)
	var v web.MailView
	var kind, key string
	id := strconv.FormatInt(n.ApplicationID, 10)
	switch n.Kind {
	case "received":
		v, kind, key = a.Received(), "application_received", "application-"+id+"-received"
	case "withdrawn":
		v, kind, key = a.Withdrawn(), "application_withdrawn", "application-"+id+"-event-"+strconv.FormatInt(n.EventID, 10)
	default:
		v, kind, key = a.StageChanged(n.To), "application_stage", "application-"+id+"-event-"+strconv.FormatInt(n.EventID, 10)
	}
	msg, err := s.message(ctx, v, kind, key, n.Email)
	if err != nil {
		return err
	}
	return s.Outbox.Enqueue(ctx, tx, msg)
}

// mailAlreadyApplied sends the existing status link to the address that
// tried to apply again. One notice per application per hour at most, so
// the form cannot be used to flood someone's inbox.
func (s *server) mailAlreadyApplied(ctx context.Context, token, fullName, roleTitle, email string) error {
	v := s.applicantMail(fullName, roleTitle, token).AlreadyApplied()
	hour := s.Now().UTC().Truncate(time.Hour).Format("2006010215")
	msg, err := s.message(ctx, v, "application_duplicate", "application-duplicate-"+token[:16]+"-"+hour, email)
	if err != nil {
		return err
	}
	return s.Outbox.Send(ctx, msg)
}

func (s *server) applicantMail(fullName, roleTitle, token string) web.ApplicantMail {
	return web.ApplicantMail{
		SiteName: s.Site.Settings.Name, BaseURL: s.BaseURL, FullName: fullName, RoleTitle: roleTitle,
		StatusURL: s.BaseURL + "/applications/" + token,
	}
}

// message renders v into a mail.Message.
func (s *server) message(ctx context.Context, v web.MailView, kind, key, to string) (mail.Message, error) {
	text, html, err := v.Render(ctx)
	if err != nil {
		return mail.Message{}, err
	}
	m := mail.Message{Kind: kind, Key: key, To: to, Subject: v.Subject, Text: text, HTML: html}
	if v.Unsubscribe != nil {
		m.UnsubscribeURL = v.Unsubscribe.URL
	}
	return m, nil
}
