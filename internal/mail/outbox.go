package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// maxAttempts is how often a message is tried before it is marked failed
// (River retries with exponential backoff in between).
const maxAttempts = 8

// SendArgs is the River job that delivers one outgoing_mail row.
type SendArgs struct {
	MailID int64 `json:"mail_id"`
}

// Kind names the job.
func (SendArgs) Kind() string { return "send_mail" }

// InsertOpts limits attempts for mail jobs.
func (SendArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: maxAttempts} }

// Outbox stores and delivers messages.
type Outbox struct {
	pool   *pgxpool.Pool
	river  *river.Client[pgx.Tx]
	sender Sender
	// Host names the Message-ID domain.
	host string
}

// Options configure the outbox and its workers.
type Options struct {
	Sender Sender
	// Host is the site's host name, for Message-IDs.
	Host   string
	Logger *slog.Logger
	// Work starts workers; without it the outbox only inserts (tests,
	// commands).
	Work bool
	// Extra registers more job workers (alert digests) on the same client.
	Extra func(*river.Workers)
	// Periodic are jobs inserted on a schedule (retention), with Work
	// only. With several instances only River's elected leader inserts
	// them, so each runs once per interval, not once per instance.
	Periodic []*river.PeriodicJob
}

// NewOutbox builds the River client and the outbox. Call Start to run
// the workers.
func NewOutbox(pool *pgxpool.Pool, o Options) (*Outbox, error) {
	ob := &Outbox{pool: pool, sender: o.Sender, host: o.Host}
	workers := river.NewWorkers()
	river.AddWorker(workers, &sendWorker{outbox: ob})
	if o.Extra != nil {
		o.Extra(workers)
	}
	cfg := &river.Config{Workers: workers, Logger: o.Logger}
	if o.Work {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}}
		cfg.FetchCooldown = 50 * time.Millisecond
		cfg.FetchPollInterval = 500 * time.Millisecond
		cfg.PeriodicJobs = o.Periodic
		// At shutdown, running jobs get this long to finish (a delivery
		// marked sent is not sent again); then their contexts are
		// cancelled, so a long retention run (whose finished batches are
		// committed) cannot hold the pool open past serve's bound.
		cfg.SoftStopTimeout = SoftStopTimeout
	}
	client, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return nil, fmt.Errorf("mail queue: %w", err)
	}
	ob.river = client
	return ob, nil
}

// Records reports whether messages are only recorded, not sent.
func (o *Outbox) Records() bool { return o.sender.Records() }

// River is the queue client, for other jobs that share it.
func (o *Outbox) River() *river.Client[pgx.Tx] { return o.river }

// Start runs the workers until Stop.
func (o *Outbox) Start(ctx context.Context) error { return o.river.Start(ctx) }

// SoftStopTimeout is how long Stop lets running jobs finish before it
// cancels them; give Stop a context that lasts longer.
const SoftStopTimeout = 8 * time.Second

// Stop lets running jobs finish for SoftStopTimeout, cancels those still
// running, and stops the workers.
func (o *Outbox) Stop(ctx context.Context) error { return o.river.Stop(ctx) }

// Enqueue stores m and its delivery job inside tx. A message whose key
// was enqueued before is ignored: the same event never mails twice.
func (o *Outbox) Enqueue(ctx context.Context, tx pgx.Tx, m Message) error {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO outgoing_mail (kind, idempotency_key, recipient, subject, text_body, html_body, unsubscribe_url)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (idempotency_key) DO NOTHING
		RETURNING id`, m.Kind, m.Key, m.To, m.Subject, m.Text, m.HTML, m.UnsubscribeURL).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	if _, err := o.river.InsertTx(ctx, tx, SendArgs{MailID: id}, nil); err != nil {
		return fmt.Errorf("enqueue mail job: %w", err)
	}
	return nil
}

// Send enqueues m in a transaction of its own, for messages no other
// change goes with (the "already applied" notice).
func (o *Outbox) Send(ctx context.Context, m Message) error {
	return pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error { return o.Enqueue(ctx, tx, m) })
}

// List returns the newest messages for the outbox page.
func (o *Outbox) List(ctx context.Context, limit int) ([]Mail, error) {
	rows, err := o.pool.Query(ctx, `SELECT `+mailColumns+` FROM outgoing_mail ORDER BY created_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Mail])
}

