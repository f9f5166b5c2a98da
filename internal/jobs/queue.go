// Package jobs owns the site's background work: one River client per
// process, the workers registered on it, the periodic jobs, start and
// stop, and InsertTx, the way a change queues work in its own
// transaction (so work is done if and only if the change commits).
//
// A job is one args type (its Kind), one worker, and one line that
// registers the worker with Add; a periodic job adds a call to Every.
// It imports only River, pgx and the standard library: domain packages
// import it, never the other way.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// SoftStopTimeout is how long Stop lets running jobs finish before it
// cancels them; give Stop a context that lasts longer.
const SoftStopTimeout = 8 * time.Second

// Options configure a Queue.
type Options struct {
	Logger *slog.Logger
	// Work runs the registered workers and periodic jobs once started
	// (serve). Without it the queue only inserts (commands, most tests):
	// jobs wait in the table for a process that works them.
	Work bool
	// MaxWorkers is how many jobs run at once in this process; zero
	// means 4.
	MaxWorkers int
}

// Queue is the process's job queue. Register every worker (Add) and
// periodic job (Every) before the first Start or InsertTx: River reads
// its workers when its client is made, which is then.
type Queue struct {
	pool     *pgxpool.Pool
	opts     Options
	workers  *river.Workers
	periodic []*river.PeriodicJob

	once   sync.Once
	built  atomic.Bool
	client *river.Client[pgx.Tx]
	err    error
}

// New returns a queue over pool with nothing registered.
func New(pool *pgxpool.Pool, o Options) *Queue {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxWorkers <= 0 {
		o.MaxWorkers = 4
	}
	return &Queue{pool: pool, opts: o, workers: river.NewWorkers()}
}

// Add registers w as the worker of T's kind. It panics after the queue
// has started or inserted, and on a kind registered twice: both are
// wiring mistakes, found the first time the process starts.
func Add[T river.JobArgs](q *Queue, w river.Worker[T]) {
	if q.built.Load() {
		panic("jobs: Add after the queue was built")
	}
	river.AddWorker(q.workers, w)
}

// Every schedules args every interval, and once whenever this process
// becomes the queue's leader (River keeps schedules in memory, so a
// process restarted more often than the interval would otherwise never
// run it). With several instances only the elected leader inserts, so
// each run happens once, not once per instance; give args a
// river.UniqueOpts by period (InsertOpts) so leaders elected in quick
// succession (a rolling deploy) do not insert a run each.
func (q *Queue) Every(interval time.Duration, args river.JobArgs) {
	if q.built.Load() {
		panic("jobs: Every after the queue was built")
	}
	q.periodic = append(q.periodic, river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args, nil },
		&river.PeriodicJobOpts{ID: args.Kind(), RunOnStart: true}))
}

// build makes the River client from what was registered, once.
func (q *Queue) build() (*river.Client[pgx.Tx], error) {
	q.once.Do(func() {
		q.built.Store(true)
		// A queue that works nothing is River's insert-only client: it
		// needs no workers, and inserts any kind for a process that does.
		cfg := &river.Config{Logger: q.opts.Logger}
		if q.opts.Work {
			cfg.Workers = q.workers
			cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: q.opts.MaxWorkers}}
			cfg.FetchCooldown = 50 * time.Millisecond
			cfg.FetchPollInterval = 500 * time.Millisecond
			cfg.PeriodicJobs = q.periodic
			// At shutdown, running jobs get this long to finish (a mail
			// marked sent is not sent again); then their contexts are
			// cancelled, so a long job (whose finished batches are
			// committed) cannot hold the pool open past serve's bound.
			cfg.SoftStopTimeout = SoftStopTimeout
		}
		q.client, q.err = river.NewClient(riverpgxv5.New(q.pool), cfg)
		if q.err != nil {
			q.err = fmt.Errorf("job queue: %w", q.err)
		}
	})
	return q.client, q.err
}

// Start builds the client and, with Options.Work, runs the workers and
// periodic jobs until Stop. Give it a context of its own, not the
// shutdown signal's: Stop lets running jobs finish.
func (q *Queue) Start(ctx context.Context) error {
	client, err := q.build()
	if err != nil || !q.opts.Work {
		return err
	}
	if err := client.Start(ctx); err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	return nil
}

// Stop lets running jobs finish for SoftStopTimeout, cancels those still
// running, and stops the workers. A queue that does not work stops at
// once.
func (q *Queue) Stop(ctx context.Context) error {
	client, err := q.build()
	if err != nil || !q.opts.Work {
		return nil
	}
	return client.Stop(ctx)
}

// InsertTx queues args inside tx: the job exists if and only if tx
// commits. On a working queue, a kind no worker is registered for is
// refused, so a forgotten registration is an error at the first insert,
// not a job nobody ever works.
func (q *Queue) InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	client, err := q.build()
	if err != nil {
		return err
	}
	if _, err := client.InsertTx(ctx, tx, args, opts); err != nil {
		return fmt.Errorf("queue %s job: %w", args.Kind(), err)
	}
	return nil
}

// Insert queues args in a transaction of its own.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	return pgx.BeginFunc(ctx, q.pool, func(tx pgx.Tx) error { return q.InsertTx(ctx, tx, args, opts) })
}

// CountByState counts the jobs of kind by River state (available,
// running, retryable, completed, discarded...), for monitoring.
func (q *Queue) CountByState(ctx context.Context, kind string) (map[string]int, error) {
	rows, err := q.pool.Query(ctx, `SELECT state::text, count(*) FROM river_job WHERE kind = $1 GROUP BY state`, kind)
	if err != nil {
		return nil, fmt.Errorf("%s job counts: %w", kind, err)
	}
	counts := map[string]int{}
	var state string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&state, &n}, func() error {
		counts[state] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s job counts: %w", kind, err)
	}
	return counts, nil
}

// CancelTx cancels, inside tx, the jobs of kind that have not run yet and
// whose args hold every field of match (JSON containment, so match is a
// struct or map with the fields that pick the jobs: an application's
// id). Work that became moot (the take-home came in, the application
// moved on) is cancelled in the transaction that made it so; a job
// already running finishes, so workers still check that their work is
// wanted.
func (q *Queue) CancelTx(ctx context.Context, tx pgx.Tx, kind string, match any) error {
	client, err := q.build()
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `
		SELECT id FROM river_job
		WHERE kind = $1 AND args @> $2::jsonb AND state IN ('available', 'scheduled', 'retryable')`, kind, match)
	if err != nil {
		return fmt.Errorf("cancel %s jobs: %w", kind, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("cancel %s jobs: %w", kind, err)
	}
	for _, id := range ids {
		if _, err := client.JobCancelTx(ctx, tx, id); err != nil {
			return fmt.Errorf("cancel %s job %d: %w", kind, id, err)
		}
	}
	return nil
}
