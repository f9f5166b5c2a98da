package mail_test

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/mail/mailtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func message(key, to string) mail.Message {
	return mail.Message{
		Kind: "test", Key: key, To: to, Subject: "Hello Zoë",
		Text: "Plain text with a link: http://careers.test/x", HTML: "<p>HTML with <a href=\"http://careers.test/x\">a link</a></p>",
		UnsubscribeURL: "http://careers.test/alerts/unsubscribe/abc",
	}
}

func newOutbox(t *testing.T, pool *pgxpool.Pool, smtpURL string, work bool) *mail.Outbox {
	t.Helper()
	var sender mail.Sender = mail.Recorder{}
	if smtpURL != "" {
		s, err := mail.NewSMTPSender(smtpURL, "Internships <internships@careers.test>", nil)
		if err != nil {
			t.Fatal(err)
		}
		sender = s
	}
	q := jobs.New(pool, jobs.Options{Work: work, Logger: slog.New(slog.DiscardHandler)})
	ob := mail.NewOutbox(pool, q, sender, "careers.test")
	jobs.Add(q, ob.Worker())
	ctx, cancel := context.WithCancel(context.Background())
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = q.Stop(stopCtx)
		cancel()
	})
	return ob
}

func TestRollbackLeavesNoMailCommitLeavesOne(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	ob := newOutbox(t, pool, "", false)

	boom := errors.New("the change failed")
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := ob.Enqueue(ctx, tx, message("rollback-1", "a@example.com")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if n := count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE idempotency_key = 'rollback-1'`); n != 0 {
		t.Fatalf("%d messages after a rollback", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'send_mail'`); n != 0 {
		t.Fatalf("%d jobs after a rollback", n)
	}

	for range 2 { // the same key twice: one message, one job
		if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return ob.Enqueue(ctx, tx, message("commit-1", "b@example.com")) }); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE idempotency_key = 'commit-1'`); n != 1 {
		t.Fatalf("%d messages after commit", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'send_mail'`); n != 1 {
		t.Fatalf("%d jobs after commit", n)
	}
}

// TestDeliveryOverSMTP: the worker delivers a multipart message with the
// unsubscribe headers, and running the job again sends nothing more.
func TestDeliveryOverSMTP(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	smtp := mailtest.Start(t)
	ob := newOutbox(t, pool, smtp.URL(), true)
	if err := ob.Send(ctx, message("deliver-1", "zoe@example.com")); err != nil {
		t.Fatal(err)
	}
	// Jobs left queued by earlier tests in this package may arrive too:
	// only the message to zoe@ counts here.
	got := waitForRecipient(t, smtp, "zoe@example.com")
	if got.Subject != "Hello Zoë" || got.To[0] != "zoe@example.com" || !strings.Contains(got.From, "internships@careers.test") {
		t.Fatalf("envelope/subject: %+v", got)
	}
	if !strings.Contains(got.Text, "Plain text with a link") || !strings.Contains(got.HTML, `<a href="http://careers.test/x">`) {
		t.Fatalf("parts: text %q html %q", got.Text, got.HTML)
	}
	if got.Header.Get("List-Unsubscribe") != "<http://careers.test/alerts/unsubscribe/abc>" ||
		got.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("unsubscribe headers: %v", got.Header)
	}
	var id int64
	var state string
	waitFor(t, func() bool {
		_ = pool.QueryRow(ctx, `SELECT id, state FROM outgoing_mail WHERE idempotency_key = 'deliver-1'`).Scan(&id, &state)
		return state == mail.StateSent
	})
	// The worker runs again for the same message (a retry racing a slow
	// first run): nothing more is sent.
	if err := ob.Deliver(ctx, id, 2); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := countTo(smtp, "zoe@example.com"); n != 1 {
		m, _ := ob.ByID(ctx, id)
		t.Fatalf("%d messages delivered, want 1 (%+v)", n, m)
	}
}

// TestCalendarOverSMTP: a message with an invitation arrives with the
// text/calendar part (and its method) beside the text and HTML, and the
// same object attached as invite.ics.
func TestCalendarOverSMTP(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	smtp := mailtest.Start(t)
	ob := newOutbox(t, pool, smtp.URL(), true)
	m := message("calendar-1", "ines@example.com")
	m.Calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nSUMMARY:Entrevista con Iñés\r\nEND:VCALENDAR\r\n"
	m.CalendarMethod = "REQUEST"
	if err := ob.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	got := waitForRecipient(t, smtp, "ines@example.com")
	if !strings.Contains(got.Text, "Plain text with a link") || got.HTML == "" {
		t.Fatalf("the text and HTML parts are lost: %q %q", got.Text, got.HTML)
	}
	if got.Calendar != m.Calendar || !strings.Contains(got.CalendarType, "method=REQUEST") {
		t.Fatalf("calendar part %q (%s)", got.Calendar, got.CalendarType)
	}
	if got.Attachments["invite.ics"] != m.Calendar || got.AttachmentTypes["invite.ics"] != "application/ics" {
		t.Fatalf("attachment %v %v", got.AttachmentTypes, len(got.Attachments["invite.ics"]))
	}
}

