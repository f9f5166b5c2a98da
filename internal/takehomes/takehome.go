// Package takehomes runs take-home assessments: a role's task, sending
// it to students (one or many), their work (a PDF, a ZIP or a link) until
// the due moment, the one extension a student may ask for, and the
// reminders around them, queued as jobs in the transaction that causes
// them. SQL for the take_home_* tables lives here.
package takehomes

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/text"
)

// Timing rules.
const (
	// LateGrace is how long after the due moment a first hand-in is still
	// taken, marked late: an upload started at 16:59 over a slow line
	// should not be lost for arriving at 17:01. Replacing work already in
	// ends at the due moment.
	LateGrace = 30 * time.Minute
	// RemindBefore is when the student hears that the due moment is near,
	// if the work is not in.
	RemindBefore = 24 * time.Hour
	// GradeAfter is how long after the work came in graders without a
	// scorecard are reminded.
	GradeAfter = 24 * time.Hour
	// ExtensionNudge is how long an extension request waits before the
	// recruiter is reminded of it.
	ExtensionNudge = 2 * time.Hour
	// MaxReasonRunes bounds the student's reason for an extension.
	MaxReasonRunes = 2000
)

// Errors of take-homes.
var (
	ErrNotFound     = errors.New("take-home not found")
	ErrWrongStage   = errors.New("a take-home is sent to applications in the applied or take-home stage")
	ErrTaskClosed   = errors.New("the task's latest due moment has passed")
	ErrStageOver    = errors.New("the take-home stage is over for this application")
	ErrPastDue      = errors.New("the due moment has passed")
	ErrAlreadyAsked = errors.New("an extension was already asked for")
	ErrNoReason     = errors.New("the reason is empty")
	ErrNoRequest    = errors.New("no extension request is waiting")
	ErrBadDue       = errors.New("the new due moment must be in the future and later than the current one")
)

// WriteMail words the message for a notice (web writes the words; this
// package decides who hears what, and when).
type WriteMail func(ctx context.Context, n Notice) (mail.Message, error)

// Notice is one message this package sends.
type Notice struct {
	// Kind is "sent", "due_soon", "extension_granted" or
	// "extension_declined" (to the student), "extension_waiting" (to a
	// recruiter) or "grade" (to a grader).
	Kind          string
	ApplicationID int64
	// Key makes the message unique: the same notice never mails twice.
	Key string
	// To and Name are the recipient's.
	To, Name string
	// Token is a new status link's token, in mails to the student.
	Token     string
	RoleTitle string
	// Applicant names the student, in mails to staff.
	Applicant string
	Due       time.Time
	// TimeZone is the student's chosen zone ("" when not chosen).
	TimeZone string
}

// Store holds take-homes in PostgreSQL.
type Store struct {
	pool   *pgxpool.Pool
	queue  *jobs.Queue
	apps   *applications.Store
	outbox *mail.Outbox
	write  WriteMail
}

// NewStore returns the store; its mails are written by write and queued
// on outbox in the transaction of their cause, its reminders on queue.
func NewStore(pool *pgxpool.Pool, queue *jobs.Queue, apps *applications.Store, outbox *mail.Outbox, write WriteMail) *Store {
	return &Store{pool: pool, queue: queue, apps: apps, outbox: outbox, write: write}
}

// notify queues n's message inside tx.
func (s *Store) notify(ctx context.Context, tx pgx.Tx, n Notice) error {
	m, err := s.write(ctx, n)
	if err != nil {
		return err
	}
	// Every message about an application (staff reminders name the
	// student too) goes when the application is erased.
	m.ApplicationID = n.ApplicationID
	return s.outbox.Enqueue(ctx, tx, m)
}

// TakeHome is the take-home sent to one application.
type TakeHome struct {
	ApplicationID        int64              `db:"application_id"`
	Stage                applications.Stage `db:"stage"`
	Body                 string             `db:"body"`
	FileIDs              []int64            `db:"file_ids"`
	SentAt               time.Time          `db:"sent_at"`
	SentBy               string             `db:"sent_by"`
	FirstDueAt           time.Time          `db:"first_due_at"`
	DueAt                time.Time          `db:"due_at"`
	ExtensionReason      *string            `db:"extension_reason"`
	ExtensionRequestedAt *time.Time         `db:"extension_requested_at"`
	ExtensionDecision    *string            `db:"extension_decision"`
	ExtensionDecidedAt   *time.Time         `db:"extension_decided_at"`
	ExtensionDecidedBy   *string            `db:"extension_decided_by"`
	// Files are the attachments it was sent with.
	Files []File `db:"-"`
	// Submission is the work handed in; nil until then.
	Submission *Submission `db:"-"`
}

