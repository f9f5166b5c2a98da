package decisions

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

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/text"
)

// MaxBatch bounds one bulk decision.
const MaxBatch = 500

// Errors.
var (
	ErrNotFound = errors.New("decision template not found")
	// ErrChanged: an application of the request was erased or is gone;
	// nothing was sent.
	ErrChanged = errors.New("an application changed while the decision was prepared")
	ErrEmpty   = errors.New("no applications chosen")
	ErrTooMany = fmt.Errorf("at most %d applications at once", MaxBatch)
)

// Letter is one merged decision message, ready to word as mail.
type Letter struct {
	ApplicationID int64
	EventID       int64
	// Token is a fresh status link (empty in a preview).
	Token    string
	To       string
	FullName string
	Role     string
	Subject  string
	Body     string
	ReplyTo  string
	// SendAt is when it goes (nil: at once), in Zone, the student's own.
	SendAt *time.Time
	Zone   *time.Location
	// Feedback is true when the student reached an interview and the
	// feedback was included.
	Feedback bool
}

// Write words a letter as mail (web.DecisionMail).
type Write func(ctx context.Context, l Letter) (mail.Message, error)

// Options are the program's rules for decision mail.
type Options struct {
	// ReplyTo is where students' answers go.
	ReplyTo string
	// SendHour is the hour of the student's day scheduled decisions
	// arrive at; SiteZone is the zone of students who chose none.
	SendHour int
	SiteZone *time.Location
}

// Store keeps the templates and sends decisions.
type Store struct {
	pool    *pgxpool.Pool
	apps    *applications.Store
	outbox  *mail.Outbox
	write   Write
	Options Options
}

// NewStore returns a Store: decisions move applications through apps
// and queue their mail in outbox as write words it.
func NewStore(pool *pgxpool.Pool, apps *applications.Store, outbox *mail.Outbox, write Write, o Options) *Store {
	return &Store{pool: pool, apps: apps, outbox: outbox, write: write, Options: o}
}

const templateColumns = `id, name, subject, body, updated_by, updated_at`

// Templates lists the templates in the order recruiters see them.
func (s *Store) Templates(ctx context.Context) ([]Template, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+templateColumns+` FROM decision_templates ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("decision templates: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Template])
}

// Template returns the template with id.
func (s *Store) Template(ctx context.Context, id int64) (Template, error) {
	return db.One(ctx, s.pool, pgx.RowToStructByName[Template], ErrNotFound,
		`SELECT `+templateColumns+` FROM decision_templates WHERE id = $1`, id)
}

// Check cleans t and returns its problems by field.
func (t *Template) Check() map[string]string {
	p := map[string]string{}
	t.Name, t.Subject = text.Line(t.Name, MaxNameRunes+1), text.Line(t.Subject, MaxSubjectRunes+1)
	t.Body = text.Block(t.Body, MaxBodyRunes+1)
	for _, f := range []struct {
		field, value, what string
		max                int
	}{{FieldName, t.Name, "a name recruiters will recognise", MaxNameRunes}, {FieldSubject, t.Subject, "the subject line", MaxSubjectRunes},
		{FieldBody, t.Body, "the message", MaxBodyRunes}} {
		switch {
		case f.value == "":
			p[f.field] = "Enter " + f.what + "."
		case text.Runes(f.value) > f.max:
			p[f.field] = "Keep it to " + strconv.Itoa(f.max) + " characters or fewer."
		}
	}
	return p
}

// Update saves an edited template (checked with Check).
func (s *Store) Update(ctx context.Context, by audit.Actor, t Template) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE decision_templates SET name = $2, subject = $3, body = $4, updated_by = $5, updated_at = now() WHERE id = $1`,
			t.ID, t.Name, t.Subject, t.Body, by.Label)
		if err != nil {
			return fmt.Errorf("update decision template: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, by, "decision_template.update", "template "+strconv.FormatInt(t.ID, 10), t.Name)
	})
}

// picker returns the template for each recipient: the one with id, or
// for id 0 (the stage form's rejection, with no template chosen) the
// first template, and the second for students who reached an interview.
func (s *Store) picker(ctx context.Context, id int64) (func(recipient) Template, error) {
	if id != 0 {
		t, err := s.Template(ctx, id)
		return func(recipient) Template { return t }, err
	}
	all, err := s.Templates(ctx)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, ErrNotFound
	}
	return func(rc recipient) Template {
		if rc.Interviewed && len(all) > 1 {
			return all[1]
		}
		return all[0]
	}, nil
}

// Request is a rejection of one or many applications.
type Request struct {
	IDs []int64
	// TemplateID is the template to send; 0 picks by stage reached
	// (see picker).
	TemplateID int64
	Note       string
	// Feedback goes only to students who reached an interview.
	Feedback string
	// Schedule holds each message until SendHour of the student's day.
	Schedule bool
	// Override is the reason to close interview rounds whose scorecards
	// are missing (see applications.MoveTx).
	Override string
}

