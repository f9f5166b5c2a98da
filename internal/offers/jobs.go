package offers

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"example.com/careers/internal/applications"
)

// ReminderArgs reminds the student RemindBefore the offer ends. Its
// ExpiresAt (Unix seconds) must still be the offer's end: after an
// extension the old reminder does nothing.
type ReminderArgs struct {
	ApplicationID int64 `json:"application_id" river:"unique"`
	ExpiresAt     int64 `json:"expires_at" river:"unique"`
}

// Kind names the job.
func (ReminderArgs) Kind() string { return "offer_reminder" }

// ExpiryArgs marks an offer nobody answered as expired when it ends,
// and tells the recruiter who made it.
type ExpiryArgs struct {
	ApplicationID int64 `json:"application_id" river:"unique"`
	ExpiresAt     int64 `json:"expires_at" river:"unique"`
}

// Kind names the job.
func (ExpiryArgs) Kind() string { return "offer_expiry" }

// ReminderWorker sends the reminder.
type ReminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	Store *Store
}

// Work reminds the student while the offer is open with the same end.
func (w *ReminderWorker) Work(ctx context.Context, job *river.Job[ReminderArgs]) error {
	s := w.Store
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, n, _, err := s.lock(ctx, tx, job.Args.ApplicationID)
		if err != nil || o.State != Open || o.ExpiresAt.Unix() != job.Args.ExpiresAt {
			return nilIfGone(err)
		}
		if n.Token, err = applications.NewLinkTx(ctx, tx, o.ApplicationID); err != nil {
			return err
		}
		n.Kind = "reminder"
		return s.tell(ctx, tx, n)
	})
}

// ExpiryWorker ends offers nobody answered.
type ExpiryWorker struct {
	river.WorkerDefaults[ExpiryArgs]
	Store *Store
	Now   func() time.Time
}

// Work marks the offer expired (its application stays at the offer
// stage for recruiters to close) and tells the recruiter who made it.
func (w *ExpiryWorker) Work(ctx context.Context, job *river.Job[ExpiryArgs]) error {
	return w.Store.Expire(ctx, job.Args.ApplicationID, job.Args.ExpiresAt, w.Now())
}

// Expire marks application id's offer expired when it is still open,
// still ends at expiresAt (Unix seconds) and that moment has passed.
func (s *Store) Expire(ctx context.Context, id, expiresAt int64, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, n, maker, err := s.lock(ctx, tx, id)
		if err != nil || o.State != Open || o.ExpiresAt.Unix() != expiresAt || now.Before(o.ExpiresAt) {
			return nilIfGone(err)
		}
		if _, err := tx.Exec(ctx, `UPDATE offers SET state = 'expired', decided_at = $2 WHERE application_id = $1`, id, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO application_events (application_id, kind, note, actor) VALUES ($1, 'note', 'The offer expired unanswered.', 'offer')`, id); err != nil {
			return err
		}
		n.Kind, n.To = Expired, maker
		return s.tell(ctx, tx, n)
	})
}

func nilIfGone(err error) error {
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}
