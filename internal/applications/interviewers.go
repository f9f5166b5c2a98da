package applications

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
)

// InterviewStages are the stages interviewers are assigned to.
var InterviewStages = []Stage{TakeHome, Interview1, Interview2, Interview3}

// IsInterviewStage reports whether st is one of InterviewStages.
func IsInterviewStage(st Stage) bool {
	for _, s := range InterviewStages {
		if s == st {
			return true
		}
	}
	return false
}

// Assignment is one interviewer on one stage of an application.
type Assignment struct {
	ApplicationID int64  `db:"application_id"`
	Stage         Stage  `db:"stage"`
	AccountID     int64  `db:"account_id"`
	Name          string `db:"name"`
	AssignedBy    string `db:"assigned_by"`
	// InterviewAt is when they meet the student, when known.
	InterviewAt *time.Time `db:"interview_at"`
	CreatedAt   time.Time  `db:"created_at"`
}

// Errors of assignments.
var (
	ErrNotInterviewStage = errors.New("interviewers are assigned to the take-home and interview stages only")
	ErrNotStaff          = errors.New("that account cannot interview")
)

// Assign puts account on stage of application id. Assigning twice is
// not an error. The account must be an enabled staff account; the
// application must not be erased.
func (s *Store) Assign(ctx context.Context, by audit.Actor, id int64, stage Stage, account int64) error {
	return s.AssignAt(ctx, by, id, stage, account, nil)
}

// AssignAt is Assign with the moment of the interview, when known: a day
// after it, the interviewer is reminded if their scorecard is missing
// (the job is queued in the same transaction). Assigning again with a
// new moment moves it; without one keeps it.
func (s *Store) AssignAt(ctx context.Context, by audit.Actor, id int64, stage Stage, account int64, at *time.Time) error {
	if !IsInterviewStage(stage) {
		return ErrNotInterviewStage
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var erased bool
		err := tx.QueryRow(ctx, `SELECT erased_at IS NOT NULL FROM applications WHERE id = $1 FOR SHARE`, id).Scan(&erased)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if erased {
			return ErrErased
		}
		return s.AssignTx(ctx, tx, by, id, stage, account, at)
	})
}

// AssignTx is AssignAt inside tx, for a change of another package that
// assigns as it goes (a booked interview puts its interviewer on the
// stage at the booked time). The caller has checked the application.
func (s *Store) AssignTx(ctx context.Context, tx pgx.Tx, by audit.Actor, id int64, stage Stage, account int64, at *time.Time) error {
	tag, err := tx.Exec(ctx, `
		INSERT INTO interview_assignments (application_id, stage, account_id, assigned_by, interview_at)
		SELECT $1, $2, id, $4, $5 FROM accounts WHERE id = $3 AND disabled_at IS NULL
		ON CONFLICT (application_id, stage, account_id)
		DO UPDATE SET interview_at = coalesce(EXCLUDED.interview_at, interview_assignments.interview_at)`,
		id, stage, account, by.Label, at)
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23503" {
		return ErrNotStaff
	}
	if err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotStaff
	}
	detail := string(stage) + ", account " + strconv.FormatInt(account, 10)
	if at != nil {
		if err := s.scheduleInterviewReminder(ctx, tx, id, stage, account, *at); err != nil {
			return err
		}
		detail += ", interview " + at.UTC().Format(time.RFC3339)
		// An interview's time is what its reply-by counts from.
		if err := s.RefreshReplyBy(ctx, tx, id); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, by, "application.interviewer_assigned", "application "+strconv.FormatInt(id, 10), detail)
}

