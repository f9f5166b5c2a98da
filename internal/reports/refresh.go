package reports

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// FullEvery is how old a season's summaries may grow before they are
// recomputed even though no new history was seen: a backstop for the
// changes that add no event (an erasure, a role moved to another season,
// an event committed after a later one the check had already seen).
const FullEvery = 24 * time.Hour

// interviewStages are the stages that count as "reached an interview".
const interviewStages = `('interview_1', 'interview_2', 'interview_3')`

// refreshStep is one statement of a refresh; params is how many of the
// season ($1) and the site's zone ($2) it takes.
type refreshStep struct {
	name, sql string
	params    int
}

// refreshSteps fill a season's summaries ($1) from its applications and
// their stage history, copied first into temporary tables so every
// figure comes from the same rows and the history is read once. Figures
// are computed per role; an application belongs to one role, so the
// season's row (role_id 0) is the sum of its roles' rows, except for the
// percentiles, computed for both with GROUPING SETS, and the breakdowns,
// whose per-role rows keep only the largest groups.
var refreshSteps = []refreshStep{
	{"applications", `
		CREATE TEMP TABLE report_apps ON COMMIT DROP AS
		SELECT a.id, a.role_id, a.created_at, a.university, a.degree_level,
		       coalesce(a.source, '(none)') AS source, a.erased_at IS NULL AS live
		FROM applications a JOIN roles r ON r.id = a.role_id WHERE r.season = $1`, 1},
	{"history", `
		CREATE TEMP TABLE report_ev ON COMMIT DROP AS
		SELECT e.id, e.application_id, a.role_id, e.from_stage, e.to_stage, e.created_at, e.reply_by
		FROM application_events e JOIN report_apps a ON a.id = e.application_id
		WHERE e.kind = 'stage'`, 0},
	{"statistics", `ANALYZE report_apps, report_ev`, 0},
	{"clear reached", `DELETE FROM report_reached WHERE season = $1`, 1},
	{"clear moves", `DELETE FROM report_moves WHERE season = $1`, 1},
	{"clear durations", `DELETE FROM report_durations WHERE season = $1`, 1},
	{"clear days", `DELETE FROM report_days WHERE season = $1`, 1},
	{"clear replies", `DELETE FROM report_replies WHERE season = $1`, 1},
	{"clear groups", `DELETE FROM report_groups WHERE season = $1`, 1},
	// An application that entered a stage twice (moved back, then on
	// again) counts once.
	{"reached", `
		INSERT INTO report_reached (season, role_id, stage, applications)
		SELECT $1, role_id, to_stage, count(*)
		FROM (SELECT DISTINCT role_id, application_id, to_stage FROM report_ev) AS r
		GROUP BY role_id, to_stage`, 1},
	{"moves", `
		INSERT INTO report_moves (season, role_id, from_stage, to_stage, applications)
		SELECT $1, role_id, from_stage, to_stage, count(*)
		FROM (SELECT DISTINCT role_id, application_id, from_stage, to_stage FROM report_ev WHERE from_stage IS NOT NULL) AS m
		GROUP BY role_id, from_stage, to_stage`, 1},
	// A stay in a stage ends with the event that left it; it began with
	// the application's previous event.
	{"durations", `
		INSERT INTO report_durations (season, role_id, stage, stays, median_secs, p90_secs)
		SELECT $1, coalesce(role_id, 0), stage, count(*),
		       percentile_cont(0.5) WITHIN GROUP (ORDER BY secs), percentile_cont(0.9) WITHIN GROUP (ORDER BY secs)
		FROM (SELECT role_id, from_stage AS stage,
		             extract(epoch FROM created_at - lag(created_at) OVER (PARTITION BY application_id ORDER BY created_at, id)) AS secs
		      FROM report_ev) AS stays
		WHERE stage IS NOT NULL AND secs IS NOT NULL
		GROUP BY GROUPING SETS ((stage), (role_id, stage))`, 1},
	{"days", `
		INSERT INTO report_days (season, role_id, day, applications)
		SELECT $1, role_id, (created_at AT TIME ZONE $2)::date, count(*) FROM report_apps GROUP BY 2, 3`, 2},
	{"replies", `
		INSERT INTO report_replies (season, role_id, on_time, late)
		SELECT $1, role_id, count(*) FILTER (WHERE created_at <= reply_by), count(*) FILTER (WHERE created_at > reply_by)
		FROM report_ev WHERE reply_by IS NOT NULL GROUP BY role_id`, 1},
	// Erased applications leave the breakdowns by person (their
	// attributes are gone) but stay in the counts above.
	{"group counts", `
		CREATE TEMP TABLE report_grp ON COMMIT DROP AS
		SELECT p.role_id, d.dimension, d.label, count(*) AS n,
		       count(*) FILTER (WHERE p.interviewed) AS i, count(*) FILTER (WHERE p.offered) AS o
		FROM (SELECT a.role_id, a.university, a.degree_level, a.source,
		             coalesce(h.interviewed, false) AS interviewed, coalesce(h.offered, false) AS offered
		      FROM report_apps a
		      LEFT JOIN (SELECT application_id, bool_or(to_stage IN ` + interviewStages + `) AS interviewed,
		                        bool_or(to_stage = 'offer') AS offered
		                 FROM report_ev GROUP BY application_id) AS h ON h.application_id = a.id
		      WHERE a.live) AS p
		CROSS JOIN LATERAL (VALUES ('university', p.university), ('degree', p.degree_level), ('source', p.source)) AS d (dimension, label)
		GROUP BY 1, 2, 3`, 0},
	{"groups", `
		INSERT INTO report_groups (season, role_id, dimension, label, applications, interviews, offers)
		SELECT $1, role_id, dimension, label, n, i, o
		FROM (SELECT *, row_number() OVER (PARTITION BY role_id, dimension ORDER BY n DESC, label) AS rank FROM report_grp) AS g
		WHERE rank <= ` + strconv.Itoa(breakdownRows) + `
		UNION ALL
		SELECT $1, 0, dimension, label, n, i, o
		FROM (SELECT dimension, label, sum(n) AS n, sum(i) AS i, sum(o) AS o,
		             row_number() OVER (PARTITION BY dimension ORDER BY sum(n) DESC, label) AS rank
		      FROM report_grp GROUP BY dimension, label) AS g
		WHERE rank <= ` + strconv.Itoa(breakdownRows), 1},
	{"season reached", `
		INSERT INTO report_reached (season, role_id, stage, applications)
		SELECT $1, 0, stage, sum(applications) FROM report_reached WHERE season = $1 GROUP BY stage`, 1},
	{"season moves", `
		INSERT INTO report_moves (season, role_id, from_stage, to_stage, applications)
		SELECT $1, 0, from_stage, to_stage, sum(applications) FROM report_moves WHERE season = $1 GROUP BY from_stage, to_stage`, 1},
	{"season days", `
		INSERT INTO report_days (season, role_id, day, applications)
		SELECT $1, 0, day, sum(applications) FROM report_days WHERE season = $1 GROUP BY day`, 1},
	{"season replies", `
		INSERT INTO report_replies (season, role_id, on_time, late)
		SELECT $1, 0, coalesce(sum(on_time), 0), coalesce(sum(late), 0) FROM report_replies WHERE season = $1`, 1},
}

