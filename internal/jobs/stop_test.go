package jobs_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/jobs"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type stuckArgs struct{}

func (stuckArgs) Kind() string { return "test_stuck" }

// stuckWorker runs until its context is cancelled, like a long retention
// run or a delivery to a server that never answers.
type stuckWorker struct {
	river.WorkerDefaults[stuckArgs]
	started   chan struct{}
	cancelled chan struct{}
}

func (w *stuckWorker) Work(ctx context.Context, _ *river.Job[stuckArgs]) error {
	close(w.started)
	<-ctx.Done()
	close(w.cancelled)
	return ctx.Err()
}

// TestStopCancelsAStuckJob: Stop waits SoftStopTimeout for running jobs,
// then cancels them and returns, so serve's shutdown (and the pool's
// close after it) is bounded whatever a job does.
func TestStopCancelsAStuckJob(t *testing.T) {
	pool := dbtest.Pool(t)
	w := &stuckWorker{started: make(chan struct{}), cancelled: make(chan struct{})}
	q := jobs.New(pool, jobs.Options{Work: true, Logger: slog.New(slog.DiscardHandler)})
	jobs.Add(q, w)
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := q.Insert(context.Background(), stuckArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-w.started:
	case <-time.After(30 * time.Second):
		t.Fatal("the job never started")
	}
	ctx, cancel := context.WithTimeout(context.Background(), jobs.SoftStopTimeout+10*time.Second)
	defer cancel()
	if err := q.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v (the stuck job was not cancelled in time)", err)
	}
	select {
	case <-w.cancelled:
	default:
		t.Fatal("Stop returned but the job's context was never cancelled")
	}
}
