package alerts

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/roles"
)

// DigestArgs is the job that sends alert digests.
type DigestArgs struct{}

// Kind names the job.
func (DigestArgs) Kind() string { return "alert_digest" }

// Schedule queues a digest run at now+window inside tx, at most one per
// window: roles published within the window go out together.
func Schedule(ctx context.Context, tx pgx.Tx, q *jobs.Queue, now time.Time, window time.Duration) error {
	opts := &river.InsertOpts{ScheduledAt: now.Add(window)}
	if window > 0 {
		opts.UniqueOpts = river.UniqueOpts{ByPeriod: window}
	}
	return q.InsertTx(ctx, tx, DigestArgs{}, opts)
}

// WriteDigest writes the digest message for sub about rs (web writes the
// words; this package decides who hears of what).
type WriteDigest func(ctx context.Context, sub Subscription, rs []roles.Role) (mail.Message, error)

// DigestWorker runs SendDigests, queueing each digest on Outbox.
type DigestWorker struct {
	river.WorkerDefaults[DigestArgs]
	Store  *Store
	Outbox *mail.Outbox
	Write  WriteDigest
	Now    func() time.Time
}

// Work sends the digests; run twice, it finds nothing new the second time.
func (w *DigestWorker) Work(ctx context.Context, _ *river.Job[DigestArgs]) error {
	_, err := w.Store.SendDigests(ctx, w.Now(), w.Compose)
	return err
}

// Compose queues sub's digest about rs inside tx: the Compose that
// SendDigests is given.
func (w *DigestWorker) Compose(ctx context.Context, tx pgx.Tx, sub Subscription, rs []roles.Role) error {
	m, err := w.Write(ctx, sub, rs)
	if err != nil {
		return err
	}
	return w.Outbox.Enqueue(ctx, tx, m)
}

// DigestKey is the digest's message key: the first role of the batch
// names it, so a rerun of the same batch is the same message.
func DigestKey(sub Subscription, rs []roles.Role) string {
	return mail.Key("alert-digest", sub.ID, rs[0].ID)
}
