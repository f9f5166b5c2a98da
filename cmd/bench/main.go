// Command bench measures the site the way `make bench` describes: the app
// against nginx serving the same bytes, search cache misses over 10,000
// and 100,000 roles, applications against pgbench doing the same inserts,
// the admin list over a million applications, memory and start-up time.
// It prints a Markdown table and writes nothing into the source tree:
// its files live in a temporary folder and its data in databases of its
// own (careers_bench_*) next to DATABASE_URL's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	bin         string
	databaseURL string
	short       time.Duration // each run of a page
	long        time.Duration // each run of search, apply, admin
	runs        int
	only        map[string]bool // the sections to run; all when empty
}

// sections are the parts of the bench, in the order they run.
var sections = []string{"pages", "search", "apply", "admin", "reports", "opening", "growth", "huge"}

// wants says whether section is to be measured.
func (o options) wants(section string) bool { return len(o.only) == 0 || o.only[section] }

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.bin, "bin", ".bin/careers", "the built careers binary")
	fs.DurationVar(&o.short, "page-time", 5*time.Second, "length of each load run on a page")
	fs.DurationVar(&o.long, "load-time", 10*time.Second, "length of each search, apply and admin run")
	fs.IntVar(&o.runs, "runs", 3, "runs per figure; the median is reported")
	only := fs.String("only", "", "run only these sections, comma-separated, of: "+strings.Join(sections, ", "))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *only != "" {
		o.only = map[string]bool{}
		for _, s := range strings.Split(*only, ",") {
			if !slices.Contains(sections, s) {
				return fmt.Errorf("-only: no section %q (have %s)", s, strings.Join(sections, ", "))
			}
			o.only[s] = true
		}
	}
	o.databaseURL = os.Getenv("DATABASE_URL")
	if o.databaseURL == "" {
		return errors.New("DATABASE_URL is not set (make bench sets it)")
	}
	for _, tool := range []string{"wrk", "nginx", "pgbench"} {
		if _, err := lookTool(tool); err != nil {
			return fmt.Errorf("%s is missing: make bench installs it with apt-get (%w)", tool, err)
		}
	}
	bin, err := filepath.Abs(o.bin)
	if err != nil {
		return err
	}
	o.bin = bin
	dir, err := os.MkdirTemp("", "careers-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }() // in the system's temporary folder; best effort
	started := time.Now()
	b := &bench{o: o, dir: dir, log: os.Stderr}
	if err := b.prepare(ctx); err != nil {
		return err
	}
	prepared := time.Since(started)
	t, err := b.measure(ctx)
	if err != nil {
		return err
	}
	t.note("This run took %s: %s to make or check the datasets, %s measuring", time.Since(started).Round(time.Second),
		prepared.Round(time.Second), (time.Since(started) - prepared).Round(time.Second))
	t.print(out)
	return nil
}
