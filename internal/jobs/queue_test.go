package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/testkit"
)

type tickArgs struct{}

func (tickArgs) Kind() string { return "test_tick" }

type tickWorker struct {
	river.WorkerDefaults[tickArgs]
	ran chan struct{}
}

func (w *tickWorker) Work(context.Context, *river.Job[tickArgs]) error {
	w.ran <- struct{}{}
	return nil
}

func startQueue(t *testing.T, q *jobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), jobs.SoftStopTimeout+5*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// A periodic job registered with Every runs when the queue's leader
// starts, not only after its first interval: a process restarted more
// often than daily would otherwise never run a daily job.
func TestEveryRunsOnLeaderStart(t *testing.T) {
	pool := dbtest.Pool(t)
	w := &tickWorker{ran: make(chan struct{}, 10)}
	q := jobs.New(pool, jobs.Options{Work: true, Logger: slog.New(slog.DiscardHandler)})
	jobs.Add(q, w)
	q.Every(24*time.Hour, tickArgs{})
	startQueue(t, q)
	select {
	case <-w.ran:
	case <-time.After(45 * time.Second):
		t.Fatal("the periodic job did not run when the queue started")
	}
}

// A job inserted in a transaction that rolls back never exists; one in a
// transaction that commits is worked.
func TestInsertTxFollowsTheTransaction(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	w := &tickWorker{ran: make(chan struct{}, 10)}
	q := jobs.New(pool, jobs.Options{Work: true, Logger: slog.New(slog.DiscardHandler)})
	jobs.Add(q, w)
	before := testkit.Count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'test_tick'`)
	errRollback := errors.New("roll back")
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := q.InsertTx(ctx, tx, tickArgs{}, nil); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'test_tick'`); n != before {
		t.Fatalf("%d jobs after a rollback, want %d", n, before)
	}
	startQueue(t, q)
	if err := q.Insert(ctx, tickArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-w.ran:
	case <-time.After(30 * time.Second):
		t.Fatal("the committed job was never worked")
	}
}

type orphanArgs struct{}

func (orphanArgs) Kind() string { return "test_orphan" }

// A working queue refuses a kind nobody registered: a forgotten
// registration fails at the first insert instead of leaving jobs that
// are never worked.
func TestWorkingQueueRefusesUnknownKinds(t *testing.T) {
	pool := dbtest.Pool(t)
	q := jobs.New(pool, jobs.Options{Work: true, Logger: slog.New(slog.DiscardHandler)})
	jobs.Add(q, &tickWorker{ran: make(chan struct{}, 1)})
	startQueue(t, q)
	if err := q.Insert(context.Background(), orphanArgs{}, nil); err == nil {
		t.Fatal("a job of an unregistered kind was queued")
	}
}

// Registering after the queue was built is a wiring mistake, caught at
// once rather than as a worker River never heard of.
func TestAddAfterBuildPanics(t *testing.T) {
	q := jobs.New(dbtest.Pool(t), jobs.Options{})
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Add after Start did not panic")
		}
	}()
	jobs.Add(q, &tickWorker{})
}