// ByID returns one message.
func (o *Outbox) ByID(ctx context.Context, id int64) (Mail, error) {
	rows, err := o.pool.Query(ctx, `SELECT `+mailColumns+` FROM outgoing_mail WHERE id = $1`, id)
	if err != nil {
		return Mail{}, fmt.Errorf("outbox: %w", err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Mail])
	if errors.Is(err, pgx.ErrNoRows) {
		return Mail{}, ErrNotFound
	}
	return m, err
}

const mailColumns = `id, kind, recipient, subject, text_body, html_body, unsubscribe_url, state, attempts,
	last_error, sent_at, created_at`

// ErrNotFailed is returned when retrying a message that has not failed.
var ErrNotFailed = errors.New("only failed messages can be retried")

// Retry queues a failed message again, with a fresh job.
func (o *Outbox) Retry(ctx context.Context, id int64) error {
	return pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE outgoing_mail SET state = 'queued', last_error = '' WHERE id = $1 AND state = 'failed'`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFailed
		}
		_, err = o.river.InsertTx(ctx, tx, SendArgs{MailID: id}, nil)
		return err
	})
}

// messageID is stable per message.
func (o *Outbox) messageID(id int64) string {
	return "mail-" + strconv.FormatInt(id, 10) + "@" + o.host
}

// deliver sends message id once. The row is locked while sending, so two
// workers running the same job (a retry racing a slow first run) cannot
// both send; a message already sent is not sent again.
func (o *Outbox) deliver(ctx context.Context, id int64, attempt int) error {
	// The failure is recorded and committed, then returned so River
	// retries the job with backoff.
	var sendErr error
	err := pgx.BeginFunc(ctx, o.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+mailColumns+` FROM outgoing_mail WHERE id = $1 FOR UPDATE`, id)
		if err != nil {
			return err
		}
		m, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Mail])
		if errors.Is(err, pgx.ErrNoRows) {
			return river.JobCancel(fmt.Errorf("mail %d no longer exists", id))
		}
		if err != nil {
			return err
		}
		if m.State == StateSent || m.State == StateRecorded {
			return nil
		}
		sendErr = o.sender.Send(ctx, m, o.messageID(id))
		if sendErr != nil {
			state := StateRetrying
			if attempt >= maxAttempts {
				state = StateFailed
			}
			// Recorded even though the job fails, so the outbox shows it.
			_, err := tx.Exec(ctx, `UPDATE outgoing_mail SET state = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1`,
				id, state, truncate(sendErr.Error(), 1000))
			return err
		}
		state := StateSent
		if o.sender.Records() {
			state = StateRecorded
		}
		_, err = tx.Exec(ctx, `UPDATE outgoing_mail SET state = $2, attempts = attempts + 1, last_error = '', sent_at = now() WHERE id = $1`, id, state)
		return err
	})
	if err != nil {
		return err
	}
	if sendErr != nil {
		// The SMTP error may name the recipient; the queue's logs must
		// not. The full text is in outgoing_mail.last_error for admins.
		return fmt.Errorf("send mail %d failed on attempt %d; see the outbox", id, attempt)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// JobCounts counts mail delivery jobs by River state (available,
// running, retryable, completed, discarded...), for monitoring.
func (o *Outbox) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := o.pool.Query(ctx, `SELECT state::text, count(*) FROM river_job WHERE kind = $1 GROUP BY state`, SendArgs{}.Kind())
	if err != nil {
		return nil, fmt.Errorf("mail job counts: %w", err)
	}
	counts := map[string]int{}
	var state string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&state, &n}, func() error {
		counts[state] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mail job counts: %w", err)
	}
	return counts, nil
}
