package mail

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// linkPattern matches the private links in a message: status,
// confirmation and unsubscribe pages, each with its 43-character token.
// Once a message is delivered, its stored copy keeps no link: the copy is
// for the outbox page and data-access requests, and whoever reads a
// backup must not be able to open an application with it.
const linkPattern = `(/applications/|/alerts/confirm/|/alerts/unsubscribe/)[A-Za-z0-9_-]{43}`

// linkRemoved replaces a token in a stored message.
const linkRemoved = `\1(link removed)`

// RecordedLinkLifetime is how long a recorded message (no SMTP_URL: an
// admin reads it in /admin/outbox instead of an inbox) keeps its links.
const RecordedLinkLifetime = 72 * time.Hour

// RedactRecorded removes the links from recorded messages older than
// RecordedLinkLifetime and reports how many it changed.
func (o *Outbox) RedactRecorded(ctx context.Context, now time.Time) (int64, error) {
	tag, err := o.pool.Exec(ctx, `
		UPDATE outgoing_mail SET text_body = regexp_replace(text_body, $2, $3, 'g'),
			html_body = regexp_replace(html_body, $2, $3, 'g'), unsubscribe_url = ''
		WHERE state = 'recorded' AND sent_at < $1
		  AND (text_body ~ $2 OR html_body ~ $2 OR unsubscribe_url <> '')`,
		now.Add(-RecordedLinkLifetime), linkPattern, linkRemoved)
	if err != nil {
		return 0, fmt.Errorf("redact recorded mail: %w", err)
	}
	return tag.RowsAffected(), nil
}

// RedactArgs is the periodic job that runs RedactRecorded.
type RedactArgs struct{}

// Kind names the job.
func (RedactArgs) Kind() string { return "mail_redact_recorded" }

// InsertOpts makes runs inserted within the same hour one job.
func (RedactArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

// RedactInterval is how often RedactRecorded runs.
const RedactInterval = time.Hour

// RedactWorker returns the worker of RedactArgs.
func (o *Outbox) RedactWorker() river.Worker[RedactArgs] { return &redactWorker{outbox: o} }

type redactWorker struct {
	river.WorkerDefaults[RedactArgs]
	outbox *Outbox
}

func (w *redactWorker) Work(ctx context.Context, _ *river.Job[RedactArgs]) error {
	_, err := w.outbox.RedactRecorded(ctx, time.Now())
	return err
}
