package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/privacy"
)

// retention runs the retention job once, now, for operators: the same
// rule the daily job of `careers serve` applies (RETENTION_MONTHS, and
// the current season from site.yaml), audited as the command line.
func retention(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "run" {
		return usageError{errors.New("retention needs run (try: careers help)")}
	}
	b, ok, err := setup(ctx, "retention run", args[1:], getenv, stdout)
	if !ok {
		return err
	}
	defer b.pool.Close()
	r := privacy.Retention{CurrentSeason: b.site.Settings.Season.Name, Months: b.cfg.RetentionMonths}
	store := privacy.NewStore(b.pool)
	if found, err := store.SeasonHasRoles(ctx, r.CurrentSeason); err != nil {
		return fmt.Errorf("retention: %w", err)
	} else if !found {
		fmt.Fprintf(stdout, "retention: warning: no role belongs to the current season %q named in site.yaml; only RETENTION_MONTHS protects its applications\n",
			r.CurrentSeason)
	}
	now := time.Now()
	n, err := store.AnonymiseExpired(ctx, audit.CLI, now, r)
	if err != nil {
		return fmt.Errorf("retention: anonymised %d applications, then: %w", n, err)
	}
	fmt.Fprintf(stdout, "retention: anonymised %d applications of seasons other than %s, idle since before %s (RETENTION_MONTHS=%d)\n",
		n, r.CurrentSeason, r.Cutoff(now).UTC().Format(time.DateOnly), r.Months)
	return nil
}