// TestRetryAfterRefusal: the server refuses twice, then accepts: one
// message arrives, and the attempts are recorded.
func TestRetryAfterRefusal(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	smtp := mailtest.Start(t)
	smtp.Refuse(2)
	ob := newOutbox(t, pool, smtp.URL(), false)
	if err := ob.Send(ctx, message("retry-1", "retry@example.com")); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := pool.QueryRow(ctx, `SELECT id FROM outgoing_mail WHERE idempotency_key = 'retry-1'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	// Drive the attempts the queue would make, without waiting for backoff.
	for attempt := 1; attempt <= 3; attempt++ {
		err := ob.Deliver(ctx, id, attempt)
		if attempt < 3 && err == nil {
			t.Fatalf("attempt %d should fail", attempt)
		}
		if attempt == 3 && err != nil {
			t.Fatalf("attempt 3: %v", err)
		}
		if attempt < 3 {
			m, _ := ob.ByID(ctx, id)
			if m.State != mail.StateRetrying || !strings.Contains(m.LastError, "451") || m.Attempts != attempt {
				t.Fatalf("after attempt %d: %+v", attempt, m)
			}
		}
	}
	m, _ := ob.ByID(ctx, id)
	if m.State != mail.StateSent || m.Attempts != 3 || m.LastError != "" {
		t.Fatalf("final: %+v", m)
	}
	if n := countTo(smtp, "retry@example.com"); n != 1 {
		t.Fatalf("%d delivered", n)
	}
}

func TestRecorderKeepsMessages(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	ob := newOutbox(t, pool, "", true)
	if err := ob.Send(ctx, message("record-1", "r@example.com")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE idempotency_key = 'record-1' AND state = 'recorded'`) == 1
	})
}

func TestFailedMessageCanBeRetried(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	ob := newOutbox(t, pool, "", false)
	if err := ob.Send(ctx, message("failed-1", "f@example.com")); err != nil {
		t.Fatal(err)
	}
	var id int64
	_ = pool.QueryRow(ctx, `SELECT id FROM outgoing_mail WHERE idempotency_key = 'failed-1'`).Scan(&id)
	if err := ob.Retry(ctx, id); !errors.Is(err, mail.ErrNotFailed) {
		t.Fatalf("retry of a queued message: %v", err)
	}
	if _, err := pool.Exec(ctx, `UPDATE outgoing_mail SET state = 'failed' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if err := ob.Retry(ctx, id); err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'send_mail' AND args->>'mail_id' = $1`, itoa(id)); n != 2 {
		t.Fatalf("%d jobs after retry", n)
	}
}

func TestSMTPURL(t *testing.T) {
	for _, bad := range []string{"http://x", "smtp://", "smtp://host:port", "::"} {
		if _, err := mail.NewSMTPSender(bad, "a@b.c", nil); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, good := range []string{"smtp://user:pass@mail.example:587", "smtps://mail.example", "smtp://127.0.0.1:2525"} {
		if _, err := mail.NewSMTPSender(good, "a@b.c", nil); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatal("condition not met in time")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func countTo(s *mailtest.Server, to string) int {
	n := 0
	for _, m := range s.Messages() {
		if len(m.To) == 1 && m.To[0] == to {
			n++
		}
	}
	return n
}

func waitForRecipient(t *testing.T, s *mailtest.Server, to string) mailtest.Received {
	t.Helper()
	waitFor(t, func() bool { return countTo(s, to) > 0 })
	for _, m := range s.Messages() {
		if m.To[0] == to {
			return m
		}
	}
	panic("unreachable")
}

// TestRecordedMailKeepsLinksForALimitedTime: a recorded message (no
// SMTP: an admin reads it in the outbox) keeps its links while it is
// young, and loses them after RecordedLinkLifetime; other text stays.
func TestRecordedMailKeepsLinksForALimitedTime(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	ob := newOutbox(t, pool, "", true)
	const tok = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE"
	m := message("record-links", "zoë@example.com")
	m.Text = "See it: http://careers.test/applications/" + tok + "\nThanks, Zoë"
	m.HTML = `<a href="http://careers.test/applications/` + tok + `">See it</a>`
	m.UnsubscribeURL = "http://careers.test/alerts/unsubscribe/" + tok
	if err := ob.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE idempotency_key = 'record-links' AND state = 'recorded'`) == 1
	})
	held := `SELECT count(*) FROM outgoing_mail WHERE idempotency_key = 'record-links' AND (text_body || html_body || unsubscribe_url) LIKE '%' || $1 || '%'`
	if n, err := ob.RedactRecorded(ctx, time.Now()); err != nil || count(t, pool, held, tok) != 1 {
		t.Fatalf("a young recorded message lost its links (%d changed, %v)", n, err)
	}
	if _, err := ob.RedactRecorded(ctx, time.Now().Add(mail.RecordedLinkLifetime+time.Minute)); err != nil {
		t.Fatal(err)
	}
	if count(t, pool, held, tok) != 0 {
		t.Fatal("an old recorded message kept its links")
	}
	if count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE idempotency_key = 'record-links' AND text_body = $1`,
		"See it: http://careers.test/applications/(link removed)\nThanks, Zoë") != 1 {
		t.Fatal("the rest of the message changed")
	}
}