// Submission is a student's work (the latest, when replaced).
type Submission struct {
	Kind        string    `db:"kind"` // "file" or "link"
	FileName    string    `db:"file_name"`
	ContentType string    `db:"content_type"`
	Size        int       `db:"size"`
	Link        string    `db:"link"`
	SubmittedAt time.Time `db:"submitted_at"`
	Versions    int       `db:"versions"`
}

// The states of a take-home, for the student and the recruiters.
const (
	StateWaiting   = "waiting"   // not in yet, still time
	StateSubmitted = "submitted" // in by the due moment
	StateLate      = "late"      // in after the due moment (within LateGrace)
	StateMissing   = "missing"   // not in, and too late to hand in
)

// State says where the work stands at now.
func (t TakeHome) State(now time.Time) string {
	switch {
	case t.Submission != nil && t.Submission.SubmittedAt.After(t.DueAt):
		return StateLate
	case t.Submission != nil:
		return StateSubmitted
	case now.After(t.DueAt.Add(LateGrace)):
		return StateMissing
	}
	return StateWaiting
}

// CanHandIn reports whether work may be handed in (or replaced) at now:
// in the take-home stage, until the due moment, or within LateGrace
// after it for a first hand-in.
func (t TakeHome) CanHandIn(now time.Time) bool {
	if t.Stage != applications.TakeHome {
		return false
	}
	if !now.After(t.DueAt) {
		return true
	}
	return t.Submission == nil && !now.After(t.DueAt.Add(LateGrace))
}

// CanAskExtension reports whether the student may still ask for more
// time: once, while the stage is open.
func (t TakeHome) CanAskExtension() bool {
	return t.Stage == applications.TakeHome && t.ExtensionRequestedAt == nil
}

// ExtensionWaiting reports whether a request waits for a recruiter.
func (t TakeHome) ExtensionWaiting() bool {
	return t.ExtensionRequestedAt != nil && t.ExtensionDecision == nil
}

// Late says how long after the due moment the work came in (0 when on
// time or not in).
func (t TakeHome) Late() time.Duration {
	if t.Submission == nil || !t.Submission.SubmittedAt.After(t.DueAt) {
		return 0
	}
	return t.Submission.SubmittedAt.Sub(t.DueAt)
}

const takeHomeColumns = `th.application_id, a.stage, th.body, th.file_ids, th.sent_at, th.sent_by, th.first_due_at, th.due_at,
	th.extension_reason, th.extension_requested_at, th.extension_decision, th.extension_decided_at, th.extension_decided_by`

