package takehomes

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
)

// Every reminder is unique by its args: inserted twice (two instances,
// a retried transaction) it is one job, and its mail has a key of its
// own, so even a job worked twice mails once.
var uniqueByArgs = river.UniqueOpts{ByArgs: true}

// DueSoonArgs reminds the student a day before the work is due. DueAt
// (Unix seconds) is part of the job: an extension queues a new one, and
// the old one, should it run, finds the due moment changed.
type DueSoonArgs struct {
	ApplicationID int64 `json:"application_id" river:"unique"`
	DueAt         int64 `json:"due_at" river:"unique"`
}

// Kind names the job.
func (DueSoonArgs) Kind() string { return "take_home_due_soon" }

// GradeArgs reminds the graders who have not written their scorecard a
// day after the work came in.
type GradeArgs struct {
	ApplicationID int64 `json:"application_id" river:"unique"`
}

// Kind names the job.
func (GradeArgs) Kind() string { return "take_home_grade" }

// ExtensionArgs reminds the recruiters of an extension request that
// waits.
type ExtensionArgs struct {
	ApplicationID int64 `json:"application_id" river:"unique"`
}

// Kind names the job.
func (ExtensionArgs) Kind() string { return "take_home_extension" }

// scheduleDueSoon queues the due-soon reminder for due inside tx, unless
// the due moment is so close that the student has just been told.
func (s *Store) scheduleDueSoon(ctx context.Context, tx pgx.Tx, id int64, due, now time.Time) error {
	at := due.Add(-RemindBefore)
	if at.Before(now.Add(time.Hour)) {
		return nil
	}
	return s.queue.InsertTx(ctx, tx, DueSoonArgs{ApplicationID: id, DueAt: due.Unix()},
		&river.InsertOpts{ScheduledAt: at, UniqueOpts: uniqueByArgs})
}

// AfterMove cancels the take-home's reminders once the application
// leaves the take-home stage (wire it as applications.Store.AfterMove):
// nobody needs to hear about work that no longer counts.
func (s *Store) AfterMove(ctx context.Context, tx pgx.Tx, id int64, from, _ applications.Stage) error {
	if from != applications.TakeHome {
		return nil
	}
	match := map[string]int64{"application_id": id}
	for _, kind := range []string{DueSoonArgs{}.Kind(), GradeArgs{}.Kind(), ExtensionArgs{}.Kind()} {
		if err := s.queue.CancelTx(ctx, tx, kind, match); err != nil {
			return err
		}
	}
	return nil
}

// Register adds the reminder jobs' workers to q (before it starts).
func (s *Store) Register(q *jobs.Queue) {
	jobs.Add(q, &DueSoonWorker{store: s})
	jobs.Add(q, &GradeWorker{store: s})
	jobs.Add(q, &ExtensionWorker{store: s})
}

// DueSoonWorker sends the student's reminder, if it is still wanted.
type DueSoonWorker struct {
	river.WorkerDefaults[DueSoonArgs]
	store *Store
}

