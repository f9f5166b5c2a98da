package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/content"
	"example.com/careers/internal/config"
	contentpkg "example.com/careers/internal/content"
	"example.com/careers/internal/db"
	"example.com/careers/internal/questions"
)

// base is what every subcommand starts from: its configuration, the
// site's content and a pool (which connects on first use).
type base struct {
	cfg  config.Config
	site *contentpkg.Site
	pool *pgxpool.Pool
}

// setup parses a subcommand's flags over the environment, loads the
// content and opens the pool. ok is false, with a nil error, after -h
// printed the help. Close b.pool when done.
func setup(ctx context.Context, name string, args []string, getenv func(string) string, stdout io.Writer,
	extra ...func(*flag.FlagSet)) (b base, ok bool, err error) {
	b.cfg, ok, err = loadConfig(name, args, getenv, stdout, extra...)
	if !ok {
		return b, false, err
	}
	if b.site, err = loadContent(b.cfg, contentpkg.NewMarkdown()); err != nil {
		return b, false, err
	}
	if b.pool, err = db.Open(ctx, b.cfg.DatabaseURL); err != nil {
		return b, false, err
	}
	return b, true, nil
}

// loadContent reads the pages and settings from CONTENT_DIR, or from the
// copy embedded in the binary.
func loadContent(cfg config.Config, md *contentpkg.Markdown) (*contentpkg.Site, error) {
	var fsys fs.FS = content.FS
	if cfg.ContentDir != "" {
		fsys = os.DirFS(cfg.ContentDir)
	}
	site, err := contentpkg.Load(fsys, md)
	if err != nil {
		return nil, err
	}
	// The question sets are checked as the role editor checks questions,
	// which content cannot do itself (it knows no domain).
	if err := questions.CheckSets(site.QuestionSets); err != nil {
		return nil, fmt.Errorf("content: question-sets.yaml: %w", err)
	}
	return site, nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