// ForApplication returns the take-home of application id, with its files
// and work; nil when none was sent.
func (s *Store) ForApplication(ctx context.Context, id int64) (*TakeHome, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+takeHomeColumns+`
		FROM take_homes th JOIN applications a ON a.id = th.application_id
		WHERE th.application_id = $1 AND a.erased_at IS NULL`, id)
	if err != nil {
		return nil, fmt.Errorf("take-home: %w", err)
	}
	th, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[TakeHome])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("take-home: %w", err)
	}
	rows, err = s.pool.Query(ctx, `
		SELECT id, file_name, content_type, size, created_at FROM take_home_task_files WHERE id = ANY ($1) ORDER BY id`, th.FileIDs)
	if err != nil {
		return nil, fmt.Errorf("take-home files: %w", err)
	}
	if th.Files, err = pgx.CollectRows(rows, pgx.RowToStructByName[File]); err != nil {
		return nil, fmt.Errorf("take-home files: %w", err)
	}
	rows, err = s.pool.Query(ctx, `
		SELECT kind, coalesce(file_name, '') AS file_name, coalesce(content_type, '') AS content_type, coalesce(size, 0) AS size,
		       coalesce(link, '') AS link, submitted_at, versions
		FROM take_home_submissions WHERE application_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("take-home work: %w", err)
	}
	sub, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Submission])
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("take-home work: %w", err)
	default:
		th.Submission = &sub
	}
	return &th, nil
}

// SendResult counts what Send did.
type SendResult struct {
	Sent int
	// AlreadySent counts applications that had their take-home already:
	// each gets one, so sending twice (a double click, a second bulk run)
	// changes nothing.
	AlreadySent int
}

// SendError says which application of a bulk send failed, and why.
type SendError struct {
	ID  int64
	Err error
}

func (e *SendError) Error() string { return fmt.Sprintf("application %d: %v", e.ID, e.Err) }
func (e *SendError) Unwrap() error { return e.Err }

// Send sends the take-home of their role to applications ids, in one
// transaction (all or none): each is moved to the take-home stage if it
// was applied, gets the task as it is now, a due moment (the allowance
// from now, no later than the task's latest due moment), a mail with a
// new status link, and a reminder job for a day before it is due.
func (s *Store) Send(ctx context.Context, by audit.Actor, ids []int64, now time.Time) (SendResult, error) {
	ids = slices.Clone(ids)
	slices.SortFunc(ids, cmp.Compare) // lock in id order: overlapping sends cannot deadlock
	ids = slices.Compact(ids)
	var res SendResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		res = SendResult{}
		for _, id := range ids {
			sent, err := s.sendTx(ctx, tx, by, id, now)
			if err != nil {
				return &SendError{ID: id, Err: err}
			}
			if sent {
				res.Sent++
			} else {
				res.AlreadySent++
			}
		}
		return nil
	})
	return res, err
}

func (s *Store) sendTx(ctx context.Context, tx pgx.Tx, by audit.Actor, id int64, now time.Time) (bool, error) {
	var (
		stage          applications.Stage
		n              Notice
		erased, sent   bool
		body           *string
		allowanceHours *int
		latestDue      *time.Time
		roleID         int64
		extraHours     int
	)
	err := tx.QueryRow(ctx, `
		SELECT a.stage, a.email, a.full_name, coalesce(a.time_zone, ''), r.title, a.erased_at IS NOT NULL, a.role_id,
		       t.body, t.allowance_hours, t.latest_due_at, a.take_home_extra_hours
		FROM applications a JOIN roles r ON r.id = a.role_id LEFT JOIN take_home_tasks t ON t.role_id = a.role_id
		WHERE a.id = $1 FOR UPDATE OF a`, id).
		Scan(&stage, &n.To, &n.Name, &n.TimeZone, &n.RoleTitle, &erased, &roleID, &body, &allowanceHours, &latestDue, &extraHours)
	if err == nil {
		// Asked once the row is locked, in a statement of its own: a send
		// that waited for the lock sees the one that held it.
		err = tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM take_homes WHERE application_id = $1)`, id).Scan(&sent)
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, applications.ErrNotFound
	case err != nil:
		return false, err
	case erased:
		return false, applications.ErrErased
	case sent:
		return false, nil
	case stage != applications.Applied && stage != applications.TakeHome:
		return false, ErrWrongStage
	case body == nil:
		return false, ErrNoTask
	}
	// Hours arranged as an adjustment come on top of the allowance, and
	// move the role's latest due moment for this student alike.
	extra := time.Duration(extraHours) * time.Hour
	due := now.Add(time.Duration(*allowanceHours)*time.Hour + extra)
	if latestDue != nil && latestDue.Add(extra).Before(due) {
		due = latestDue.Add(extra)
	}
	if !due.After(now) {
		return false, ErrTaskClosed
	}
	if stage == applications.Applied {
		move := applications.Move{ID: id, From: applications.Applied, To: applications.TakeHome}
		if err := s.apps.MoveTx(ctx, tx, by, move, nil); err != nil {
			return false, err
		}
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO take_homes (application_id, body, file_ids, sent_at, sent_by, sent_by_account, first_due_at, due_at)
		SELECT $1, $2, coalesce(array_agg(f.id ORDER BY f.id) FILTER (WHERE f.id IS NOT NULL), '{}'), $3, $4, $5, $6, $6
		FROM (SELECT 1) one LEFT JOIN take_home_task_files f ON f.role_id = $7 AND f.removed_at IS NULL`,
		id, *body, now, by.Label, nullID(by.AccountID), due, roleID); err != nil {
		return false, fmt.Errorf("send take-home: %w", err)
	}
	n.Kind, n.ApplicationID, n.Due = "sent", id, due
	n.Key = mail.Key("take-home", id, "sent")
	if n.Token, err = applications.NewLinkTx(ctx, tx, id); err != nil {
		return false, err
	}
	if err := s.notify(ctx, tx, n); err != nil {
		return false, err
	}
	if err := s.scheduleDueSoon(ctx, tx, id, due, now); err != nil {
		return false, err
	}
	return true, audit.Record(ctx, tx, by, "application.take_home_sent", "application "+strconv.FormatInt(id, 10),
		"due "+due.UTC().Format(time.RFC3339))
}

// ExtendTx gives the take-home of application id delta more time, in
// tx, when it was sent and is not yet due (an adjustment arranged later);
// its due-soon reminder moves with it. It reports whether it moved.
func (s *Store) ExtendTx(ctx context.Context, tx pgx.Tx, id int64, delta time.Duration, now time.Time) (bool, error) {
	if delta <= 0 {
		return false, nil
	}
	var due time.Time
	err := tx.QueryRow(ctx, `
		UPDATE take_homes SET due_at = due_at + $2 WHERE application_id = $1 AND due_at > $3 RETURNING due_at`,
		id, delta, now).Scan(&due)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("extend take-home: %w", err)
	}
	if err := s.queue.CancelTx(ctx, tx, DueSoonArgs{}.Kind(), map[string]int64{"application_id": id}); err != nil {
		return false, err
	}
	return true, s.scheduleDueSoon(ctx, tx, id, due, now)
}

// Submit hands in w as the work of application id at now, replacing any
// earlier work. The first hand-in cancels the due-soon reminder and
// queues the graders' one.
func (s *Store) Submit(ctx context.Context, id int64, w Work, now time.Time) error {
	ct, problem := w.Check()
	if problem != "" {
		return &FileError{Problem: problem}
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		th, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		var first bool
		if err := tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT FROM take_home_submissions WHERE application_id = $1)`, id).Scan(&first); err != nil {
			return err
		}
		if !first {
			th.Submission = &Submission{}
		}
		if th.Stage != applications.TakeHome {
			return ErrStageOver
		}
		if !th.CanHandIn(now) {
			return ErrPastDue
		}
		// A file fills the file's columns and a link the link's; the
		// others stay NULL (the table's checks hold it to that).
		var name, ctype, link *string
		var size *int
		var data []byte
		kind := "link"
		if ct != "" {
			fn, n := CleanFileName(w.File.FileName, ct), len(w.File.Data)
			kind, name, ctype, size, data = "file", &fn, &ct, &n, w.File.Data
		} else {
			link = &w.Link
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO take_home_submissions (application_id, kind, file_name, content_type, size, data, link, submitted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (application_id) DO UPDATE SET kind = $2, file_name = $3, content_type = $4, size = $5, data = $6,
				link = $7, submitted_at = $8, versions = take_home_submissions.versions + 1`,
			id, kind, name, ctype, size, data, link, now); err != nil {
			return fmt.Errorf("hand in take-home: %w", err)
		}
		// The answer is owed from the latest hand-in: the work reviewed.
		if err := s.apps.RefreshReplyBy(ctx, tx, id); err != nil {
			return err
		}
		if !first {
			return nil
		}
		if err := s.queue.CancelTx(ctx, tx, DueSoonArgs{}.Kind(), map[string]int64{"application_id": id}); err != nil {
			return err
		}
		return s.queue.InsertTx(ctx, tx, GradeArgs{ApplicationID: id}, &river.InsertOpts{ScheduledAt: now.Add(GradeAfter), UniqueOpts: uniqueByArgs})
	})
}

// lock reads and locks the take-home of application id (not erased).
func (s *Store) lock(ctx context.Context, tx pgx.Tx, id int64) (TakeHome, error) {
	rows, err := tx.Query(ctx, `SELECT `+takeHomeColumns+`
		FROM take_homes th JOIN applications a ON a.id = th.application_id
		WHERE th.application_id = $1 AND a.erased_at IS NULL
		FOR UPDATE OF th FOR SHARE OF a`, id) // a move waits, so the stage read here holds
	if err != nil {
		return TakeHome{}, err
	}
	th, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[TakeHome])
	if errors.Is(err, pgx.ErrNoRows) {
		return TakeHome{}, ErrNotFound
	}
	return th, err
}

// RequestExtension records the student's one request for more time, and
// queues the reminder to the recruiters should it wait.
func (s *Store) RequestExtension(ctx context.Context, id int64, reason string, now time.Time) error {
	reason = text.Block(reason, MaxReasonRunes)
	if reason == "" {
		return ErrNoReason
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		th, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if th.Stage != applications.TakeHome {
			return ErrStageOver
		}
		if !th.CanAskExtension() {
			return ErrAlreadyAsked
		}
		if _, err := tx.Exec(ctx, `UPDATE take_homes SET extension_reason = $2, extension_requested_at = $3 WHERE application_id = $1`,
			id, reason, now); err != nil {
			return fmt.Errorf("ask for an extension: %w", err)
		}
		return s.queue.InsertTx(ctx, tx, ExtensionArgs{ApplicationID: id},
			&river.InsertOpts{ScheduledAt: now.Add(ExtensionNudge), UniqueOpts: uniqueByArgs})
	})
}

// DecideExtension grants (with the new due moment) or declines the
// waiting request of application id, and tells the student.
func (s *Store) DecideExtension(ctx context.Context, by audit.Actor, id int64, grant bool, due, now time.Time) error {
	if grant && !due.After(now) {
		return ErrBadDue
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		th, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if !th.ExtensionWaiting() {
			return ErrNoRequest
		}
		if th.Stage != applications.TakeHome {
			return ErrStageOver
		}
		if grant && !due.After(th.DueAt) {
			return ErrBadDue // more time, never less
		}
		decision := "declined"
		if grant {
			decision = "granted"
		} else {
			due = th.DueAt
		}
		var n Notice
		if err := tx.QueryRow(ctx, `
			UPDATE take_homes th SET extension_decision = $2, extension_decided_at = $3, extension_decided_by = $4, due_at = $5
			FROM applications a JOIN roles r ON r.id = a.role_id
			WHERE th.application_id = $1 AND a.id = th.application_id
			RETURNING a.email, a.full_name, coalesce(a.time_zone, ''), r.title`,
			id, decision, now, by.Label, due).Scan(&n.To, &n.Name, &n.TimeZone, &n.RoleTitle); err != nil {
			return fmt.Errorf("decide extension: %w", err)
		}
		if err := s.queue.CancelTx(ctx, tx, ExtensionArgs{}.Kind(), map[string]int64{"application_id": id}); err != nil {
			return err
		}
		if grant {
			if err := s.queue.CancelTx(ctx, tx, DueSoonArgs{}.Kind(), map[string]int64{"application_id": id}); err != nil {
				return err
			}
			if err := s.scheduleDueSoon(ctx, tx, id, due, now); err != nil {
				return err
			}
		}
		n.Kind, n.ApplicationID, n.Due = "extension_"+decision, id, due
		n.Key = mail.Key("take-home", id, "extension")
		if n.Token, err = applications.NewLinkTx(ctx, tx, id); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, n); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "application.take_home_extension", "application "+strconv.FormatInt(id, 10),
			decision+", due "+due.UTC().Format(time.RFC3339))
	})
}

// SubmissionFile returns the work of application id when it is a file;
// ErrNotFound otherwise.
func (s *Store) SubmissionFile(ctx context.Context, id int64) (Submission, []byte, error) {
	return s.submissionFile(ctx, id, 0)
}

// SubmissionForInterviewer returns the work of application id when it is
// assigned to interviewer (at any stage: later rounds discuss it too);
// ErrNotFound otherwise, exactly as for a missing id.
func (s *Store) SubmissionForInterviewer(ctx context.Context, interviewer, id int64) (Submission, []byte, error) {
	return s.submissionFile(ctx, id, interviewer)
}

func (s *Store) submissionFile(ctx context.Context, id, interviewer int64) (Submission, []byte, error) {
	var sub Submission
	var data []byte
	err := s.pool.QueryRow(ctx, `
		SELECT su.file_name, su.content_type, su.size, su.submitted_at, su.versions, su.data
		FROM take_home_submissions su JOIN applications a ON a.id = su.application_id
		WHERE su.application_id = $1 AND su.kind = 'file' AND a.erased_at IS NULL
		  AND ($2 = 0 OR EXISTS (SELECT FROM interview_assignments ia WHERE ia.application_id = $1 AND ia.account_id = $2))`,
		id, interviewer).Scan(&sub.FileName, &sub.ContentType, &sub.Size, &sub.SubmittedAt, &sub.Versions, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return Submission{}, nil, ErrNotFound
	}
	if err != nil {
		return Submission{}, nil, fmt.Errorf("take-home work: %w", err)
	}
	sub.Kind = "file"
	return sub, data, nil
}

// Waiting lists the applications whose extension request waits for a
// recruiter, oldest request first.
func (s *Store) Waiting(ctx context.Context) ([]WaitingRequest, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT th.application_id, a.full_name, r.title AS role_title, th.extension_requested_at AS requested_at, th.due_at
		FROM take_homes th JOIN applications a ON a.id = th.application_id JOIN roles r ON r.id = a.role_id
		WHERE th.extension_requested_at IS NOT NULL AND th.extension_decision IS NULL AND a.erased_at IS NULL
		  AND a.stage = 'take_home'
		ORDER BY th.extension_requested_at LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("waiting extensions: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[WaitingRequest])
}

// WaitingRequest is an extension request a recruiter has not answered.
type WaitingRequest struct {
	ApplicationID int64     `db:"application_id"`
	FullName      string    `db:"full_name"`
	RoleTitle     string    `db:"role_title"`
	RequestedAt   time.Time `db:"requested_at"`
	DueAt         time.Time `db:"due_at"`
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
