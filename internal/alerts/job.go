package alerts

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// DigestArgs is the job that sends alert digests.
type DigestArgs struct{}

// Kind names the job.
func (DigestArgs) Kind() string { return "alert_digest" }

// Schedule queues a digest run at now+window inside tx, at most one per
// window: roles published within the window go out together.
func Schedule(ctx context.Context, tx pgx.Tx, client *river.Client[pgx.Tx], now time.Time, window time.Duration) error {
	opts := &river.InsertOpts{ScheduledAt: now.Add(window)}
	if window > 0 {
		opts.UniqueOpts = river.UniqueOpts{ByPeriod: window}
	}
	_, err := client.InsertTx(ctx, tx, DigestArgs{}, opts)
	return err
}

// DigestWorker runs SendDigests.
type DigestWorker struct {
	river.WorkerDefaults[DigestArgs]
	Store   *Store
	Compose Compose
	Now     func() time.Time
}

// Work sends the digests; run twice, it finds nothing new the second time.
func (w *DigestWorker) Work(ctx context.Context, _ *river.Job[DigestArgs]) error {
	_, err := w.Store.SendDigests(ctx, w.Now(), w.Compose)
	return err
}
