package server

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"example.com/careers/internal/alerts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/roles"
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
func (s *server) mailAlreadyApplied(ctx context.Context, de *applications.DuplicateError, roleTitle, email string) error {
	v := s.applicantMail(de.FullName, roleTitle, de.Token).AlreadyApplied()
	hour := s.Now().UTC().Truncate(time.Hour).Format("2006010215")
	// Keyed by the application, like every applicant message, so erasing
	// the application finds it.
	key := "application-" + strconv.FormatInt(de.ApplicationID, 10) + "-duplicate-" + hour
	msg, err := s.message(ctx, v, "application_duplicate", key, email)
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
	return v.Message(ctx, kind, key, to)
}

// confirmAlert queues the double opt-in mail inside the sign-up's
// transaction; at most one per address per hour.
func (s *server) confirmAlert(ctx context.Context, tx pgx.Tx, sub alerts.Subscription) error {
	v := web.AlertMail{SiteName: s.Site.Settings.Name, BaseURL: s.BaseURL}.Confirm(sub)
	hour := s.Now().UTC().Truncate(time.Hour).Format("2006010215")
	msg, err := v.Message(ctx, "alert_confirm", "alert-confirm-"+strconv.FormatInt(sub.ID, 10)+"-"+hour, sub.Email)
	if err != nil {
		return err
	}
	return s.Outbox.Enqueue(ctx, tx, msg)
}

// MailQueueOptions configure NewMailQueue.
type MailQueueOptions struct {
	Sender            mail.Sender
	Host              string
	SiteName, BaseURL string
	Logger            *slog.Logger
	// Work runs the workers (serve); without it the queue only inserts.
	Work bool
	// Retention, when its Months is set, schedules the daily job that
	// anonymises expired applications (with Work).
	Retention applications.Retention
}

// NewMailQueue builds the outbox with every job the site runs on it:
// mail delivery, the alert digest, whose mail is written by web, and
// the retention of applications.
func NewMailQueue(pool *pgxpool.Pool, o MailQueueOptions) (*mail.Outbox, error) {
	var outbox *mail.Outbox
	digests := &alerts.DigestWorker{
		Store:   alerts.NewStore(pool),
		Compose: composeDigest(o.SiteName, o.BaseURL, func() *mail.Outbox { return outbox }),
		Now:     time.Now,
	}
	retention := &applications.RetentionWorker{
		Store: applications.NewStore(pool), Retention: o.Retention, Now: time.Now, Logger: o.Logger,
	}
	var periodic []*river.PeriodicJob
	if o.Retention.Months > 0 {
		periodic = append(periodic, applications.RetentionJob())
	}
	outbox, err := mail.NewOutbox(pool, mail.Options{
		Sender: o.Sender, Host: o.Host, Logger: o.Logger, Work: o.Work,
		Extra: func(w *river.Workers) {
			river.AddWorker(w, digests)
			river.AddWorker(w, retention)
		},
		Periodic: periodic,
	})
	return outbox, err
}

// composeDigest returns the function the digest job uses to queue each
// subscriber's alert.
func composeDigest(siteName, baseURL string, outbox func() *mail.Outbox) alerts.Compose {
	return func(ctx context.Context, tx pgx.Tx, sub alerts.Subscription, rs []roles.Role) error {
		v := web.AlertMail{SiteName: siteName, BaseURL: baseURL}.Digest(sub, rs)
		// The first role of the batch names it: a rerun of the same batch
		// is the same message.
		key := "alert-digest-" + strconv.FormatInt(sub.ID, 10) + "-" + strconv.FormatInt(rs[0].ID, 10)
		msg, err := v.Message(ctx, "alert_digest", key, sub.Email)
		if err != nil {
			return err
		}
		return outbox().Enqueue(ctx, tx, msg)
	}
}