// Refresh recomputes season's summaries at now, replacing the old ones
// in one transaction: the page shows either the old figures or the new,
// never a mix. When a refresh of the season is already running (a
// second instance, a second click), Refresh waits for it and keeps its
// figures rather than computing the same again.
func (s *Store) Refresh(ctx context.Context, season string, now time.Time) error {
	started := time.Now()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var first bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock(hashtextextended('reports/' || $1, 0))`, season).Scan(&first); err != nil {
			return err
		}
		if !first {
			_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('reports/' || $1, 0))`, season)
			return err
		}
		// The aggregates hash and sort the season's history: room to do
		// it in memory rather than in temporary files.
		if _, err := tx.Exec(ctx, `SET LOCAL work_mem = '32MB'`); err != nil {
			return err
		}
		var seen int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM application_events`).Scan(&seen); err != nil {
			return err
		}
		for _, step := range refreshSteps {
			args := []any{season, s.loc.String()}[:step.params]
			if _, err := tx.Exec(ctx, step.sql, args...); err != nil {
				return fmt.Errorf("%s: %w", step.name, err)
			}
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO report_refreshes (season, refreshed_at, took_ms, last_event_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (season) DO UPDATE SET refreshed_at = $2, took_ms = $3, last_event_id = $4`,
			season, now, time.Since(started).Milliseconds(), seen)
		return err
	})
	if err != nil {
		return fmt.Errorf("report refresh %q: %w", season, err)
	}
	return nil
}

// RefreshDue recomputes the seasons whose summaries are out of date at
// now: never computed, history added since, or older than FullEvery. It
// returns the seasons it recomputed. Seasons with no new history keep
// their figures and move their mark forward, so the next check reads
// only the history added after this one.
func (s *Store) RefreshDue(ctx context.Context, now time.Time) ([]string, error) {
	var seen, floor int64
	if err := s.pool.QueryRow(ctx, `
		SELECT (SELECT coalesce(max(id), 0) FROM application_events),
		       (SELECT coalesce(min(last_event_id), 0) FROM report_refreshes)`).Scan(&seen, &floor); err != nil {
		return nil, fmt.Errorf("reports due: %w", err)
	}
	// The events after the oldest mark, by the primary key; each counts
	// only for a season whose own mark it passes.
	rows, err := s.pool.Query(ctx, `
		SELECT r.season FROM application_events e
		JOIN applications a ON a.id = e.application_id JOIN roles r ON r.id = a.role_id
		LEFT JOIN report_refreshes f ON f.season = r.season
		WHERE e.id > $1 AND e.id <= $2 AND e.id > coalesce(f.last_event_id, 0)
		UNION
		SELECT season FROM roles WHERE season NOT IN (SELECT season FROM report_refreshes)
		UNION
		SELECT season FROM report_refreshes WHERE refreshed_at < $3 AND season IN (SELECT season FROM roles)
		ORDER BY 1`, floor, seen, now.Add(-FullEvery))
	if err != nil {
		return nil, fmt.Errorf("reports due: %w", err)
	}
	due, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("reports due: %w", err)
	}
	for _, season := range due {
		if err := s.Refresh(ctx, season, now); err != nil {
			return nil, err
		}
	}
	if _, err := s.pool.Exec(ctx, `
		UPDATE report_refreshes SET last_event_id = $1 WHERE last_event_id < $1 AND season <> ALL ($2)`, seen, due); err != nil {
		return due, fmt.Errorf("reports mark: %w", err)
	}
	return due, s.dropGone(ctx)
}

// dropGone removes the summaries of seasons no role belongs to any more.
func (s *Store) dropGone(ctx context.Context) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, table := range []string{"report_reached", "report_moves", "report_durations", "report_days",
			"report_replies", "report_groups", "report_refreshes"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE season NOT IN (SELECT season FROM roles)`); err != nil {
				return fmt.Errorf("reports drop %s: %w", table, err)
			}
		}
		return nil
	})
}
