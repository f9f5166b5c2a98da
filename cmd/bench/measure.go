package main

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// staticLua requests the same URL over and over.
const staticLua = "-- one URL, again and again"

func (b *bench) measure(ctx context.Context) (*table, error) {
	t := &table{}
	if b.freshLoad {
		t.note("**This run loaded its data just before measuring**: PostgreSQL was still writing it to disk (checkpoints, autovacuum), which slows every figure. Run make bench again for the figures to compare.")
	}
	a, err := b.startApp(ctx, b.large.url)
	if err != nil {
		return nil, err
	}
	stopped := false
	defer func() {
		if !stopped {
			a.stop()
		}
	}()
	db, err := pgx.Connect(ctx, b.large.url)
	if err != nil {
		return nil, err
	}
	defer func() { _ = db.Close(ctx) }()
	large, err := openRoles(ctx, db)
	if err != nil {
		return nil, err
	}
	t.note("Start-up to a 200 from /readyz: %s (%s, 1,000,000 applications)", a.startup.Round(time.Millisecond), large)
	// The admin list at a million applications reads its matches from
	// PostgreSQL's buffers; with Debian's default 128 MB the table and its
	// indexes (about 1.5 GB) do not fit, and its slow tail grew fivefold.
	var buffers string
	var bufferBytes int64
	if err := db.QueryRow(ctx, `SELECT current_setting('shared_buffers'), pg_size_bytes(current_setting('shared_buffers'))`).Scan(&buffers, &bufferBytes); err != nil {
		return nil, err
	}
	if bufferBytes < 1<<30 {
		t.note("**PostgreSQL's shared_buffers is %s**, below the 1 GB a million applications need: the admin figures suffer. As postgres: `ALTER SYSTEM SET shared_buffers = '4GB'`, then restart the cluster", buffers)
	} else {
		t.note("PostgreSQL's shared_buffers: %s", buffers)
	}
	var slug string
	var roleID int64
	if err := db.QueryRow(ctx, `SELECT id, slug FROM roles WHERE status = 'open' AND closes_at IS NULL ORDER BY id LIMIT 1`).Scan(&roleID, &slug); err != nil {
		return nil, err
	}

	steps := []struct {
		section string
		run     func() error
	}{
		{"pages", func() error { return b.pages(ctx, t, a, slug) }},
		{"search", func() error { return b.search(ctx, t, a, large, 30) }},
		{"apply", func() error { return b.apply(ctx, t, a, db, slug, roleID) }},
		{"admin", func() error { return b.admin(ctx, t, a, db) }},
		{"reports", func() error { return b.reports(ctx, t, a, db) }},
	}
	for _, step := range steps {
		if !b.o.wants(step.section) {
			continue
		}
		if err := step.run(); err != nil {
			return nil, err
		}
	}
	rss, err := a.peakRSS()
	if err != nil {
		return nil, err
	}
	a.stop()
	stopped = true
	// Opening day runs an app of its own, alone, so its peak memory and
	// connections are the scenario's.
	if b.o.wants("opening") {
		if err := b.opening(ctx, t); err != nil {
			return nil, err
		}
	}
	if b.o.wants("growth") {
		if err := b.growth(ctx, t); err != nil {
			return nil, err
		}
	}
	if !b.o.wants("huge") {
		t.note("Peak RSS of the app (VmHWM): %.0f MB over the runs on %s (target: under 200 MB)", float64(rss)/(1<<20), large)
		return t, nil
	}

	huge, err := b.startApp(ctx, b.huge.url)
	if err != nil {
		return nil, err
	}
	defer huge.stop()
	hugeDB, err := pgx.Connect(ctx, b.huge.url)
	if err != nil {
		return nil, err
	}
	defer func() { _ = hugeDB.Close(ctx) }()
	hugeLabel, err := openRoles(ctx, hugeDB)
	if err != nil {
		return nil, err
	}
	t.note("Start-up to a 200 from /readyz: %s (%s)", huge.startup.Round(time.Millisecond), hugeLabel)
	if err := b.search(ctx, t, huge, hugeLabel, 250); err != nil {
		return nil, err
	}
	rss2, err := huge.peakRSS()
	if err != nil {
		return nil, err
	}
	t.note("Peak RSS of the app (VmHWM): %.0f MB over the runs on %s, %.0f MB on %s (target: under 200 MB)",
		float64(rss)/(1<<20), large, float64(rss2)/(1<<20), hugeLabel)
	return t, nil
}

