package privacy

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
	var after int64
	for {
		n, last, err := s.anonymiseBatch(ctx, by, now, cutoff, r.CurrentSeason, after)
		total += n
		if err != nil {
			return total, err
		}
		if n < RetentionBatch {
			return total, nil
		}
		after = last
	}
}

// anonymiseBatch anonymises up to RetentionBatch expired applications
// with ids above after, in one transaction, and returns how many and the
// last id. Each batch starts where the last ended, so a large backlog is
// read once, not once per batch.
func (s *Store) anonymiseBatch(ctx context.Context, by audit.Actor, now, cutoff time.Time, season string, after int64) (int, int64, error) {
	var ids []int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Locking the rows keeps a stage move (and its mail) from slipping
		// in; SKIP LOCKED leaves rows someone is changing right now to the
		// next run, which then sees their new activity.
		rows, err := tx.Query(ctx, `
			SELECT a.id FROM applications a JOIN roles r ON r.id = a.role_id
			WHERE a.id > $3 AND a.erased_at IS NULL
			  AND lower(btrim(r.season)) <> lower(btrim($1))
			  AND a.created_at < $2 AND a.updated_at < $2
			  AND NOT EXISTS (SELECT FROM application_events e WHERE e.application_id = a.id AND e.created_at >= $2)
			ORDER BY a.id
			LIMIT `+strconv.Itoa(RetentionBatch)+`
			FOR UPDATE OF a SKIP LOCKED`, season, cutoff, after)
		if err != nil {
			return fmt.Errorf("find expired applications: %w", err)
		}
		ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("find expired applications: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if err := anonymise(ctx, tx, ids, now); err != nil {
			return err
		}
		// Ids and counts only: the audit log holds no personal data.
		detail := fmt.Sprintf("%d applications of past seasons inactive since before %s (ids %d to %d)",
			len(ids), cutoff.UTC().Format(time.DateOnly), ids[0], ids[len(ids)-1])
		return audit.Record(ctx, tx, by, "applications.retention", "", detail)
	})
	if err != nil || len(ids) == 0 {
		return 0, after, err
	}
	return len(ids), ids[len(ids)-1], nil
}

// SeasonHasRoles reports whether any role belongs to season, compared as
// AnonymiseExpired compares it. When none does, site.yaml's season name
// probably differs from the roles' (a typo), and only the months protect
// the applications being recruited: the job and the command say so.
func (s *Store) SeasonHasRoles(ctx context.Context, season string) (bool, error) {
	var found bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM roles WHERE lower(btrim(season)) = lower(btrim($1)))`, season).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("season has roles: %w", err)
	}
	return found, nil
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
	if found, err := w.Store.SeasonHasRoles(ctx, w.Retention.CurrentSeason); err == nil && !found && w.Logger != nil {
		w.Logger.Warn("retention: no role belongs to the current season named in site.yaml; check the name",
			"season", w.Retention.CurrentSeason)
	}
	n, err := w.Store.AnonymiseExpired(ctx, RetentionActor, w.Now(), w.Retention)
	if w.Logger != nil {
		w.Logger.Info("retention run", "anonymised", n, "months", w.Retention.Months, "ok", err == nil)
	}
	return err
}

// RetentionInterval is how often the retention job runs (and once when
// a queue leader starts: see jobs.Queue.Every).
const RetentionInterval = 24 * time.Hour
