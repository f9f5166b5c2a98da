package questions

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/content"
)

// DemoSets says which demo roles start with which question set, so a
// newcomer's site shows the role questions at work. Only creative roles
// ask for more than the standard form, as a real team would.
var DemoSets = map[string]string{
	"Sound Design Intern":        "Portfolio",
	"Marketing Intern, Creative": "Writing sample",
}

// SeedDemo gives the demo roles of DemoSets that have no questions yet
// their set from sets, and returns how many roles it changed.
func SeedDemo(ctx context.Context, pool *pgxpool.Pool, sets []content.QuestionSet) (int, error) {
	s := NewStore(pool)
	n := 0
	for _, set := range sets {
		for title, name := range DemoSets {
			if name != set.Name {
				continue
			}
			var roleID int64
			err := pool.QueryRow(ctx, `
				SELECT r.id FROM roles r WHERE r.title = $1
				  AND NOT EXISTS (SELECT FROM role_questions q WHERE q.role_id = r.id)
				ORDER BY r.id LIMIT 1`, title).Scan(&roleID)
			if errors.Is(err, pgx.ErrNoRows) {
				continue // not among the demo roles, or already has questions
			}
			if err != nil {
				return n, err
			}
			qs, err := FromSet(set)
			if err != nil {
				return n, err
			}
			if err := s.Add(ctx, audit.CLI, roleID, qs); err != nil {
				return n, fmt.Errorf("seed questions: %w", err)
			}
			n++
		}
	}
	return n, nil
}
