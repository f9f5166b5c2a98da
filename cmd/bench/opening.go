package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// The opening-day scenario: everything a season's first day sends at
// once, held for openingTime (BENCH_SHORT=1: a minute). The public
// classes arrive at fixed rates whatever the app's pace (open loop, so
// a slow app meets a queue, as it would on the day, and latency counts
// from when each request was due); the recruiters work in a closed loop,
// a second's thought between actions.
const (
	openingTime      = 10 * time.Minute
	openingShortTime = time.Minute
	// A viral post: 300 page views a second, a tenth of them searches no
	// one made before.
	openingPageRate   = 300
	openingApplyRate  = 20
	openingStatusRate = 10
	openingAlertRate  = 2
	openingRecruiters = 5
	// openingInFlight bounds each class's requests in flight: past it the
	// generator counts a request as failed instead of opening without end.
	openingInFlight = 512
)

// skipped is what a request that was not sent returns.
const skipped = -2

// class is one kind of request in the scenario and what it measured.
type class struct {
	name string
	mu   sync.Mutex
	took []time.Duration
	// byStatus counts answers by status; 0 is a request that got none.
	byStatus map[int]int
}

func newClass(name string) *class { return &class{name: name, byStatus: map[int]int{}} }

func (c *class) record(status int, took time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.took = append(c.took, took)
	c.byStatus[status]++
}

// failures are answers other than 2xx and 3xx, the intended 429s apart.
func (c *class) failures() (failed, limited int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for status, n := range c.byStatus {
		switch {
		case status == http.StatusTooManyRequests:
			limited += n
		case status < 200 || status >= 400:
			failed += n
		}
	}
	return failed, limited
}

