// Package reports computes a season's (or a role's) recruiting figures:
// the funnel with pass-through rates, time in each stage, applications
// per day, replies on time, and breakdowns by university, degree and
// source with small counts withheld. Figures are computed from the
// applications and their history when asked (no summary table): each
// report says when it was computed.
package reports

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/roles"
)

// MinCount is the smallest count a breakdown by people's attributes
// shows; smaller ones are withheld.
const MinCount = 5

// breakdownRows bounds a breakdown's rows (the largest first).
const breakdownRows = 50

// Scope is what a report covers: a season, and one of its roles or all.
type Scope struct {
	Season string
	RoleID int64
}

// Step is one stage of the funnel.
type Step struct {
	Stage applications.Stage
	// Reached counts the applications that ever entered the stage.
	Reached int
	// Finished counts those that left it, Advanced those that left it for
	// a later stage of the pipeline; Rate is Advanced/Finished (-1 when
	// none finished).
	Finished, Advanced int
	Rate               float64
}

// Duration is the time spent in a stage by the applications that left
// it.
type Duration struct {
	Stage       applications.Stage
	Count       int
	Median, P90 time.Duration
}

// Day is the applications made on one day (in the site's zone).
type Day struct {
	Date  time.Time
	Count int
}

// Cell is a count that may be withheld (1 to MinCount-1).
type Cell struct {
	N        int
	Withheld bool
}

func cell(n int) Cell { return Cell{N: n, Withheld: n > 0 && n < MinCount} }

// Group is one row of a breakdown.
type Group struct {
	Label                            string
	Applications, Interviews, Offers Cell
}

// Report is everything the reports page shows.
type Report struct {
	Scope      Scope
	ComputedAt time.Time
	Funnel     []Step
	Durations  []Duration
	Days       []Day
	// OnTime and Late count the stage moves that answered a reply-by.
	OnTime, Late int
	University   []Group
	Degree       []Group
	Source       []Group
}

// Store computes reports.
type Store struct {
	pool *pgxpool.Pool
	loc  *time.Location
}

// NewStore returns a Store counting days in loc.
func NewStore(pool *pgxpool.Pool, loc *time.Location) *Store { return &Store{pool: pool, loc: loc} }

