// Package adjustments holds students' requests for adjustments (extra
// time, another format, an interpreter, anything) and how recruiters
// handled them: what was asked, the acknowledgement, the note, and the
// take-home hours and interview minutes arranged; the SQL for
// adjustment_requests. Only recruiters see a request; interviewers see
// the minutes arranged, never why.
package adjustments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/text"
)

// Limits.
const (
	MaxBodyRunes = 2000
	// MaxOpen bounds the requests waiting on one application: a status
	// link in the wrong hands cannot flood the recruiters.
	MaxOpen               = 5
	MaxExtraHours         = 720
	MaxExtraMinutes       = 240
	FieldBody             = "adjustment"
	FieldNote             = "note"
	FieldTakeHomeHours    = "take_home_hours"
	FieldInterviewMinutes = "interview_minutes"
)

// Errors.
var (
	ErrNotFound = errors.New("adjustment request not found")
	ErrTooMany  = fmt.Errorf("at most %d requests may wait at once", MaxOpen)
	ErrHandled  = errors.New("the request was already handled")
)

// Request is one request and its handling.
type Request struct {
	ID            int64      `db:"id"`
	ApplicationID int64      `db:"application_id"`
	Body          string     `db:"body"`
	CreatedAt     time.Time  `db:"created_at"`
	HandledAt     *time.Time `db:"handled_at"`
	HandledBy     *string    `db:"handled_by"`
	Note          *string    `db:"handling_note"`
}

// Arranged is what an application has been given: more take-home hours
// and more minutes per interview.
type Arranged struct {
	TakeHomeHours    int `db:"take_home_extra_hours"`
	InterviewMinutes int `db:"interview_extra_minutes"`
}

// Notice tells the student their request arrived or was handled.
type Notice struct {
	Kind          string // "received" or "handled"
	RequestID     int64
	ApplicationID int64
	Email         string
	FullName      string
	RoleTitle     string
	Token         string // a fresh status link
	Note          string
}

// Notify queues the student's mail in the request's transaction.
type Notify func(ctx context.Context, tx pgx.Tx, n Notice) error

// Store reads and writes adjustment_requests.
type Store struct {
	pool   *pgxpool.Pool
	Notify Notify
	// Extend gives a take-home already sent more time, in the handling's
	// transaction (takehomes.Store.ExtendTx).
	Extend func(ctx context.Context, tx pgx.Tx, applicationID int64, delta time.Duration, now time.Time) (bool, error)
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Clean normalises a request's text and says what is wrong with it.
func Clean(body string) (string, string) {
	body = text.Block(body, 4*MaxBodyRunes)
	switch n := text.Runes(body); {
	case n == 0:
		return body, "Tell us what would help: for example extra time, another format, or an interpreter."
	case n > MaxBodyRunes:
		return body, fmt.Sprintf("Your request is %d characters long. Please shorten it to %d or fewer.", n, MaxBodyRunes)
	}
	return body, ""
}

// Ask stores a request for application id and acknowledges it by mail.
// body must have passed Clean.
func (s *Store) Ask(ctx context.Context, id int64, body string, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.ask(ctx, tx, id, body, now) })
}

// AskWith is Ask in the transaction that stores a new application, for
// a request sent with the apply form (applications.Extra).
func (s *Store) AskWith(body string, now time.Time) applications.Extra {
	return func(ctx context.Context, tx pgx.Tx, id int64) error { return s.ask(ctx, tx, id, body, now) }
}

func (s *Store) ask(ctx context.Context, tx pgx.Tx, id int64, body string, now time.Time) error {
	n := Notice{Kind: "received", ApplicationID: id}
	var erased bool
	err := tx.QueryRow(ctx, `
		SELECT a.email, a.full_name, r.title, a.erased_at IS NOT NULL FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE a.id = $1 FOR NO KEY UPDATE OF a`, id).Scan(&n.Email, &n.FullName, &n.RoleTitle, &erased)
	if errors.Is(err, pgx.ErrNoRows) || erased {
		return applications.ErrNotFound
	}
	if err != nil {
		return err
	}
	var open int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM adjustment_requests WHERE application_id = $1 AND handled_at IS NULL`, id).Scan(&open); err != nil {
		return err
	}
	if open >= MaxOpen {
		return ErrTooMany
	}
	if err := tx.QueryRow(ctx, `INSERT INTO adjustment_requests (application_id, body, created_at) VALUES ($1, $2, $3) RETURNING id`,
		id, body, now).Scan(&n.RequestID); err != nil {
		return fmt.Errorf("ask for an adjustment: %w", err)
	}
	return s.notify(ctx, tx, n)
}

func (s *Store) notify(ctx context.Context, tx pgx.Tx, n Notice) error {
	if s.Notify == nil {
		return nil
	}
	var err error
	if n.Token, err = applications.NewLinkTx(ctx, tx, n.ApplicationID); err != nil {
		return err
	}
	return s.Notify(ctx, tx, n)
}

const requestColumns = `id, application_id, body, created_at, handled_at, handled_by, handling_note`

// ForApplication lists application id's requests, oldest first.
func (s *Store) ForApplication(ctx context.Context, id int64) ([]Request, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+requestColumns+` FROM adjustment_requests WHERE application_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("adjustments: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Request])
}

// ArrangedFor returns what application id has been given.
func (s *Store) ArrangedFor(ctx context.Context, id int64) (Arranged, error) {
	var a Arranged
	err := s.pool.QueryRow(ctx, `SELECT take_home_extra_hours, interview_extra_minutes FROM applications WHERE id = $1`, id).
		Scan(&a.TakeHomeHours, &a.InterviewMinutes)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, applications.ErrNotFound
	}
	return a, err
}

