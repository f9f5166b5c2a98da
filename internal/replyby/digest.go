package replyby

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"example.com/careers/internal/mail"
)

// DigestHour is the local hour from which the daily digest goes out on
// working days: at the start of the working day, not at 2 a.m.
const DigestHour = 8

// DigestInterval is how often the digest job looks (and once when a
// queue leader starts): hourly, so the day's digest leaves within the
// hour after DigestHour, and once a day thanks to its key.
const DigestInterval = time.Hour

// DigestArgs is the periodic job that mails the late list.
type DigestArgs struct{}

// Kind names the job.
func (DigestArgs) Kind() string { return "reply_by_digest" }

// InsertOpts makes runs inserted within the same interval one job, when
// leaders follow each other quickly (a rolling deploy).
func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: DigestInterval}}
}

// Recipient is a recruiter or an admin who gets the digest.
type Recipient struct {
	AccountID int64
	Name      string
	Email     string
}

// WriteDigest words the digest for one recipient, for the day day.
type WriteDigest func(ctx context.Context, to Recipient, late LateList, day time.Time) (mail.Message, error)

// DigestWorker mails each recruiter and admin the late list once per
// working day. Every role's recruiters hear of its late applications:
// the program has no role owners, so every recruiter is every role's.
type DigestWorker struct {
	river.WorkerDefaults[DigestArgs]
	Pool   *pgxpool.Pool
	Store  *Store
	Outbox *mail.Outbox
	Write  WriteDigest
	Now    func() time.Time
}

// Work sends today's digest if it is a working day past DigestHour and
// anything is late. The message key holds the day and the account, so
// however many runs or instances get here, each recruiter gets one a day.
func (w *DigestWorker) Work(ctx context.Context, _ *river.Job[DigestArgs]) error {
	// Applications from before reply-by dates existed (or stored by a
	// command without the hook, such as the demo seed) get theirs.
	if err := w.Store.refreshWhere(ctx, `reply_by IS NULL AND stage = 'applied'`); err != nil {
		return err
	}
	now := w.Now()
	local := now.In(w.Store.Rules.Calendar.Loc)
	if !w.Store.Rules.Calendar.Working(local) || local.Hour() < DigestHour {
		return nil
	}
	late, err := w.Store.Late(ctx, now)
	if err != nil || len(late.Rows) == 0 {
		return err
	}
	rows, err := w.Pool.Query(ctx, `
		SELECT id, name, email FROM accounts
		WHERE disabled_at IS NULL AND NOT is_interviewer ORDER BY id`)
	if err != nil {
		return fmt.Errorf("digest recipients: %w", err)
	}
	to, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Recipient])
	if err != nil {
		return fmt.Errorf("digest recipients: %w", err)
	}
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	return pgx.BeginFunc(ctx, w.Pool, func(tx pgx.Tx) error {
		for _, r := range to {
			msg, err := w.Write(ctx, r, late, day)
			if err != nil {
				return err
			}
			if err := w.Outbox.Enqueue(ctx, tx, msg); err != nil {
				return err
			}
		}
		return nil
	})
}

// DigestKey is the digest's message key for account on day: one a day.
func DigestKey(account int64, day time.Time) string {
	return mail.Key("reply-by-digest", account, day.Format(time.DateOnly))
}