// clean bounds the request's texts and ids.
func (r *Request) clean() error {
	r.Note, r.Feedback = text.Block(r.Note, MaxNoteRunes), text.Block(r.Feedback, MaxFeedbackRunes)
	slices.Sort(r.IDs)
	r.IDs = slices.Compact(r.IDs)
	switch {
	case len(r.IDs) == 0:
		return ErrEmpty
	case len(r.IDs) > MaxBatch:
		return ErrTooMany
	}
	return nil
}

type recipient struct {
	ID          int64              `db:"id"`
	FullName    string             `db:"full_name"`
	Email       string             `db:"email"`
	Stage       applications.Stage `db:"stage"`
	TimeZone    string             `db:"time_zone"`
	Role        string             `db:"role"`
	Team        string             `db:"team"`
	Interviewed bool               `db:"interviewed"`
}

func (s *Store) recipients(ctx context.Context, q db.Querier, ids []int64, lock bool) ([]recipient, error) {
	sql := `
		SELECT a.id, a.full_name, a.email, a.stage, coalesce(a.time_zone, '') AS time_zone, r.title AS role, r.team,
		       EXISTS (SELECT FROM application_events e WHERE e.application_id = a.id
		               AND e.to_stage IN ('interview_1', 'interview_2', 'interview_3')) AS interviewed
		FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE a.id = ANY($1) AND a.erased_at IS NULL ORDER BY a.id`
	if lock {
		sql += ` FOR UPDATE OF a`
	}
	rows, err := q.Query(ctx, sql, ids)
	if err != nil {
		return nil, fmt.Errorf("decision recipients: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[recipient])
	if err != nil {
		return nil, fmt.Errorf("decision recipients: %w", err)
	}
	if len(list) != len(ids) {
		return nil, ErrChanged
	}
	return list, nil
}

// letter merges t for rc at now.
func (s *Store) letter(t Template, r Request, rc recipient, now time.Time) Letter {
	f := Fields{Name: rc.FullName, Role: rc.Role, Team: rc.Team, Note: r.Note}
	if rc.Interviewed {
		f.Feedback = r.Feedback
	}
	l := Letter{ApplicationID: rc.ID, To: rc.Email, FullName: rc.FullName, Role: rc.Role, ReplyTo: s.Options.ReplyTo,
		Feedback: f.Feedback != ""}
	l.Subject, l.Body = t.Merge(f)
	if r.Schedule {
		zone := s.Options.SiteZone
		if loc, err := applications.CheckTimeZone(rc.TimeZone); rc.TimeZone != "" && err == nil {
			zone = loc
		}
		at := SendAt(now, zone, cmp.Or(s.Options.SendHour, 10))
		l.SendAt, l.Zone = &at, zone
	}
	return l
}

// Preview merges r's messages, one per application, without sending or
// moving anything.
func (s *Store) Preview(ctx context.Context, r Request, now time.Time) ([]Letter, error) {
	if err := r.clean(); err != nil {
		return nil, err
	}
	pick, err := s.picker(ctx, r.TemplateID)
	if err != nil {
		return nil, err
	}
	list, err := s.recipients(ctx, s.pool, r.IDs, false)
	if err != nil {
		return nil, err
	}
	letters := make([]Letter, len(list))
	for i, rc := range list {
		letters[i] = s.letter(pick(rc), r, rc, now)
	}
	return letters, nil
}

// Reject moves every application of r to rejected and queues its
// message, all in one transaction: every one or none. A second send of
// the same request (a double click, a second tab) finds them rejected
// and sends nothing.
func (s *Store) Reject(ctx context.Context, by audit.Actor, r Request, now time.Time) (int, error) {
	if err := r.clean(); err != nil {
		return 0, err
	}
	pick, err := s.picker(ctx, r.TemplateID)
	if err != nil {
		return 0, err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		list, err := s.recipients(ctx, tx, r.IDs, true)
		if err != nil {
			return err
		}
		for _, rc := range list {
			l := s.letter(pick(rc), r, rc, now)
			notify := func(ctx context.Context, tx pgx.Tx, n applications.Notice) error {
				l.EventID, l.Token = n.EventID, n.Token
				msg, err := s.write(ctx, l)
				if err != nil {
					return err
				}
				msg.ApplicationID = rc.ID
				return s.outbox.Enqueue(ctx, tx, msg)
			}
			m := applications.Move{ID: rc.ID, From: rc.Stage, To: applications.Rejected, Tell: true, Override: r.Override}
			if err := s.apps.MoveTx(ctx, tx, by, m, notify); err != nil {
				return &applications.MoveError{ID: rc.ID, Err: err}
			}
		}
		return audit.Record(ctx, tx, by, "decision.reject", "template "+strconv.FormatInt(r.TemplateID, 10),
			fmt.Sprintf("%d applications, scheduled=%t, note=%t, feedback=%t", len(list), r.Schedule, r.Note != "", r.Feedback != ""))
	})
	if err != nil {
		return 0, err
	}
	return len(r.IDs), nil
}
