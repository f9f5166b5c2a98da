package applications

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"example.com/careers/internal/mail"
)

// ScorecardAfter is how long after an interview its interviewers
// without a scorecard are reminded.
const ScorecardAfter = 24 * time.Hour

// InterviewDoneArgs reminds one interviewer of a stage who met the
// student at At (Unix seconds) and has not written their scorecard: one
// job per interviewer, so one assigned later at the same time still gets
// theirs. A new time is a new job; the old one, should it run, finds the
// interview moved.
type InterviewDoneArgs struct {
	ApplicationID int64 `json:"application_id" river:"unique"`
	Stage         Stage `json:"stage" river:"unique"`
	AccountID     int64 `json:"account_id" river:"unique"`
	At            int64 `json:"at" river:"unique"`
}

// Kind names the job.
func (InterviewDoneArgs) Kind() string { return "interview_scorecard" }

// ScorecardReminder is one interviewer to remind.
type ScorecardReminder struct {
	ApplicationID int64
	Stage         Stage
	AccountID     int64
	Email, Name   string
	Applicant     string
	RoleTitle     string
	InterviewAt   time.Time
}

// Key makes the reminder's message unique.
func (r ScorecardReminder) Key() string {
	return mail.Key("interview", r.ApplicationID, r.Stage, "scorecard", r.AccountID, r.InterviewAt.Unix())
}

// scheduleInterviewReminder queues the reminder for an interview at at,
// inside tx, when the store has a queue.
func (s *Store) scheduleInterviewReminder(ctx context.Context, tx pgx.Tx, id int64, stage Stage, account int64, at time.Time) error {
	if s.Jobs == nil {
		return nil
	}
	return s.Jobs.InsertTx(ctx, tx, InterviewDoneArgs{ApplicationID: id, Stage: stage, AccountID: account, At: at.Unix()},
		&river.InsertOpts{ScheduledAt: at.Add(ScorecardAfter), UniqueOpts: river.UniqueOpts{ByArgs: true}})
}

// cancelInterviewReminders cancels the reminders of stage of application
// id inside tx: the application left the stage.
func (s *Store) cancelInterviewReminders(ctx context.Context, tx pgx.Tx, id int64, stage Stage) error {
	if s.Jobs == nil {
		return nil
	}
	return s.Jobs.CancelTx(ctx, tx, InterviewDoneArgs{}.Kind(), map[string]any{"application_id": id, "stage": stage})
}

// InterviewReminderWorker mails the job's interviewer if they met the
// student at the job's time and have no scorecard, while the application
// is still in that stage.
type InterviewReminderWorker struct {
	river.WorkerDefaults[InterviewDoneArgs]
	Pool interface {
		Begin(ctx context.Context) (pgx.Tx, error)
	}
	Outbox *mail.Outbox
	Write  func(ctx context.Context, r ScorecardReminder) (mail.Message, error)
}

// Work queues the reminders, each keyed per interviewer and time, so a
// job worked twice mails once.
func (w *InterviewReminderWorker) Work(ctx context.Context, job *river.Job[InterviewDoneArgs]) error {
	args := job.Args
	return pgx.BeginFunc(ctx, w.Pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT ac.id, ac.email, ac.name, a.full_name, r.title, ia.interview_at
			FROM interview_assignments ia
			JOIN accounts ac ON ac.id = ia.account_id AND ac.disabled_at IS NULL
			JOIN applications a ON a.id = ia.application_id AND a.stage = ia.stage AND a.erased_at IS NULL
			JOIN roles r ON r.id = a.role_id
			WHERE ia.application_id = $1 AND ia.stage = $2 AND ia.account_id = $4 AND date_trunc('second', ia.interview_at) = to_timestamp($3)
			  AND NOT EXISTS (SELECT FROM scorecards sc WHERE sc.application_id = ia.application_id AND sc.stage = ia.stage AND sc.account_id = ia.account_id)
			ORDER BY ac.id`, args.ApplicationID, args.Stage, args.At, args.AccountID)
		if err != nil {
			return err
		}
		var list []ScorecardReminder
		var r ScorecardReminder
		if _, err := pgx.ForEachRow(rows, []any{&r.AccountID, &r.Email, &r.Name, &r.Applicant, &r.RoleTitle, &r.InterviewAt}, func() error {
			r.ApplicationID, r.Stage = args.ApplicationID, args.Stage
			list = append(list, r)
			return nil
		}); err != nil {
			return err
		}
		for _, r := range list {
			m, err := w.Write(ctx, r)
			if err != nil {
				return err
			}
			m.ApplicationID = r.ApplicationID // it names the student: erasure removes it
			if err := w.Outbox.Enqueue(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
}