// Unassign takes account off stage of application id.
func (s *Store) Unassign(ctx context.Context, by audit.Actor, id int64, stage Stage, account int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM interview_assignments WHERE application_id = $1 AND stage = $2 AND account_id = $3`,
			id, stage, account)
		if err != nil {
			return fmt.Errorf("unassign: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, by, "application.interviewer_removed", "application "+strconv.FormatInt(id, 10),
			string(stage)+", account "+strconv.FormatInt(account, 10))
	})
}

// Assignments lists the interviewers of application id, by stage.
func (s *Store) Assignments(ctx context.Context, id int64) ([]Assignment, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT ia.application_id, ia.stage, ia.account_id, ac.name, ia.assigned_by, ia.interview_at, ia.created_at
		FROM interview_assignments ia JOIN accounts ac ON ac.id = ia.account_id
		WHERE ia.application_id = $1
		ORDER BY array_position(ARRAY['take_home', 'interview_1', 'interview_2', 'interview_3'], ia.stage), lower(ac.name)`, id)
	if err != nil {
		return nil, fmt.Errorf("assignments: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Assignment])
}

// Interview is what an interviewer sees of an application assigned to
// them: what the interview needs, and nothing else (no email, no phone,
// no recruiters' notes, no history).
type Interview struct {
	ID         int64     `db:"id"`
	RoleTitle  string    `db:"role_title"`
	FullName   string    `db:"full_name"`
	University string    `db:"university"`
	Degree     string    `db:"degree_level"`
	Graduation time.Time `db:"graduation"`
	LinkedIn   string    `db:"linkedin_url"`
	GitHub     string    `db:"github_url"`
	Portfolio  string    `db:"portfolio_url"`
	Why        string    `db:"why"`
	Stage      Stage     `db:"stage"`
	HasResume  bool      `db:"has_resume"`
	// Stages are the stages the interviewer is assigned to.
	Stages []Stage `db:"stages"`
}

// interviewColumns read an Interview for the interviewer whose id is the
// statement's parameter param ("$1", "$2": a constant, never input).
func interviewColumns(param string) string {
	return `a.id, r.title AS role_title, a.full_name, a.university, a.degree_level, a.graduation,
	a.linkedin_url, a.github_url, a.portfolio_url, a.why, a.stage,
	EXISTS (SELECT FROM resumes rs WHERE rs.application_id = a.id) AS has_resume,
	(SELECT array_agg(ia.stage ORDER BY ia.stage) FROM interview_assignments ia
	 WHERE ia.application_id = a.id AND ia.account_id = ` + param + `) AS stages`
}

// InterviewFor returns application id as interviewer sees it. An
// application not assigned to them is ErrNotFound, exactly as a missing
// id: an interviewer learns nothing of other applications, not even
// that they exist. Erased applications are not shown.
func (s *Store) InterviewFor(ctx context.Context, interviewer, id int64) (Interview, error) {
	iv, err := db.One(ctx, s.pool, pgx.RowToStructByName[Interview], ErrNotFound, `
		SELECT `+interviewColumns("$2")+`
		FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE a.id = $1 AND a.erased_at IS NULL
		  AND EXISTS (SELECT FROM interview_assignments ia WHERE ia.application_id = a.id AND ia.account_id = $2)`, id, interviewer)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Interview{}, fmt.Errorf("interview: %w", err)
	}
	return iv, err
}

// InterviewsOf lists the applications assigned to interviewer, newest
// assignment first.
func (s *Store) InterviewsOf(ctx context.Context, interviewer int64) ([]Interview, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+interviewColumns("$1")+`
		FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE a.erased_at IS NULL AND a.id IN (SELECT application_id FROM interview_assignments WHERE account_id = $1)
		ORDER BY (SELECT max(created_at) FROM interview_assignments ia WHERE ia.application_id = a.id AND ia.account_id = $1) DESC, a.id
		LIMIT 500`, interviewer)
	if err != nil {
		return nil, fmt.Errorf("interviews: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Interview])
}

// ResumeForInterviewer returns the resume of application id when it is
// assigned to interviewer; ErrNotFound otherwise, as for a missing id.
func (s *Store) ResumeForInterviewer(ctx context.Context, interviewer, id int64) ([]byte, error) {
	var data []byte
	err := s.pool.QueryRow(ctx, `
		SELECT rs.data FROM resumes rs JOIN applications a ON a.id = rs.application_id
		WHERE rs.application_id = $1 AND a.erased_at IS NULL
		  AND EXISTS (SELECT FROM interview_assignments ia WHERE ia.application_id = $1 AND ia.account_id = $2)`, id, interviewer).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	return data, err
}
