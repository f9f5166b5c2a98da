// Package reports computes a season's (or a role's) recruiting figures:
// the funnel with pass-through rates, time in each stage, applications
// per day, replies on time, and breakdowns by university, degree and
// source with small counts withheld. A job computes the figures into
// summary tables (refresh.go) so the page reads a few rows however many
// applications there are; each report says when its figures were
// computed.
package reports

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
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
	Scope Scope
	// RefreshedAt is when the figures were computed, Took how long that
	// took.
	RefreshedAt time.Time
	Took        time.Duration
	Funnel      []Step
	Durations   []Duration
	Days        []Day
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

// Seasons lists the seasons that have roles, newest name first. The
// recursive query walks the season index one distinct value at a time
// (a loose index scan): a few index probes however many roles there are.
func (s *Store) Seasons(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `
		WITH RECURSIVE seasons AS (
			(SELECT season FROM roles ORDER BY season DESC LIMIT 1)
			UNION ALL
			SELECT (SELECT r.season FROM roles r WHERE r.season < seasons.season ORDER BY r.season DESC LIMIT 1)
			FROM seasons WHERE seasons.season IS NOT NULL)
		SELECT season FROM seasons WHERE season IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("seasons: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Report reads scope's figures from the summaries. A season never
// computed is computed first, here, so a new season's first visit shows
// figures rather than a blank page.
func (s *Store) Report(ctx context.Context, sc Scope, now time.Time) (Report, error) {
	r, found, err := s.read(ctx, sc)
	if err != nil || found {
		return r, err
	}
	if err := s.Refresh(ctx, sc.Season, now); err != nil {
		return r, err
	}
	r, _, err = s.read(ctx, sc)
	return r, err
}

// read reads scope's figures in one snapshot, so they all come from the
// same refresh; found is false when the season was never computed.
func (s *Store) read(ctx context.Context, sc Scope) (r Report, found bool, err error) {
	r = Report{Scope: sc}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return r, false, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var tookMS int
	err = tx.QueryRow(ctx, `SELECT refreshed_at, took_ms FROM report_refreshes WHERE season = $1`, sc.Season).Scan(&r.RefreshedAt, &tookMS)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("report: %w", err)
	}
	r.Took = time.Duration(tookMS) * time.Millisecond
	args := []any{sc.Season, sc.RoleID}
	if err := readFunnel(ctx, tx, args, &r); err != nil {
		return r, false, fmt.Errorf("report funnel: %w", err)
	}
	rows, err := tx.Query(ctx, `
		SELECT stage, stays, median_secs, p90_secs FROM report_durations WHERE season = $1 AND role_id = $2`, args...)
	if err != nil {
		return r, false, fmt.Errorf("report durations: %w", err)
	}
	var d Duration
	var med, p90 float64
	if _, err := pgx.ForEachRow(rows, []any{&d.Stage, &d.Count, &med, &p90}, func() error {
		d.Median, d.P90 = time.Duration(med*float64(time.Second)), time.Duration(p90*float64(time.Second))
		r.Durations = append(r.Durations, d)
		return nil
	}); err != nil {
		return r, false, fmt.Errorf("report durations: %w", err)
	}
	sort.Slice(r.Durations, func(i, j int) bool { return r.Durations[i].Stage.Order() < r.Durations[j].Stage.Order() })
	rows, err = tx.Query(ctx, `SELECT day, applications FROM report_days WHERE season = $1 AND role_id = $2 ORDER BY day`, args...)
	if err != nil {
		return r, false, fmt.Errorf("report days: %w", err)
	}
	if r.Days, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Day]); err != nil {
		return r, false, fmt.Errorf("report days: %w", err)
	}
	err = tx.QueryRow(ctx, `SELECT on_time, late FROM report_replies WHERE season = $1 AND role_id = $2`, args...).Scan(&r.OnTime, &r.Late)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return r, false, fmt.Errorf("report replies: %w", err)
	}
	for _, b := range []struct {
		dimension string
		dst       *[]Group
	}{{"university", &r.University}, {"degree", &r.Degree}, {"source", &r.Source}} {
		if *b.dst, err = readGroups(ctx, tx, args, b.dimension); err != nil {
			return r, false, fmt.Errorf("report breakdown: %w", err)
		}
	}
	for i := range r.Degree {
		r.Degree[i].Label = roles.Degree(r.Degree[i].Label).Label()
	}
	return r, true, nil
}

// funnelStages are the funnel's steps, in order.
var funnelStages = []applications.Stage{applications.Applied, applications.TakeHome, applications.Interview1,
	applications.Interview2, applications.Interview3, applications.Offer, applications.Hired}

// readFunnel makes the funnel from the stages reached and the moves
// between stages: an application finished a stage when it moved out of
// it, and advanced when it moved to a later stage of the pipeline.
func readFunnel(ctx context.Context, tx pgx.Tx, args []any, r *Report) error {
	reached, finished, advanced := map[applications.Stage]int{}, map[applications.Stage]int{}, map[applications.Stage]int{}
	rows, err := tx.Query(ctx, `SELECT stage, applications FROM report_reached WHERE season = $1 AND role_id = $2`, args...)
	if err != nil {
		return err
	}
	var st, to applications.Stage
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&st, &n}, func() error { reached[st] = n; return nil }); err != nil {
		return err
	}
	rows, err = tx.Query(ctx, `
		SELECT from_stage, to_stage, applications FROM report_moves WHERE season = $1 AND role_id = $2`, args...)
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
	for _, stage := range funnelStages {
		step := Step{Stage: stage, Reached: reached[stage], Finished: finished[stage], Advanced: advanced[stage], Rate: -1}
		if step.Finished > 0 {
			step.Rate = float64(step.Advanced) / float64(step.Finished)
		}
		r.Funnel = append(r.Funnel, step)
	}
	return nil
}

// readGroups reads one breakdown, the largest groups first.
func readGroups(ctx context.Context, tx pgx.Tx, args []any, dimension string) ([]Group, error) {
	rows, err := tx.Query(ctx, `
		SELECT label, applications, interviews, offers FROM report_groups
		WHERE season = $1 AND role_id = $2 AND dimension = $3
		ORDER BY applications DESC, label LIMIT `+strconv.Itoa(breakdownRows), append(args, dimension)...)
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
