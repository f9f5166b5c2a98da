package reports

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// RefreshInterval is how often the summaries are checked and the seasons
// with new history recomputed: the oldest figure the page shows is this
// old, plus the time a refresh takes.
const RefreshInterval = 10 * time.Minute

// RefreshArgs is the periodic refresh's job.
type RefreshArgs struct{}

// Kind names the job.
func (RefreshArgs) Kind() string { return "report_refresh" }

// InsertOpts makes runs inserted within one interval a single job, when
// leaders follow each other quickly (a rolling deploy).
func (RefreshArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: RefreshInterval}}
}

// RefreshWorker recomputes the seasons whose summaries are due.
type RefreshWorker struct {
	river.WorkerDefaults[RefreshArgs]
	Store *Store
	Now   func() time.Time
}

// Work runs one check.
func (w *RefreshWorker) Work(ctx context.Context, _ *river.Job[RefreshArgs]) error {
	_, err := w.Store.RefreshDue(ctx, w.Now())
	return err
}

// Timeout gives a run that recomputes every season room: River's default
// is a minute, and make bench measured 25 to 34 s for one season of
// 250,000 applications on two cores, so four such seasons (the first run,
// or the daily backstop) take about two minutes.
func (w *RefreshWorker) Timeout(*river.Job[RefreshArgs]) time.Duration { return 15 * time.Minute }
