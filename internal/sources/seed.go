package sources

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// DemoSources are the sources a newcomer's site starts with, so the
// sources page, the short links and the source filter have something to
// show.
var DemoSources = []New{
	{Name: "Fall career fair (demo)", Code: "fall-fair"},
	{Name: "Campus coding club newsletter (demo)", Code: "club-newsletter"},
}

// SeedDemo adds the demo sources that are missing and returns how many
// it added.
func SeedDemo(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	n := 0
	for _, d := range DemoSources {
		tag, err := pool.Exec(ctx, `
			INSERT INTO sources (code, name, created_by) VALUES ($1, $2, 'demo seed')
			ON CONFLICT (code) DO NOTHING`, d.Code, d.Name)
		if err != nil {
			return n, fmt.Errorf("seed sources: %w", err)
		}
		n += int(tag.RowsAffected())
	}
	return n, nil
}