// Handling is a recruiter's answer to a request: the note the student
// reads, and what the application is given from now on.
type Handling struct {
	Note     string
	Arranged Arranged
}

// Problems are a handling form's errors by field.
type Problems map[string]string

func (p Problems) Error() string { return "handling incomplete" }

// ParseHandling checks a handling form's fields.
func ParseHandling(note, hours, minutes string) (Handling, Problems) {
	p := Problems{}
	h := Handling{Note: text.Block(note, 4*MaxBodyRunes)}
	switch n := text.Runes(h.Note); {
	case n == 0:
		p[FieldNote] = "Write what was arranged, or why not: the student reads it."
	case n > MaxBodyRunes:
		p[FieldNote] = fmt.Sprintf("Keep the note to %d characters or fewer.", MaxBodyRunes)
	}
	number := func(field, s string, most int, msg string) int {
		if s == "" {
			return 0
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 || v > most {
			p[field] = msg
		}
		return v
	}
	h.Arranged.TakeHomeHours = number(FieldTakeHomeHours, text.Line(hours, 10), MaxExtraHours, "Enter the extra take-home hours as a whole number from 0 to 720.")
	h.Arranged.InterviewMinutes = number(FieldInterviewMinutes, text.Line(minutes, 10), MaxExtraMinutes, "Enter the extra interview minutes as a whole number from 0 to 240.")
	if len(p) > 0 {
		return Handling{}, p
	}
	return h, nil
}

// Handle records h for request req of application id, sets what the
// application is given (a take-home already sent gets the difference in
// hours at once), and mails the student the note: one transaction.
func (s *Store) Handle(ctx context.Context, by audit.Actor, id, req int64, h Handling, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		n := Notice{Kind: "handled", RequestID: req, ApplicationID: id, Note: h.Note}
		var before Arranged
		err := tx.QueryRow(ctx, `
			SELECT a.email, a.full_name, r.title, a.take_home_extra_hours, a.interview_extra_minutes
			FROM applications a JOIN roles r ON r.id = a.role_id WHERE a.id = $1 AND a.erased_at IS NULL FOR NO KEY UPDATE OF a`, id).
			Scan(&n.Email, &n.FullName, &n.RoleTitle, &before.TakeHomeHours, &before.InterviewMinutes)
		if errors.Is(err, pgx.ErrNoRows) {
			return applications.ErrNotFound
		}
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE adjustment_requests SET handled_at = $3, handled_by = $4, handling_note = $5
			WHERE id = $2 AND application_id = $1 AND handled_at IS NULL`, id, req, now, by.Label, h.Note)
		if err != nil {
			return fmt.Errorf("handle adjustment: %w", err)
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM adjustment_requests WHERE id = $1 AND application_id = $2)`, req, id).Scan(&exists); err != nil {
				return err
			}
			if exists {
				return ErrHandled
			}
			return ErrNotFound
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET take_home_extra_hours = $2, interview_extra_minutes = $3 WHERE id = $1`,
			id, h.Arranged.TakeHomeHours, h.Arranged.InterviewMinutes); err != nil {
			return fmt.Errorf("arrange adjustment: %w", err)
		}
		if delta := h.Arranged.TakeHomeHours - before.TakeHomeHours; delta > 0 && s.Extend != nil {
			if _, err := s.Extend(ctx, tx, id, time.Duration(delta)*time.Hour, now); err != nil {
				return err
			}
		}
		if err := s.notify(ctx, tx, n); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "application.adjustment_handled", "application "+strconv.FormatInt(id, 10),
			fmt.Sprintf("take-home +%dh, interviews +%dmin", h.Arranged.TakeHomeHours, h.Arranged.InterviewMinutes))
	})
}

// Waiting counts the requests no recruiter has handled yet, for the
// dashboard.
func (s *Store) Waiting(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM adjustment_requests WHERE handled_at IS NULL`).Scan(&n)
	return n, err
}
