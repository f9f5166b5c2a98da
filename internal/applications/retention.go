package applications

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"example.com/careers/internal/audit"
)

// RetentionBatch is how many applications one transaction anonymises: a
// backlog of a million rows never holds its locks in one go, and each
// application is still anonymised whole (fields, resume, notes, mail).
const RetentionBatch = 500

// RetentionActor is who the audit log names for the scheduled job.
var RetentionActor = audit.Actor{Label: "system (retention job)"}

// Retention says which applications have been kept long enough.
//
// An application is expired when both hold:
//   - its role belongs to a past season: the role's season is not
//     CurrentSeason (site.yaml's season name, compared without regard to
//     case and surrounding spaces). Applications of the season being
//     recruited are never touched, however short Months is set;
//   - it has been inactive for Months calendar months: it was created,
//     last changed (stage, withdrawal) and last given an event (stage
//     change, note) before now minus Months.
//
// Season names are free text ("Summer 2027"), so "past" means "not the
// current one" rather than an ordering of names; the inactivity rule is
// what dates it.
type Retention struct {
	CurrentSeason string
	Months        int
}

// Cutoff is the instant before which an application's last activity
// must lie for it to expire.
func (r Retention) Cutoff(now time.Time) time.Time { return now.AddDate(0, -r.Months, 0) }

// anonymisedFields is what an anonymised application keeps: the same
// placeholders Erase writes, so counts by stage and role and the admin
// list treat both alike.
const anonymisedFields = `
	full_name = 'Erased applicant', email = 'erased-' || id || '@erased.invalid', phone = '',
	university = 'Erased', linkedin_url = '', github_url = '', portfolio_url = '', why = 'Erased'`

// AnonymiseExpired anonymises every expired application (see Retention)
// and returns how many it anonymised. It works in transactions of at most
// RetentionBatch applications; each writes one audit entry with its
// count, in the same transaction, so the log and the data never disagree
// (a run over fewer than RetentionBatch applications is one entry, and a
// run that finds nothing writes none). Running it again, or on several
// instances at once, anonymises nothing twice: erased rows no longer
// match, and rows another run holds are skipped.
func (s *Store) AnonymiseExpired(ctx context.Context, by audit.Actor, now time.Time, r Retention) (int, error) {
	if r.Months <= 0 || r.CurrentSeason == "" {
		return 0, errors.New("anonymise expired: retention needs a positive number of months and the current season")
	}
	cutoff := r.Cutoff(now)
	total := 0
	for {
		n, err := s.anonymiseBatch(ctx, by, now, cutoff, r.CurrentSeason)
		total += n
		if err != nil {
			return total, err
		}
		if n < RetentionBatch {
			return total, nil
		}
	}
}

// anonymiseBatch anonymises up to RetentionBatch expired applications in
// one transaction.
func (s *Store) anonymiseBatch(ctx context.Context, by audit.Actor, now, cutoff time.Time, season string) (int, error) {
	var n int
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Locking the rows keeps a stage move (and its mail) from slipping
		// in; SKIP LOCKED leaves rows someone is changing right now to the
		// next run, which then sees their new activity.
		rows, err := tx.Query(ctx, `
			SELECT a.id FROM applications a JOIN roles r ON r.id = a.role_id
			WHERE a.erased_at IS NULL
			  AND lower(btrim(r.season)) <> lower(btrim($1))
			  AND a.created_at < $2 AND a.updated_at < $2
			  AND NOT EXISTS (SELECT FROM application_events e WHERE e.application_id = a.id AND e.created_at >= $2)
			ORDER BY a.id
			LIMIT `+strconv.Itoa(RetentionBatch)+`
			FOR UPDATE OF a SKIP LOCKED`, season, cutoff)
		if err != nil {
			return fmt.Errorf("find expired applications: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("find expired applications: %w", err)
		}
		n = len(ids)
		if n == 0 {
			return nil
		}
		// The applications' messages hold the same data. Their keys are
		// application-<id>-... (see server/notify.go); matching the id part
		// by equality lets PostgreSQL join once instead of one LIKE per id.
		if _, err := tx.Exec(ctx, `
			DELETE FROM outgoing_mail m USING unnest($1::bigint[]) AS x(id)
			WHERE m.idempotency_key LIKE 'application-%' AND split_part(m.idempotency_key, '-', 2) = x.id::text`,
			ids); err != nil {
			return fmt.Errorf("anonymise mail: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET `+anonymisedFields+`, erased_at = $2 WHERE id = ANY($1)`,
			ids, now); err != nil {
			return fmt.Errorf("anonymise applications: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM resumes WHERE application_id = ANY($1)`, ids); err != nil {
			return fmt.Errorf("anonymise resumes: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE application_events SET note = '' WHERE application_id = ANY($1) AND note <> ''`,
			ids); err != nil {
			return fmt.Errorf("anonymise notes: %w", err)
		}
		// Ids and counts only: the audit log holds no personal data.
		detail := fmt.Sprintf("%d applications of past seasons inactive since before %s (ids %d to %d)",
			n, cutoff.UTC().Format(time.DateOnly), ids[0], ids[n-1])
		return audit.Record(ctx, tx, by, "applications.retention", "", detail)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// RetentionArgs is the River job that runs AnonymiseExpired.
type RetentionArgs struct{}

// Kind names the job.
func (RetentionArgs) Kind() string { return "applications_retention" }

// InsertOpts makes runs inserted within the same hour one job: every new
// queue leader inserts a run when it starts (RunOnStart), and a rolling
// deploy elects several in a row.
func (RetentionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

// RetentionWorker runs AnonymiseExpired for the queue.
type RetentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	Store     *Store
	Retention Retention
	Now       func() time.Time
	Logger    *slog.Logger
}

// Timeout lets a first run over a large backlog go on past River's
// default minute; each batch it finished is committed either way.
func (w *RetentionWorker) Timeout(*river.Job[RetentionArgs]) time.Duration { return 30 * time.Minute }

// Work anonymises what has expired and logs how many (a count, no data).
func (w *RetentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	n, err := w.Store.AnonymiseExpired(ctx, RetentionActor, w.Now(), w.Retention)
	if w.Logger != nil {
		w.Logger.Info("retention run", "anonymised", n, "months", w.Retention.Months, "ok", err == nil)
	}
	return err
}

// RetentionInterval is how often the retention job runs.
const RetentionInterval = 24 * time.Hour

// RetentionJob is the periodic job: daily, and once when a queue leader
// starts, since River keeps its schedule in memory and a process that
// restarts more often than daily would otherwise never run it.
func RetentionJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(RetentionInterval),
		func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
		&river.PeriodicJobOpts{ID: RetentionArgs{}.Kind(), RunOnStart: true})
}
