package mail

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// Worker delivers the outbox's messages: register it on the queue with
// jobs.Add(q, outbox.Worker()).
func (o *Outbox) Worker() river.Worker[SendArgs] { return &sendWorker{outbox: o} }

// sendWorker delivers SendArgs jobs.
type sendWorker struct {
	river.WorkerDefaults[SendArgs]
	outbox *Outbox
}

// Timeout bounds one delivery attempt.
func (w *sendWorker) Timeout(*river.Job[SendArgs]) time.Duration { return time.Minute }

// Work delivers the message; running it twice sends once.
func (w *sendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	return w.outbox.deliver(ctx, job.Args.MailID, job.Attempt)
}

// Deliver runs one delivery now, outside the queue: for tests that prove
// a second run sends nothing.
func (o *Outbox) Deliver(ctx context.Context, id int64, attempt int) error {
	return o.deliver(ctx, id, attempt)
}
