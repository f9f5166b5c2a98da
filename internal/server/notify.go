package server

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/alerts"
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
	switch n.Kind {
	case "received":
		v, kind, key = a.Received(), "application_received", mail.Key("application", n.ApplicationID, "received")
	case "withdrawn":
		v, kind, key = a.Withdrawn(), "application_withdrawn", mail.Key("application", n.ApplicationID, "event", n.EventID)
	case "matched":
		v, kind, key = a.Matched(), "application_matched", mail.Key("application", n.ApplicationID, "event", n.EventID)
	default:
		v, kind, key = a.StageChanged(n.To), "application_stage", mail.Key("application", n.ApplicationID, "event", n.EventID)
	}
	msg, err := v.Message(ctx, kind, key, n.Email)
	if err != nil {
		return err
	}
	msg.ApplicationID = n.ApplicationID
	return s.Outbox.Enqueue(ctx, tx, msg)
}

// mailAlreadyApplied sends the existing status link to the address that
// tried to apply again. One notice per application per hour at most, so
// the form cannot be used to flood someone's inbox.
func (s *server) mailAlreadyApplied(ctx context.Context, de *applications.DuplicateError, roleTitle, email string) error {
	link, err := s.Applications.NewLink(ctx, de.ApplicationID)
	if err != nil {
		return err
	}
	v := s.applicantMail(de.FullName, roleTitle, link).AlreadyApplied()
	key := mail.Key("application", de.ApplicationID, "duplicate", hourStamp(s.Now()))
	msg, err := v.Message(ctx, "application_duplicate", key, email)
	if err != nil {
		return err
	}
	msg.ApplicationID = de.ApplicationID
	return s.Outbox.Send(ctx, msg)
}

func (s *server) applicantMail(fullName, roleTitle, token string) web.ApplicantMail {
	return web.ApplicantMail{
		SiteName: s.Site.Settings.Name, BaseURL: s.BaseURL, FullName: fullName, RoleTitle: roleTitle,
		StatusURL: s.BaseURL + "/applications/" + token,
	}
}

// confirmAlert queues the double opt-in mail inside the sign-up's
// transaction; at most one per address per hour.
func (s *server) confirmAlert(ctx context.Context, tx pgx.Tx, sub alerts.Subscription) error {
	v := web.AlertMail{SiteName: s.Site.Settings.Name, BaseURL: s.BaseURL}.Confirm(sub)
	msg, err := v.Message(ctx, "alert_confirm", mail.Key("alert-confirm", sub.ID, hourStamp(s.Now())), sub.Email)
	if err != nil {
		return err
	}
	return s.Outbox.Enqueue(ctx, tx, msg)
}

// hourStamp names the hour of t (UTC) in notices sent at most once an
// hour.
func hourStamp(t time.Time) string { return t.UTC().Truncate(time.Hour).Format("2006010215") }
