package applications

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Dashboard is the recruiters' overview, all counted in SQL.
type Dashboard struct {
	OpenRoles       int
	NewApplications int // in the last 7 days
	Funnel          []StageCount
	TopRoles        []RoleCount
}

// StageCount is how many applications sit in a stage.
type StageCount struct {
	Stage Stage `db:"stage"`
	Count int   `db:"count"`
}

// RoleCount is a role with its number of new applications.
type RoleCount struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
	Count int    `db:"count"`
}

// Stages lists every stage in process order.
var Stages = []Stage{Applied, TakeHome, Interview1, Interview2, Interview3, Offer, Hired, Rejected, Withdrawn}

// Dashboard counts what the recruiters' dashboard shows.
func (s *Store) Dashboard(ctx context.Context, now time.Time) (Dashboard, error) {
	pool := s.pool
	var d Dashboard
	weekAgo := now.Add(-7 * 24 * time.Hour)
	err := pool.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM roles WHERE status = 'open' AND (closes_at IS NULL OR closes_at > $1)),
		       (SELECT count(*) FROM applications WHERE created_at > $2)`, now, weekAgo).
		Scan(&d.OpenRoles, &d.NewApplications)
	if err != nil {
		return d, fmt.Errorf("dashboard: %w", err)
	}
	rows, err := pool.Query(ctx, `
		SELECT s.stage, count(a.id) AS count
		FROM unnest($1::text[]) WITH ORDINALITY AS s (stage, n)
		LEFT JOIN applications a ON a.stage = s.stage
		GROUP BY s.stage, s.n ORDER BY s.n`, stageNames(Stages))
	if err != nil {
		return d, fmt.Errorf("dashboard funnel: %w", err)
	}
	if d.Funnel, err = pgx.CollectRows(rows, pgx.RowToStructByName[StageCount]); err != nil {
		return d, fmt.Errorf("dashboard funnel: %w", err)
	}
	rows, err = pool.Query(ctx, `
		SELECT r.id, r.title, count(*) AS count
		FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE a.created_at > $1
		GROUP BY r.id ORDER BY count DESC, r.title LIMIT 5`, weekAgo)
	if err != nil {
		return d, fmt.Errorf("dashboard roles: %w", err)
	}
	if d.TopRoles, err = pgx.CollectRows(rows, pgx.RowToStructByName[RoleCount]); err != nil {
		return d, fmt.Errorf("dashboard roles: %w", err)
	}
	return d, nil
}

func stageNames(stages []Stage) []string {
	names := make([]string, len(stages))
	for i, st := range stages {
		names[i] = string(st)
	}
	return names
}
