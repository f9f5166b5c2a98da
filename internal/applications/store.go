package applications

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/db"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/token"
)

// Store reads and writes applications in PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	// ListTimeout, when set, replaces DefaultListTimeout (tests make it
	// short).
	ListTimeout time.Duration
	// FewMatches, when set, replaces DefaultFewMatches (tests use -1 to
	// make every text search walk its order, and a large value to make
	// every one gather and sort its matches).
	FewMatches int
	// AfterMove, when set, runs inside every stage move's transaction
	// once the move is made: work that waited on the old stage (a
	// take-home's reminders) is cancelled with it. The caller wires it.
	AfterMove func(ctx context.Context, tx pgx.Tx, id int64, from, to Stage) error
	// ReplyBy, when set, recomputes application id's reply-by moment
	// inside the transaction that changed what it counts from: a new
	// application, a move, an interview's time (replyby.Store.RefreshTx).
	ReplyBy func(ctx context.Context, tx pgx.Tx, id int64) error
	// Jobs, when set, queues the reminders this store schedules (an
	// interviewer's missing scorecard a day after the interview).
	Jobs *jobs.Queue
}

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// RefreshReplyBy recomputes application id's reply-by moment in tx (a
// change in another package, such as a take-home handed in, calls it);
// nothing without a ReplyBy hook.
func (s *Store) RefreshReplyBy(ctx context.Context, tx pgx.Tx, id int64) error {
	if s.ReplyBy == nil {
		return nil
	}
	return s.ReplyBy(ctx, tx, id)
}

// ActorApplicant is the actor of events the student caused.
const ActorApplicant = "applicant"

// Submit stores a validated application, its resume and its first event
// in one transaction and returns the new status token. The same email
// applying twice to a role stores one application: the second gets
// ErrDuplicate, or a *ResubmittedError when it came from the same form.
// notify, when not nil, queues the confirmation in the same transaction;
// extras store what comes with the application (answers to the role's
// questions) in it too.
func (s *Store) Submit(ctx context.Context, roleID int64, in Input, resume Resume, now time.Time, notify Notify, extras ...Extra) (string, error) {
	var statusToken string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// FOR SHARE keeps the role from being closed while we insert.
		var open bool
		var roleTitle string
		err := tx.QueryRow(ctx, `
			SELECT status = 'open' AND (closes_at IS NULL OR closes_at > $2), title
			FROM roles WHERE id = $1 FOR SHARE`, roleID, now).Scan(&open, &roleTitle)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && !open) {
			return ErrRoleClosed
		}
		if err != nil {
			return err
		}

		var id int64
		err = tx.QueryRow(ctx, `
			INSERT INTO applications (role_id, submission_key, full_name, email, phone, university,
			                          degree_level, graduation, linkedin_url, github_url, portfolio_url,
			                          why, consented_at, source, source_medium, source_campaign)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULLIF($14, ''), NULLIF($15, ''), NULLIF($16, ''))
			ON CONFLICT DO NOTHING
			RETURNING id`,
			roleID, SubmissionKeyHash(in.SubmissionKey), in.FullName, in.Email, in.Phone, in.University,
			in.Degree, in.Graduation(now), in.LinkedIn, in.GitHub, in.Portfolio, in.Why, now,
			in.Source.Source, in.Source.Medium, in.Source.Campaign,
		).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return s.explainConflict(ctx, tx, roleID, in)
		}
		if err != nil {
			return err
		}
		if statusToken, err = newLink(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO resumes (application_id, file_name, content_type, size, data)
			VALUES ($1, $2, 'application/pdf', $3, $4)`,
			id, CleanFileName(resume.FileName), len(resume.Data), resume.Data); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO application_events (application_id, kind, to_stage, actor)
			VALUES ($1, 'stage', 'applied', $2)`, id, ActorApplicant); err != nil {
			return err
		}
		for _, extra := range extras {
			if err := extra(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := s.RefreshReplyBy(ctx, tx, id); err != nil {
			return err
		}
		if notify == nil {
			return nil
		}
		return notify(ctx, tx, Notice{Kind: "received", ApplicationID: id, Token: statusToken, Email: in.Email,
			FullName: in.FullName, RoleTitle: roleTitle, To: Applied})
	})
	if err != nil {
		if _, ok := errors.AsType[*ResubmittedError](err); ok ||
			errors.Is(err, ErrDuplicate) || errors.Is(err, ErrRoleClosed) || errors.Is(err, ErrFormReused) {
			return "", err
		}
		return "", fmt.Errorf("submit application: %w", err)
	}
	return statusToken, nil
}

