package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"example.com/careers/internal/bulkseed"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/sources"
	"example.com/careers/internal/takehomes"
)

func seed(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var ifEmpty bool
	var bulk bulkseed.Options
	b, ok, err := setup(ctx, "seed", args, getenv, stdout, func(fs *flag.FlagSet) {
		fs.BoolVar(&ifEmpty, "if-empty", false, "seed only when there are no roles at all")
		fs.IntVar(&bulk.Roles, "roles", 0, "add `N` generated roles instead of the demo roles (for benchmarks)")
		fs.IntVar(&bulk.Applications, "applications", 0, "add `M` generated applications over the published roles")
		fs.IntVar(&bulk.PastSeasons, "past-seasons", 0, "with -roles, add `K` earlier seasons of closed roles that share the applications")
		fs.Uint64Var(&bulk.Seed, "seed", 1, "the generated data is the same for the same `seed`")
	})
	if !ok {
		return err
	}
	defer b.pool.Close()
	if bulk.Roles < 0 || bulk.Applications < 0 || bulk.PastSeasons < 0 {
		return usageError{errors.New("seed: -roles, -applications and -past-seasons must not be negative")}
	}
	pool, season := b.pool, b.site.Settings.Season
	if bulk.Roles > 0 || bulk.Applications > 0 {
		bulk.Season, bulk.Now = season.Name, time.Now()
		start := time.Now()
		res, err := bulkseed.Run(ctx, pool, bulk)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "seed: added %d generated roles and %d applications in %s\n",
			res.Roles, res.Applications, time.Since(start).Round(time.Millisecond))
		return nil
	}
	added, err := roles.NewStore(pool).Seed(ctx, roles.SeedOptions{
		Season:           season.Name,
		PostingOpens:     season.PostingOpens.Time.Add(17 * time.Hour), // 9 am in California
		RecruitingCloses: season.RecruitingCloses.Time.Add(24*time.Hour + 7*time.Hour),
		Now:              time.Now(),
		IfEmpty:          ifEmpty,
		PayRule:          roles.NewPayRule(b.site.Settings.PayTransparency),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed: added %d demo roles\n", added)
	if added > 0 && b.site.TakeHomeTask != "" {
		// The demo roles start from the site's take-home task, so a
		// newcomer can send one from the first application.
		n, err := takehomes.SeedTasks(ctx, pool, b.site.TakeHomeTask, takehomes.DefaultAllowance)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "seed: gave %d roles the default take-home task\n", n)
	}
	if added > 0 {
		n, err := questions.SeedDemo(ctx, pool, b.site.QuestionSets)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "seed: gave %d roles questions of their own\n", n)
		if n, err = sources.SeedDemo(ctx, pool); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "seed: added %d demo sources\n", n)
	}
	return nil
}