// Work checks, in one transaction with the take-home locked, that the
// work is still due at the same moment and not in, then queues the mail.
func (w *DueSoonWorker) Work(ctx context.Context, job *river.Job[DueSoonArgs]) error {
	s, id := w.store, job.Args.ApplicationID
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		th, err := s.lock(ctx, tx, id)
		if errors.Is(err, ErrNotFound) {
			return nil // erased
		}
		if err != nil {
			return err
		}
		var in bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM take_home_submissions WHERE application_id = $1)`, id).Scan(&in); err != nil {
			return err
		}
		if in || th.Stage != applications.TakeHome || th.DueAt.Unix() != job.Args.DueAt {
			return nil
		}
		n := Notice{Kind: "due_soon", ApplicationID: id, Due: th.DueAt, Key: mail.Key("take-home", id, "due-soon", job.Args.DueAt)}
		if err := tx.QueryRow(ctx, `
			SELECT a.email, a.full_name, coalesce(a.time_zone, ''), r.title FROM applications a JOIN roles r ON r.id = a.role_id
			WHERE a.id = $1`, id).Scan(&n.To, &n.Name, &n.TimeZone, &n.RoleTitle); err != nil {
			return err
		}
		if n.Token, err = applications.NewLinkTx(ctx, tx, id); err != nil {
			return err
		}
		return s.notify(ctx, tx, n)
	})
}

// GradeWorker reminds each grader of the take-home stage whose scorecard
// is missing.
type GradeWorker struct {
	river.WorkerDefaults[GradeArgs]
	store *Store
}

// Work mails the graders still without a scorecard, while the
// application is in the take-home stage.
func (w *GradeWorker) Work(ctx context.Context, job *river.Job[GradeArgs]) error {
	s, id := w.store, job.Args.ApplicationID
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT ac.id, ac.email, ac.name, a.full_name, r.title
			FROM interview_assignments ia
			JOIN accounts ac ON ac.id = ia.account_id AND ac.disabled_at IS NULL
			JOIN applications a ON a.id = ia.application_id AND a.stage = 'take_home' AND a.erased_at IS NULL
			JOIN roles r ON r.id = a.role_id
			WHERE ia.application_id = $1 AND ia.stage = 'take_home'
			  AND NOT EXISTS (SELECT FROM scorecards sc WHERE sc.application_id = ia.application_id AND sc.stage = ia.stage AND sc.account_id = ia.account_id)
			ORDER BY ac.id`, id)
		if err != nil {
			return err
		}
		return s.mailStaff(ctx, tx, rows, Notice{Kind: "grade", ApplicationID: id}, "grade")
	})
}

// ExtensionWorker reminds the recruiters of a waiting extension request:
// the one who sent the take-home, or, when that account is gone, every
// recruiter and admin.
type ExtensionWorker struct {
	river.WorkerDefaults[ExtensionArgs]
	store *Store
}

// Work mails the recruiters if the request still waits.
func (w *ExtensionWorker) Work(ctx context.Context, job *river.Job[ExtensionArgs]) error {
	s, id := w.store, job.Args.ApplicationID
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		th, err := s.lock(ctx, tx, id)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if !th.ExtensionWaiting() || th.Stage != applications.TakeHome {
			return nil
		}
		rows, err := tx.Query(ctx, `
			WITH sender AS (
				SELECT ac.id FROM take_homes th JOIN accounts ac ON ac.id = th.sent_by_account
				WHERE th.application_id = $1 AND ac.disabled_at IS NULL AND NOT ac.is_interviewer
			)
			SELECT ac.id, ac.email, ac.name, a.full_name, r.title
			FROM accounts ac, applications a JOIN roles r ON r.id = a.role_id
			WHERE a.id = $1 AND ac.disabled_at IS NULL AND NOT ac.is_interviewer
			  AND (ac.id IN (SELECT id FROM sender) OR NOT EXISTS (SELECT FROM sender))
			ORDER BY ac.id`, id)
		if err != nil {
			return err
		}
		return s.mailStaff(ctx, tx, rows, Notice{Kind: "extension_waiting", ApplicationID: id, Due: th.DueAt}, "extension-waiting")
	})
}

// mailStaff queues n for each staff row (id, email, name, applicant's
// name, role title), keyed per account.
func (s *Store) mailStaff(ctx context.Context, tx pgx.Tx, rows pgx.Rows, n Notice, what string) error {
	type staff struct {
		id                         int64
		email, name, student, role string
	}
	var to []staff
	var st staff
	if _, err := pgx.ForEachRow(rows, []any{&st.id, &st.email, &st.name, &st.student, &st.role}, func() error {
		to = append(to, st)
		return nil
	}); err != nil {
		return err
	}
	for _, st := range to {
		m := n
		m.To, m.Name, m.Applicant, m.RoleTitle = st.email, st.name, st.student, st.role
		m.Key = mail.Key("take-home", n.ApplicationID, what, st.id)
		if err := s.notify(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}