// explainConflict finds out why the insert did nothing: this email has
// already applied (from this form or another), or this form's key was
// used for a different email. It runs in the transaction that is rolled
// back, so it mints nothing: the caller asks NewLink.
func (s *Store) explainConflict(ctx context.Context, tx pgx.Tx, roleID int64, in Input) error {
	var id int64
	var key, name string
	err := tx.QueryRow(ctx, `
		SELECT id, submission_key, full_name FROM applications
		WHERE role_id = $1 AND lower(email) = lower($2)`, roleID, in.Email).Scan(&id, &key, &name)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ErrFormReused
	case err != nil:
		return err
	case key == SubmissionKeyHash(in.SubmissionKey):
		return &ResubmittedError{ApplicationID: id}
	default:
		return &DuplicateError{ApplicationID: id, FullName: name}
	}
}

// ByToken returns the status of the application with token. An erased
// application has no status page: its link, which may sit in an old
// inbox, finds nothing.
func (s *Store) ByToken(ctx context.Context, tok string) (Status, error) {
	if !token.Valid(tok) {
		return Status{}, ErrNotFound
	}
	st, err := db.One(ctx, s.pool, pgx.RowToStructByNameLax[Status], ErrNotFound, `
		SELECT a.id, a.role_id, a.full_name, a.email, a.stage, a.created_at, a.updated_at,
		       coalesce(a.time_zone, '') AS time_zone, r.title AS role_title, r.slug AS role_slug, r.team AS role_team,
		       a.reply_by
		FROM applications a `+byLink+` JOIN roles r ON r.id = a.role_id
		WHERE a.erased_at IS NULL`, token.Hash(tok))
	if errors.Is(err, ErrNotFound) {
		return Status{}, err
	}
	if err != nil {
		return Status{}, fmt.Errorf("application by token: %w", err)
	}
	st.Token = tok
	rows, err := s.pool.Query(ctx, `
		SELECT from_stage, to_stage, created_at FROM application_events
		WHERE application_id = $1 AND kind = 'stage'
		ORDER BY id`, st.ID)
	if err != nil {
		return Status{}, fmt.Errorf("application history: %w", err)
	}
	st.History, err = pgx.CollectRows(rows, pgx.RowToStructByName[Event])
	if err != nil {
		return Status{}, fmt.Errorf("application history: %w", err)
	}
	return st, nil
}

// Withdraw ends the application with token at the student's request
// (ErrNotFound once it is erased: no event, no mail to a placeholder).
// Withdrawing twice is not an error; withdrawing a decided one is. notify
// queues the confirmation in the same transaction.
func (s *Store) Withdraw(ctx context.Context, tok string, notify Notify) error {
	if !token.Valid(tok) {
		return ErrNotFound
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		var stage Stage
		var email, name, roleTitle string
		err := tx.QueryRow(ctx, `
			SELECT a.id, a.stage, a.email, a.full_name, r.title FROM applications a `+byLink+`
			JOIN roles r ON r.id = a.role_id
			WHERE a.erased_at IS NULL FOR UPDATE OF a`, token.Hash(tok)).Scan(&id, &stage, &email, &name, &roleTitle)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		if stage == Withdrawn {
			return nil
		}
		if !stage.Open() {
			return ErrNotWithdrawable
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET stage = 'withdrawn', stage_entered_at = now(), reply_by = NULL WHERE id = $1`, id); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		var eventID int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO application_events (application_id, kind, from_stage, to_stage, actor)
			VALUES ($1, 'stage', $2, 'withdrawn', $3) RETURNING id`, id, stage, ActorApplicant).Scan(&eventID); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		if IsInterviewStage(stage) {
			if err := s.cancelInterviewReminders(ctx, tx, id, stage); err != nil {
				return err
			}
		}
		if s.AfterMove != nil {
			if err := s.AfterMove(ctx, tx, id, stage, Withdrawn); err != nil {
				return err
			}
		}
		if notify == nil {
			return nil
		}
		return notify(ctx, tx, Notice{Kind: "withdrawn", ApplicationID: id, EventID: eventID, Token: tok,
			Email: email, FullName: name, RoleTitle: roleTitle, From: stage, To: Withdrawn})
	})
}
