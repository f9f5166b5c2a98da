package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	contentpkg "example.com/careers/internal/content"
	"example.com/careers/internal/db"
	"example.com/careers/internal/roles"
)

func seed(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var ifEmpty bool
	cfg, ok, err := loadConfig("seed", args, getenv, stdout, func(fs *flag.FlagSet) {
		fs.BoolVar(&ifEmpty, "if-empty", false, "seed only when there are no roles at all")
	})
	if !ok {
		return err
	}
	site, err := loadContent(cfg, contentpkg.NewMarkdown())
	if err != nil {
		return err
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	season := site.Settings.Season
	added, err := roles.NewStore(pool).Seed(ctx, roles.SeedOptions{
		Season:           season.Name,
		PostingOpens:     season.PostingOpens.Time.Add(17 * time.Hour), // 9 am in California
		RecruitingCloses: season.RecruitingCloses.Time.Add(24*time.Hour + 7*time.Hour),
		Now:              time.Now(),
		IfEmpty:          ifEmpty,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed: added %d demo roles\n", added)
	return nil
}
