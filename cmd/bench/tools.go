package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed lua/report.lua
var reportLua string

//go:embed lua/search.lua
var searchLua string

//go:embed lua/apply.lua
var applyLua string

// strictLua goes before the signed-in scripts: every answer but a 200
// counts as an error.
//
//go:embed lua/strict.lua
var strictLua string

//go:embed lua/admin.lua
var adminLua string

//go:embed lua/reports.lua
var reportsLua string

// lookTool finds a program on PATH or in the PostgreSQL bin folders,
// where Debian keeps pgbench.
func lookTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) > 0 {
		slices.Sort(matches)
		return matches[len(matches)-1], nil
	}
	return exec.LookPath(name)
}

// load is one wrk run's figures; latencies in microseconds.
type load struct {
	Requests     int   `json:"requests"`
	DurationUS   int64 `json:"duration_us"`
	SocketErrors int   `json:"socket_errors"`
	BadStatus    int   `json:"bad_status"`
	P50          int64 `json:"p50"`
	P95          int64 `json:"p95"`
	P99          int64 `json:"p99"`
}

func (l load) perSecond() float64 { return float64(l.Requests) / (float64(l.DurationUS) / 1e6) }
func (l load) errors() int        { return l.SocketErrors + l.BadStatus }

// wrk runs one bounded load: one thread, conns connections, for d.
func (b *bench) wrk(ctx context.Context, script, url string, conns int, d time.Duration, env ...string) (load, error) {
	path := filepath.Join(b.dir, fmt.Sprintf("script-%d.lua", time.Now().UnixNano()))
	if err := os.WriteFile(path, []byte(script+"\n"+reportLua), 0o644); err != nil {
		return load{}, err
	}
	secs := max(1, int(d/time.Second))
	cmd := exec.CommandContext(ctx, "wrk", "-t1", "-c"+strconv.Itoa(conns), "-d"+strconv.Itoa(secs)+"s",
		"--timeout", "10s", "-s", path, url)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return load{}, fmt.Errorf("wrk %s: %w: %s", url, err, stderr.String())
	}
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		if js, ok := strings.CutPrefix(sc.Text(), "BENCH "); ok {
			var l load
			if err := json.Unmarshal([]byte(js), &l); err != nil {
				return load{}, err
			}
			return l, nil
		}
	}
	return load{}, fmt.Errorf("wrk %s printed no figures: %s", url, stdout.String())
}

// median runs f o.runs times and keeps, figure by figure, the median;
// errors are summed, since any error counts.
func (b *bench) median(ctx context.Context, f func(context.Context) (load, error)) (load, error) {
	var all []load
	for range b.o.runs {
		l, err := f(ctx)
		if err != nil {
			return load{}, err
		}
		all = append(all, l)
	}
	mid := func(get func(load) float64) float64 {
		v := make([]float64, len(all))
		for i, l := range all {
			v[i] = get(l)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	res := load{
		P50: int64(mid(func(l load) float64 { return float64(l.P50) })),
		P95: int64(mid(func(l load) float64 { return float64(l.P95) })),
		P99: int64(mid(func(l load) float64 { return float64(l.P99) })),
	}
	// Requests over a one-second duration make perSecond the median rate.
	res.Requests = int(mid(func(l load) float64 { return l.perSecond() }))
	res.DurationUS = 1e6
	for _, l := range all {
		res.SocketErrors += l.SocketErrors
		res.BadStatus += l.BadStatus
	}
	return res, nil
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "bench: "+format+"\n", args...)
}