// statuses lists the answers other than 2xx and 3xx by status ("0" is
// none, "-1" a redirect elsewhere than asked).
func (c *class) statuses() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var parts []string
	for status, n := range c.byStatus {
		if status < 200 || status >= 400 {
			parts = append(parts, fmt.Sprintf("%d×%d", n, status))
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// load is the class's figures over d, for the table.
func (c *class) load(d time.Duration) load {
	c.mu.Lock()
	took := slices.Clone(c.took)
	c.mu.Unlock()
	slices.Sort(took)
	at := func(q float64) int64 {
		if len(took) == 0 {
			return 0
		}
		return took[int(q*float64(len(took)-1))].Microseconds()
	}
	failed, _ := c.failures()
	return load{Requests: len(took), DurationUS: d.Microseconds(), P50: at(0.5), P95: at(0.95), P99: at(0.99), BadStatus: failed}
}

// opening runs the scenario on its own app over the large dataset and
// leaves the dataset as it found it.
func (b *bench) opening(ctx context.Context, t *table) error {
	d := openingTime
	if os.Getenv("BENCH_SHORT") == "1" {
		d = openingShortTime
	}
	b.logf("opening day: %s of pages, searches, applications, status pages, alert sign-ups and %d recruiters at once", d, openingRecruiters)
	a, err := b.startApp(ctx, b.large.url)
	if err != nil {
		return err
	}
	defer a.stop()
	db, err := pgx.Connect(ctx, b.large.url)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close(ctx) }()

	// The roles students apply to (one per recruiter, who moves their
	// applications on) and the pages a viral post sends them to: the
	// newest open roles, as a launch would link (those that take the
	// bachelor's students who apply).
	rows, err := db.Query(ctx, `SELECT id, slug FROM roles WHERE status = 'open' AND closes_at IS NULL AND 'bachelors' = ANY (degree_levels)
		ORDER BY opens_at DESC, id DESC LIMIT 200`)
	if err != nil {
		return err
	}
	type target struct {
		id   int64
		slug string
	}
	var hot []target
	for rows.Next() {
		var r target
		if err := rows.Scan(&r.id, &r.slug); err != nil {
			return err
		}
		hot = append(hot, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(hot) < openingRecruiters {
		return fmt.Errorf("opening day: only %d open roles", len(hot))
	}
	pdf, err := os.ReadFile(b.pdf)
	if err != nil {
		return err
	}
	var cookies []string
	for range openingRecruiters {
		c, err := signIn(a)
		if err != nil {
			return err
		}
		cookies = append(cookies, c)
	}

	started := time.Now()
	hits0, _ := a.metric("careers_page_cache_hits_total")
	misses0, _ := a.metric("careers_page_cache_misses_total")
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 0, IdleConnTimeout: time.Minute},
	}
	// do sends req and reads the answer whole; status 0 is no answer.
	do := func(req *http.Request) (int, string, http.Header) {
		res, err := client.Do(req)
		if err != nil {
			return 0, "", nil
		}
		body, err := io.ReadAll(res.Body)
		_ = res.Body.Close() // read whole above
		if err != nil {
			return 0, "", nil
		}
		return res.StatusCode, string(body), res.Header
	}
	var (
		pages, searches, applies, statuses, alertClass, lists, moves = newClass("Role pages, the roles list and home (cached)"),
			newClass("Searches no one made before"), newClass("Applications with a 100 KB PDF"),
			newClass("Status pages"), newClass("Alert sign-ups"), newClass("Recruiters' lists"), newClass("Recruiters' stage moves")
		tokensMu sync.Mutex
		tokens   []string
		serial   atomic.Int64
		tag      = fmt.Sprintf("%d", time.Now().UnixNano()%1_000_000_000)
	)
	// address gives each simulated student an address of their own, as
	// behind a campus proxy the app's per-address limits see them apart.
	address := func() string {
		n := serial.Add(1)
		return fmt.Sprintf("10.%d.%d.%d", 100+n/62500%100, n/250%250, 1+n%250)
	}
	page := func(path string) *http.Request {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.url+path, nil)
		req.Header.Set("Accept-Encoding", "gzip, br")
		return req
	}
	run, stop := context.WithTimeout(ctx, d)
	defer stop()
	var wg sync.WaitGroup
	// every sends one request of c per tick at rate, as long as the run.
	every := func(c *class, rate float64, send func(rng *rand.Rand) int) {
		wg.Go(func() {
			slots := make(chan struct{}, openingInFlight)
			var inFlight sync.WaitGroup
			defer inFlight.Wait()
			interval := time.Duration(float64(time.Second) / rate)
			due := time.Now()
			for i := uint64(0); ; i++ {
				due = due.Add(interval)
				select {
				case <-run.Done():
					return
				case <-time.After(time.Until(due)):
				}
				select {
				case slots <- struct{}{}:
				default:
					c.record(0, 10*time.Second) // the generator's backlog is full: counted as lost
					continue
				}
				at := due
				inFlight.Go(func() {
					defer func() { <-slots }()
					if status := send(rand.New(rand.NewPCG(uint64(at.UnixNano()), i))); status != skipped { //nolint:gosec // G404, G115: load, not secrets
						c.record(status, time.Since(at))
					}
				})
			}
		})
	}
	every(pages, openingPageRate*0.9, func(rng *rand.Rand) int {
		var path string
		switch n := rng.IntN(10); {
		case n < 6:
			// Most visits go to a few roles the post names.
			path = "/roles/" + hot[min(rng.IntN(20), rng.IntN(len(hot)))].slug
		case n < 8:
			path = "/roles"
		default:
			path = "/"
		}
		status, _, _ := do(page(path))
		return status
	})
	words := []string{"engineering", "design", "data", "studio", "production", "marketing", "research", "platform",
		"analytics", "software", "content", "games", "finance", "security", "animation", "machine", "learning"}
	every(searches, openingPageRate*0.1, func(rng *rand.Rand) int {
		// A made-up excluded word makes each URL new, so the cache misses.
		q := words[rng.IntN(len(words))] + " -zq" + fmt.Sprint(rng.Uint64())
		status, _, _ := do(page("/roles?" + url.Values{"q": {q}}.Encode()))
		return status
	})
	every(applies, openingApplyRate, func(rng *rand.Rand) int {
		n := serial.Add(1)
		role := hot[int(n)%openingRecruiters]
		body, contentType := applyForm(fmt.Sprintf("opening-%s-%d", tag, n), pdf)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.url+"/roles/"+role.slug+"/apply", body)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-For", address())
		status, _, h := do(req)
		if status == http.StatusSeeOther && strings.HasPrefix(h.Get("Location"), "/applications/") {
			tokensMu.Lock()
			tokens = append(tokens, h.Get("Location"))
			tokensMu.Unlock()
		} else if status == http.StatusSeeOther {
			status = -1 // acknowledged as something else: not stored as asked
		}
		return status
	})
	every(statuses, openingStatusRate, func(rng *rand.Rand) int {
		tokensMu.Lock()
		var path string
		if len(tokens) > 0 {
			path = tokens[rng.IntN(len(tokens))]
		}
		tokensMu.Unlock()
		if path == "" {
			return skipped // nobody has applied yet: nothing to look at
		}
		status, _, _ := do(page(strings.TrimSuffix(path, "?submitted=1")))
		return status
	})
	every(alertClass, openingAlertRate, func(rng *rand.Rand) int {
		form := url.Values{"email": {fmt.Sprintf("opening-%s-%d@example.edu", tag, serial.Add(1))}, "degree": {"bachelors"}, "areas": {"technology"}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.url+"/alerts", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-For", address())
		status, _, _ := do(req)
		return status
	})
	appLink := regexp.MustCompile(`href="/admin/applications/(\d+)"`)
	stages := []string{"", "applied", "take_home", "interview_1", "offer", "rejected"}
	degrees := []string{"", "bachelors", "masters", "phd"}
	names := []string{"García", "Nakamura", "Zoë", "Okafor", "Chen", "Priya Patel"}
	for i, cookie := range cookies {
		role := hot[i]
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 7)) //nolint:gosec // G404, G115: a reproducible mix, not secrets
			get := func(q url.Values) (int, string) {
				req := page("/admin/applications?" + q.Encode())
				req.Header.Set("Cookie", cookie)
				start := time.Now()
				status, body, _ := do(req)
				lists.record(status, time.Since(start))
				return status, body
			}
			for run.Err() == nil {
				// A look across everyone, filtered as recruiters do.
				q := url.Values{"stage": {stages[rng.IntN(len(stages))]}, "degree": {degrees[rng.IntN(len(degrees))]}}
				if rng.IntN(4) == 0 {
					q.Set("q", names[rng.IntN(len(names))])
				}
				get(q)
				// Then today's applicants to their role, newest first, and
				// the oldest of them moved on to a first interview.
				status, body := get(url.Values{"role": {fmt.Sprint(role.id)}, "stage": {"applied"}, "sort": {"oldest"}})
				if m := appLink.FindStringSubmatch(body); status == http.StatusOK && m != nil {
					form := url.Values{"from": {"applied"}, "to": {"interview_1"}, "tell": {"yes"}}
					req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.url+"/admin/applications/"+m[1]+"/stage", strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Sec-Fetch-Site", "same-origin")
					req.Header.Set("Cookie", cookie)
					start := time.Now()
					status, _, _ := do(req)
					moves.record(status, time.Since(start))
				}
				select {
				case <-run.Done():
				case <-time.After(time.Second):
				}
			}
		})
	}
	// The database's side: the most connections in use at once.
	var peakConns atomic.Int64
	wg.Go(func() {
		for run.Err() == nil {
			var n int64
			if db.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n) == nil && n > peakConns.Load() {
				peakConns.Store(n)
			}
			select {
			case <-run.Done():
			case <-time.After(time.Second):
			}
		}
	})
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	took := time.Since(started)
	hits1, _ := a.metric("careers_page_cache_hits_total")
	misses1, _ := a.metric("careers_page_cache_misses_total")

	for _, c := range []*class{pages, searches, applies, statuses, alertClass, lists, moves} {
		l := c.load(took)
		failed, limited := c.failures()
		what := "Opening day, " + d.String() + ": " + c.name
		if limited > 0 {
			what += fmt.Sprintf(" (%d answered 429, as intended)", limited)
		}
		if failed > 0 {
			what += " (failures by status: " + c.statuses() + ")"
		}
		t.add(row{what: what, app: l, target: "no errors", met: failed == 0})
	}

	// Everything acknowledged was stored, and every mail it queued went
	// out by the recorded mode (no SMTP_URL) before the outbox drained.
	acked := len(tokens)
	var stored, queued, recorded int
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM applications WHERE email LIKE 'opening-' || $1 || '-%'),
			(SELECT count(*) FROM outgoing_mail WHERE created_at >= $2),
			(SELECT count(*) FROM outgoing_mail WHERE created_at >= $2 AND state = 'recorded')`, tag, started).
			Scan(&stored, &queued, &recorded); err != nil {
			return err
		}
		if recorded == queued || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	rss, err := a.peakRSS()
	if err != nil {
		return err
	}
	t.note("Opening day (%s, open-loop rates: %d pages/s with a tenth searches, %d applications/s, %d status pages/s, %d alert sign-ups/s; %d recruiters in closed loops): "+
		"%d applications acknowledged, %d stored (equal: %t); %d mails queued, %d sent by the recorded mode (equal: %t); "+
		"peak RSS %.0f MB (target under 200 MB); at most %d PostgreSQL connections to the database; page cache hit ratio %.4f (%.0f hits, %.0f misses)",
		d, openingPageRate, openingApplyRate, openingStatusRate, openingAlertRate, openingRecruiters,
		acked, stored, acked == stored, queued, recorded, queued == recorded,
		float64(rss)/(1<<20), peakConns.Load(), (hits1-hits0)/max(1, hits1-hits0+misses1-misses0), hits1-hits0, misses1-misses0)

	// Leave the dataset as it was, so the next run can reuse it.
	for _, q := range []string{
		`DELETE FROM applications WHERE email LIKE 'opening-%'`,
		`DELETE FROM alert_subscriptions WHERE email LIKE 'opening-%'`,
		`DELETE FROM outgoing_mail WHERE created_at >= $1`,
		`DELETE FROM river_job WHERE created_at >= $1`,
		`DELETE FROM rate_limit_attempts WHERE created_at >= $1`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{started}
		}
		if _, err := db.Exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// applyForm is the apply form as a browser sends it, for the student
// with address key@example.edu.
func applyForm(key string, pdf []byte) (io.Reader, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range [][2]string{
		{"submission_key", key + "-submission"}, {"full_name", "Zoë O'Brien-Nakamura"}, {"email", key + "@example.edu"},
		{"phone", ""}, {"university", "Université de Montréal"}, {"degree", "bachelors"}, {"grad_month", "5"},
		{"grad_year", "2028"}, {"linkedin", ""}, {"why", "I want to build what students use every day."},
		{"consent", "yes"}, {"hp_extra_notes", ""},
	} {
		_ = w.WriteField(f[0], f[1]) // into memory
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="resume"; filename="cv.pdf"`)
	h.Set("Content-Type", "application/pdf")
	part, _ := w.CreatePart(h)
	_, _ = part.Write(pdf)
	_ = w.Close()
	return &buf, w.FormDataContentType()
}