// openRoles names the dataset by its open roles, as "10,048 open roles".
func openRoles(ctx context.Context, db *pgx.Conn) (string, error) {
	var n int
	err := db.QueryRow(ctx, `SELECT count(*) FROM roles WHERE status = 'open' AND (closes_at IS NULL OR closes_at > now())`).Scan(&n)
	return message.NewPrinter(language.English).Sprintf("%d open roles", n), err
}

// pages compares each public page, served by the app from its cache,
// with nginx serving the same bytes from files.
func (b *bench) pages(ctx context.Context, t *table, a *app, slug string) error {
	pages := []struct{ label, path string }{
		{"`/`", "/"},
		{"`/timeline`", "/timeline"},
		{"`/roles`", "/roles"},
		{"`/roles?q=engineering&area=technology`", "/roles?q=engineering&area=technology"},
		{"`/roles/{slug}`", "/roles/" + slug},
	}
	www := filepath.Join(b.dir, "www")
	// nginx's workers drop root's rights: they must be able to read.
	if err := os.Chmod(b.dir, 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(www, 0o755); err != nil {
		return err
	}
	for i, p := range pages {
		body, err := get(a.url + p.path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(www, fmt.Sprintf("page%d.html", i)), body, 0o644); err != nil {
			return err
		}
	}
	ng, err := b.startNginx(www)
	if err != nil {
		return err
	}
	defer ng.stop()
	// One unmeasured run on each server first: the first seconds of load
	// on a just-started process (connections, CPU frequency, the page
	// cache filling) would otherwise count against the first page.
	for _, url := range []string{ng.url + "/page0.html", a.url + "/"} {
		if _, err := b.wrk(ctx, staticLua, url, 32, b.o.short); err != nil {
			return err
		}
	}
	hits0, _ := a.metric("careers_page_cache_hits_total")
	misses0, _ := a.metric("careers_page_cache_misses_total")
	for i, p := range pages {
		b.logf("page %s: nginx, then the app", p.path)
		static, err := b.median(ctx, func(ctx context.Context) (load, error) {
			return b.wrk(ctx, staticLua, fmt.Sprintf("%s/page%d.html", ng.url, i), 32, b.o.short)
		})
		if err != nil {
			return err
		}
		l, err := b.median(ctx, func(ctx context.Context) (load, error) {
			return b.wrk(ctx, staticLua, a.url+p.path, 32, b.o.short)
		})
		if err != nil {
			return err
		}
		t.add(row{
			what: p.label + " (cached page), 32 connections", app: l, ref: static, refName: "nginx",
			target: "≥ 0.50 of nginx, p99 < 5 ms",
			met:    l.perSecond() >= 0.5*static.perSecond() && l.P99 < 5_000 && l.errors() == 0,
		})
	}
	hits1, _ := a.metric("careers_page_cache_hits_total")
	misses1, _ := a.metric("careers_page_cache_misses_total")
	t.note("Page cache during the page runs: %.0f hits, %.0f misses (hit ratio %.4f)",
		hits1-hits0, misses1-misses0, (hits1-hits0)/max(1, hits1-hits0+misses1-misses0))
	return nil
}

// search sends a different query on every request, so nearly every one
// misses the cache and runs the search in PostgreSQL.
func (b *bench) search(ctx context.Context, t *table, a *app, over string, targetMS int64) error {
	b.logf("search cache misses over %s", over)
	hits0, _ := a.metric("careers_page_cache_hits_total")
	misses0, _ := a.metric("careers_page_cache_misses_total")
	waits0, _ := a.metric("careers_db_pool_acquire_waits_total")
	l, err := b.median(ctx, func(ctx context.Context) (load, error) {
		return b.wrk(ctx, searchLua, a.url, 8, b.o.long)
	})
	if err != nil {
		return err
	}
	hits1, _ := a.metric("careers_page_cache_hits_total")
	misses1, _ := a.metric("careers_page_cache_misses_total")
	waits1, _ := a.metric("careers_db_pool_acquire_waits_total")
	t.add(row{what: "Search, a new query each request, over " + over + ", 8 connections", app: l,
		target: fmt.Sprintf("p95 < %d ms", targetMS), met: l.P95 < targetMS*1000 && l.errors() == 0})
	t.note("Page cache during the search runs over %s: hit ratio %.4f (%.0f hits, %.0f misses); requests that waited for a pool connection: %.0f",
		over, (hits1-hits0)/max(1, hits1-hits0+misses1-misses0), hits1-hits0, misses1-misses0, waits1-waits0)
	return nil
}

// apply posts applications with a 100 KB PDF and compares the rate with
// pgbench running the same inserts straight into PostgreSQL.
func (b *bench) apply(ctx context.Context, t *table, a *app, db *pgx.Conn, slug string, roleID int64) error {
	b.logf("apply with a 100 KB PDF, then pgbench doing the same inserts")
	started := time.Now()
	var before int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM applications WHERE email LIKE 'bench-%'`).Scan(&before); err != nil {
		return err
	}
	var sent, failed int
	l, err := b.median(ctx, func(ctx context.Context) (load, error) {
		l, err := b.wrk(ctx, applyLua, a.url, 8, b.o.long, "BENCH_ROLE="+slug, "BENCH_PDF="+b.pdf)
		sent += l.Requests
		failed += l.errors()
		return l, err
	})
	if err != nil {
		return err
	}
	var stored int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM applications WHERE email LIKE 'bench-%'`).Scan(&stored); err != nil {
		return err
	}
	stored -= before

	script, err := b.pgbenchScript(roleID)
	if err != nil {
		return err
	}
	ref, err := b.median(ctx, func(ctx context.Context) (load, error) { return b.pgbench(ctx, script) })
	if err != nil {
		return err
	}
	t.add(row{what: "Apply with a 100 KB PDF, 8 connections", app: l, ref: ref, refName: "pgbench, same inserts",
		target: "≥ 0.5 of pgbench, no errors", met: l.perSecond() >= 0.5*ref.perSecond() && failed == 0 && stored >= sent-failed})
	// wrk counts the responses it read; a request still in flight when a
	// run ends may be stored without being counted (8 connections, so up
	// to 8 a run).
	t.note("Apply runs: %d applications acknowledged, %d answered with an error, %d stored (every acknowledged one stored: %t; %d more were in flight when wrk stopped)",
		sent-failed, failed, stored, stored >= sent-failed, stored-(sent-failed))

	// Leave the dataset as it was, so the next run can reuse it.
	for _, q := range []string{
		`DELETE FROM applications WHERE email LIKE 'bench-%' OR email LIKE 'pgbench-%'`,
		`DELETE FROM outgoing_mail WHERE created_at >= $1`,
		`DELETE FROM river_job WHERE created_at >= $1`,
		`DELETE FROM rate_limit_attempts WHERE created_at >= $1`,
	} {
		args := []any{started}
		if !strings.Contains(q, "$1") {
			args = nil
		}
		if _, err := db.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// pgbenchScript writes the inserts an application makes, with the same
// 100 KB of resume sent as a literal: the rate limiter's transaction,
// then the application, resume, first event, mail row and queue job.
func (b *bench) pgbenchScript(roleID int64) (string, error) {
	pdf, err := os.ReadFile(b.pdf)
	if err != nil {
		return "", err
	}
	script := fmt.Sprintf(`BEGIN;
SELECT pg_advisory_xact_lock(hashtextextended('apply/pgbench-' || :client_id, 7227));
SELECT count(*) FROM rate_limit_attempts WHERE key = 'apply/pgbench-' || :client_id AND created_at > now() - interval '10 minutes';
INSERT INTO rate_limit_attempts (key) VALUES ('apply/pgbench-' || :client_id);
COMMIT;
BEGIN;
SELECT status = 'open', title FROM roles WHERE id = %[1]d FOR SHARE;
INSERT INTO applications (role_id, submission_key, full_name, email, phone, university, degree_level, graduation, linkedin_url, github_url, portfolio_url, why, consented_at) VALUES (%[1]d, 'pgbench-' || md5(random()::text), 'Zoë Bench', 'pgbench-' || md5(random()::text) || '@example.edu', '', 'Université de Montréal', 'bachelors', '2028-05-01', '', '', '', 'I want to build what students use every day.', now()) ON CONFLICT DO NOTHING RETURNING id AS app_id \gset
INSERT INTO application_links (token_hash, application_id) VALUES (sha256(convert_to(md5(random()::text), 'UTF8')), :app_id);
INSERT INTO resumes (application_id, file_name, content_type, size, data) VALUES (:app_id, 'cv.pdf', 'application/pdf', %[2]d, '\x%[3]s'::bytea);
INSERT INTO application_events (application_id, kind, to_stage, actor) VALUES (:app_id, 'stage', 'applied', 'applicant');
INSERT INTO outgoing_mail (kind, idempotency_key, recipient, subject, text_body, html_body) VALUES ('received', 'pgbench/' || :app_id, 'pgbench@example.edu', 'We received your application', repeat('Thank you for applying. ', 40), repeat('<p>Thank you for applying.</p>', 40)) RETURNING id AS mail_id \gset
INSERT INTO river_job (args, kind, max_attempts, queue) VALUES (jsonb_build_object('mail_id', :mail_id), 'pgbench_noop', 8, 'pgbench');
COMMIT;
`, roleID, len(pdf), hex.EncodeToString(pdf))
	path := filepath.Join(b.dir, "apply.pgbench")
	return path, os.WriteFile(path, []byte(script), 0o644)
}

var tpsLine = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)
var failedLine = regexp.MustCompile(`number of failed transactions: (\d+)`)
var latencyLine = regexp.MustCompile(`latency average = ([0-9.]+) ms`)

func (b *bench) pgbench(ctx context.Context, script string) (load, error) {
	tool, err := lookTool("pgbench")
	if err != nil {
		return load{}, err
	}
	secs := strconv.Itoa(max(1, int(b.o.long/time.Second)))
	cmd := exec.CommandContext(ctx, tool, "-n", "-c8", "-j2", "-T"+secs, "-f", script, b.large.url)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return load{}, fmt.Errorf("pgbench: %w: %s", err, out)
	}
	m := tpsLine.FindSubmatch(out)
	if m == nil {
		return load{}, fmt.Errorf("pgbench printed no tps: %s", out)
	}
	tps, _ := strconv.ParseFloat(string(m[1]), 64)
	l := load{Requests: int(tps * 1000), DurationUS: 1000 * 1e6}
	if m := failedLine.FindSubmatch(out); m != nil {
		l.BadStatus, _ = strconv.Atoi(string(m[1]))
	}
	if m := latencyLine.FindSubmatch(out); m != nil {
		ms, _ := strconv.ParseFloat(string(m[1]), 64)
		l.P50 = int64(ms * 1000) // pgbench gives the mean, shown in the p50 column
	}
	return l, nil
}

// admin loads the recruiters' applications list with random filters.
func (b *bench) admin(ctx context.Context, t *table, a *app, db *pgx.Conn) error {
	b.logf("admin applications list over 1,000,000 applications")
	cookie, err := signIn(a)
	if err != nil {
		return err
	}
	ids, err := busiestRoles(ctx, db)
	if err != nil {
		return err
	}
	l, err := b.median(ctx, func(ctx context.Context) (load, error) {
		return b.wrk(ctx, strictLua+adminLua, a.url, 8, b.o.long, "BENCH_COOKIE="+cookie, "BENCH_ROLE_IDS="+idList(ids))
	})
	if err != nil {
		return err
	}
	t.add(row{what: "Admin applications list, random filters, 1,000,000 applications, 8 connections", app: l,
		target: "p95 < 50 ms", met: l.P95 < 50_000 && l.errors() == 0})
	return b.adminShapes(ctx, t, a, db, cookie, ids[0])
}
