package mail

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"example.com/careers/internal/db"
	"example.com/careers/internal/jobs"
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
	jobs   *jobs.Queue
	sender Sender
	// host names the Message-ID domain.
	host string
}

// NewOutbox returns the outbox over pool, queueing deliveries on q.
// host is the site's host name, for Message-IDs. Register its worker
// (Worker) on q for this process to deliver.
func NewOutbox(pool *pgxpool.Pool, q *jobs.Queue, sender Sender, host string) *Outbox {
	return &Outbox{pool: pool, jobs: q, sender: sender, host: host}
}

// Records reports whether messages are only recorded, not sent.
func (o *Outbox) Records() bool { return o.sender.Records() }

// Enqueue stores m and its delivery job inside tx. A message whose key
// was enqueued before is ignored: the same event never mails twice.
func (o *Outbox) Enqueue(ctx context.Context, tx pgx.Tx, m Message) error {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO outgoing_mail (kind, idempotency_key, recipient, subject, text_body, html_body, unsubscribe_url, application_id,
		                           calendar, calendar_method, reply_to, send_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (idempotency_key) DO NOTHING
		RETURNING id`, m.Kind, m.Key, m.To, m.Subject, m.Text, m.HTML, m.UnsubscribeURL, nullID(m.ApplicationID),
		m.Calendar, m.CalendarMethod, m.ReplyTo, m.SendAt).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	var opts *river.InsertOpts
	if m.SendAt != nil {
		opts = &river.InsertOpts{ScheduledAt: *m.SendAt}
	}
	return o.jobs.InsertTx(ctx, tx, SendArgs{MailID: id}, opts)
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
	return db.One(ctx, o.pool, pgx.RowToStructByName[Mail], ErrNotFound,
		`SELECT `+mailColumns+` FROM outgoing_mail WHERE id = $1`, id)
}

const mailColumns = `id, kind, recipient, subject, text_body, html_body, unsubscribe_url, calendar, calendar_method, reply_to, send_at, state, attempts,
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
		return o.jobs.InsertTx(ctx, tx, SendArgs{MailID: id}, nil)
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
		m, err := db.One(ctx, tx, pgx.RowToStructByName[Mail], ErrNotFound,
			`SELECT `+mailColumns+` FROM outgoing_mail WHERE id = $1 FOR UPDATE`, id)
		if errors.Is(err, ErrNotFound) {
			// Erased with its application: nothing to send, ever.
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
		if o.sender.Records() {
			// An admin reads recorded mail in the outbox, links included,
			// until RedactRecorded removes them.
			_, err = tx.Exec(ctx, `UPDATE outgoing_mail SET state = 'recorded', attempts = attempts + 1, last_error = '', sent_at = now() WHERE id = $1`, id)
			return err
		}
		// Delivered: the stored copy keeps no link (see linkPattern).
		_, err = tx.Exec(ctx, `
			UPDATE outgoing_mail SET state = 'sent', attempts = attempts + 1, last_error = '', sent_at = now(),
				text_body = regexp_replace(text_body, $2, $3, 'g'), html_body = regexp_replace(html_body, $2, $3, 'g'),
				unsubscribe_url = ''
			WHERE id = $1`, id, linkPattern, linkRemoved)
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
	return o.jobs.CountByState(ctx, SendArgs{}.Kind())
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