// Seasons lists the seasons that have roles, newest name first.
func (s *Store) Seasons(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT season FROM roles ORDER BY season DESC`)
	if err != nil {
		return nil, fmt.Errorf("seasons: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// scoped is the CTE of the applications in scope ($1 season, $2 role or
// 0), and the events of those applications.
const scoped = `WITH apps AS (
		SELECT a.* FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE r.season = $1 AND ($2::bigint = 0 OR r.id = $2)),
	ev AS (SELECT e.* FROM application_events e JOIN apps ON apps.id = e.application_id WHERE e.kind = 'stage')`

// Compute computes the report for scope at now.
func (s *Store) Compute(ctx context.Context, sc Scope, now time.Time) (Report, error) {
	r := Report{Scope: sc, ComputedAt: now}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return r, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	args := []any{sc.Season, sc.RoleID}
	if err := s.funnel(ctx, tx, args, &r); err != nil {
		return r, fmt.Errorf("report funnel: %w", err)
	}
	if err := s.durations(ctx, tx, args, &r); err != nil {
		return r, fmt.Errorf("report durations: %w", err)
	}
	rows, err := tx.Query(ctx, scoped+`
		SELECT (created_at AT TIME ZONE $3)::date, count(*) FROM apps GROUP BY 1 ORDER BY 1`, sc.Season, sc.RoleID, s.loc.String())
	if err != nil {
		return r, fmt.Errorf("report days: %w", err)
	}
	if r.Days, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Day]); err != nil {
		return r, fmt.Errorf("report days: %w", err)
	}
	if err := tx.QueryRow(ctx, scoped+`
		SELECT count(*) FILTER (WHERE created_at <= reply_by), count(*) FILTER (WHERE created_at > reply_by)
		FROM ev WHERE reply_by IS NOT NULL`, args...).Scan(&r.OnTime, &r.Late); err != nil {
		return r, fmt.Errorf("report replies: %w", err)
	}
	for _, b := range []struct {
		column string
		dst    *[]Group
	}{{"university", &r.University}, {"degree_level", &r.Degree}, {"coalesce(source, '(none)')", &r.Source}} {
		if *b.dst, err = s.breakdown(ctx, tx, args, b.column); err != nil {
			return r, fmt.Errorf("report breakdown: %w", err)
		}
	}
	for i := range r.Degree {
		r.Degree[i].Label = roles.Degree(r.Degree[i].Label).Label()
	}
	return r, nil
}

func (s *Store) funnel(ctx context.Context, tx pgx.Tx, args []any, r *Report) error {
	reached, finished, advanced := map[applications.Stage]int{}, map[applications.Stage]int{}, map[applications.Stage]int{}
	rows, err := tx.Query(ctx, scoped+`
		SELECT to_stage, count(DISTINCT application_id) FROM ev WHERE to_stage IS NOT NULL GROUP BY 1`, args...)
	if err != nil {
		return err
	}
	var st applications.Stage
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&st, &n}, func() error { reached[st] = n; return nil }); err != nil {
		return err
	}
	var to applications.Stage
	rows, err = tx.Query(ctx, scoped+`
		SELECT from_stage, to_stage, count(DISTINCT application_id) FROM ev WHERE from_stage IS NOT NULL GROUP BY 1, 2`, args...)
	if err != nil {
		return err
	}
	if _, err := pgx.ForEachRow(rows, []any{&st, &to, &n}, func() error {
		finished[st] += n
		if to.Order() > st.Order() && st.Order() >= 0 {
			advanced[st] += n
		}
		return nil
	}); err != nil {
		return err
	}
	for _, stage := range []applications.Stage{applications.Applied, applications.TakeHome, applications.Interview1,
		applications.Interview2, applications.Interview3, applications.Offer, applications.Hired} {
		step := Step{Stage: stage, Reached: reached[stage], Finished: finished[stage], Advanced: advanced[stage], Rate: -1}
		if step.Finished > 0 {
			step.Rate = float64(step.Advanced) / float64(step.Finished)
		}
		r.Funnel = append(r.Funnel, step)
	}
	return nil
}

func (s *Store) durations(ctx context.Context, tx pgx.Tx, args []any, r *Report) error {
	rows, err := tx.Query(ctx, scoped+`
		SELECT stage, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY secs), percentile_cont(0.9) WITHIN GROUP (ORDER BY secs)
		FROM (SELECT from_stage AS stage,
		             extract(epoch FROM created_at - lag(created_at) OVER (PARTITION BY application_id ORDER BY created_at, id)) AS secs
		      FROM ev) AS stays
		WHERE stage IS NOT NULL AND secs IS NOT NULL GROUP BY stage`, args...)
	if err != nil {
		return err
	}
	var d Duration
	var med, p90 float64
	if _, err := pgx.ForEachRow(rows, []any{&d.Stage, &d.Count, &med, &p90}, func() error {
		d.Median, d.P90 = time.Duration(med*float64(time.Second)), time.Duration(p90*float64(time.Second))
		r.Durations = append(r.Durations, d)
		return nil
	}); err != nil {
		return err
	}
	sort.Slice(r.Durations, func(i, j int) bool { return r.Durations[i].Stage.Order() < r.Durations[j].Stage.Order() })
	return nil
}

// breakdown counts applications, interviews and offers by column (a
// constant of ours), the largest groups first.
func (s *Store) breakdown(ctx context.Context, tx pgx.Tx, args []any, column string) ([]Group, error) {
	rows, err := tx.Query(ctx, scoped+`
		SELECT `+column+` AS label, count(*),
		       count(*) FILTER (WHERE EXISTS (SELECT FROM ev WHERE ev.application_id = apps.id AND ev.to_stage IN ('interview_1', 'interview_2', 'interview_3'))),
		       count(*) FILTER (WHERE EXISTS (SELECT FROM ev WHERE ev.application_id = apps.id AND ev.to_stage = 'offer'))
		FROM apps WHERE erased_at IS NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT `+fmt.Sprint(breakdownRows), args...)
	if err != nil {
		return nil, err
	}
	var out []Group
	var label string
	var a, i, o int
	_, err = pgx.ForEachRow(rows, []any{&label, &a, &i, &o}, func() error {
		out = append(out, Group{Label: label, Applications: cell(a), Interviews: cell(i), Offers: cell(o)})
		return nil
	})
	return out, err
}
