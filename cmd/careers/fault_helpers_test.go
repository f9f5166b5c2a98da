package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/testkit"
)

// The fault tests drive the real binary as an operator runs it, so
// they share one build of it: built by the first test that asks, removed
// when the last test using it ends. Tests take it before t.Parallel, so
// every parallel one holds it before any of them can release it.
var faultBinary struct {
	mu    sync.Mutex
	users int
	dir   string
	path  string
}

func careersBinary(t *testing.T) string {
	t.Helper()
	faultBinary.mu.Lock()
	defer faultBinary.mu.Unlock()
	if faultBinary.users == 0 {
		dir, err := os.MkdirTemp("", "careers-bin-")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "careers")
		if out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			t.Fatalf("go build: %v\n%s", err, out)
		}
		faultBinary.dir, faultBinary.path = dir, path
	}
	faultBinary.users++
	t.Cleanup(func() {
		faultBinary.mu.Lock()
		defer faultBinary.mu.Unlock()
		if faultBinary.users--; faultBinary.users == 0 {
			os.RemoveAll(faultBinary.dir)
		}
	})
	return faultBinary.path
}

// faultEnv is the environment of a careers process: only what it is
// given, so nothing of the test's own environment (SMTP_URL...) leaks in.
func faultEnv(env map[string]string) []string {
	list := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for _, k := range slices.Sorted(maps.Keys(env)) {
		list = append(list, k+"="+env[k])
	}
	return list
}

// careersCommand runs one of the binary's chores (migrate, seed, user)
// and fails the test if it fails.
func careersCommand(t *testing.T, bin string, env map[string]string, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = faultEnv(env)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("careers %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// careersProcess is a running `careers serve`.
type careersProcess struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	addr string
	logs *testkit.LogBuffer
	done chan struct{} // closed when the process has exited
	err  error         // its exit, once done is closed
}

// startCareers starts `careers serve` on a free port of 127.0.0.1 with env
// (over a few defaults) and waits until it answers /healthz. The process
// is killed when the test ends, if it is still running; its log is shown
// when the test failed.
func startCareers(t *testing.T, bin string, env map[string]string) *careersProcess {
	t.Helper()
	full := map[string]string{"ADDR": freeAddr(t), "SHUTDOWN_DELAY": "0s"}
	maps.Copy(full, env)
	p := &careersProcess{addr: full["ADDR"], logs: &testkit.LogBuffer{}, done: make(chan struct{})}
	p.base = "http://" + p.addr
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = faultEnv(full)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("log of careers serve on %s:\n%s", p.addr, p.logs.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-p.done:
			t.Fatalf("careers serve exited before it was up: %v\n%s", p.err, p.logs.String())
		default:
		}
		if res, err := pollClient.Get(p.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("careers serve never answered /healthz:\n%s", p.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// faultClient is a client that shows redirects instead of following them,
// with a bound on every request.
var faultClient = &http.Client{
	Timeout:       20 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// faultAnswer is a response read whole.
type faultAnswer struct {
	status   int
	location string
	body     string
	header   http.Header
}

// faultSend sends req and reads the answer whole; err is a transport error.
func faultSend(req *http.Request) (faultAnswer, error) {
	res, err := faultClient.Do(req)
	if err != nil {
		return faultAnswer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return faultAnswer{}, err
	}
	return faultAnswer{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b), header: res.Header}, nil
}

// faultGet fetches url, failing the test on a transport error.
func faultGet(t *testing.T, url string, cookies ...*http.Cookie) faultAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	p, err := faultSend(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return p
}

// faultPost sends a same-origin form POST, as a browser on the site does,
// from realIP (see faultStudent.addr).
func faultPost(t *testing.T, url string, form url.Values, realIP string, cookies ...*http.Cookie) faultAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Real-IP", realIP)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	p, err := faultSend(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	return p
}

// faultPDF is a resume the site accepts, padded to size bytes.
func faultPDF(size int) []byte {
	head, tail := "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n", "trailer<</Root 1 0 R>>\n%%EOF\n"
	pad := max(0, size-len(head)-len(tail))
	return []byte(head + strings.Repeat("%", pad) + tail)
}

// faultStudent is one person applying: their form's key stays the same
// however often they press submit.
type faultStudent struct {
	name, email, key string
	// addr is their address, sent in X-Real-IP (the processes run with
	// TRUSTED_PROXY_HEADER=X-Real-IP): each student has their own rate
	// limit, as people on different networks do, and the tests do not
	// spend the loopback address's allowance other tests in this
	// package need.
	addr string
}

var faultKeyChars = regexp.MustCompile(`[^A-Za-z0-9]`)

func newFaultStudent(name, email, addr string) faultStudent {
	key := "fault-" + faultKeyChars.ReplaceAllString(email, "-")
	if len(key) > 64 {
		key = key[:64]
	}
	for len(key) < 16 {
		key += "-"
	}
	return faultStudent{name: name, email: email, key: key, addr: addr}
}

// applyForm is the student's multipart apply form with resume as the file.
func (s faultStudent) applyForm(resume []byte) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range [][2]string{
		{"submission_key", s.key},
		{"full_name", s.name},
		{"email", s.email},
		{"phone", ""},
		{"university", "Université de Montréal"},
		{"degree", "bachelors"},
		{"grad_month", "5"},
		{"grad_year", strconv.Itoa(time.Now().Year() + 2)},
		{"linkedin", ""},
		{"why", "I want to build what millions watch tonight."},
		{"consent", "yes"},
		{"hp_extra_notes", ""},
	} {
		_ = mw.WriteField(kv[0], kv[1])
	}
	w, _ := mw.CreateFormFile("resume", "cv.pdf")
	_, _ = w.Write(resume)
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// apply posts the student's form once.
func (s faultStudent) apply(base, slug string) (faultAnswer, error) {
	body, ctype := s.applyForm(faultPDF(2 << 10))
	req, err := http.NewRequest(http.MethodPost, base+"/roles/"+slug+"/apply", bytes.NewReader(body))
	if err != nil {
		return faultAnswer{}, err
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Real-IP", s.addr)
	return faultSend(req)
}

// faultStatusLink is where a successful application redirects.
var faultStatusLink = regexp.MustCompile(`^/applications/([A-Za-z0-9_-]{43})\?submitted=1$`)

// faultRole inserts a role for a test's own use; an open one has no
// closing date, so it stays open. It is in Los Gatos, CA, so it has a pay
// range: publishing it needs one.
func faultRole(t *testing.T, pool *pgxpool.Pool, slug, title, status string) int64 {
	t.Helper()
	var opens *time.Time
	if status != "draft" {
		o := time.Now().Add(-48 * time.Hour)
		opens = &o
	}
	var id int64
	err := pool.QueryRow(context.Background(), `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at,
		                   pay_min, pay_max, pay_currency, pay_unit)
		VALUES ($1, $2, 'Playback', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors,masters}',
		        'Summer 2027', 'Build the player.', $3, $4, 45, 60, 'USD', 'hour')
		RETURNING id`, slug, title, status, opens).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// faultMetric reads one unlabelled series from a /metrics text page.
func faultMetric(t *testing.T, metrics, name string) float64 {
	t.Helper()
	for line := range strings.Lines(metrics) {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err != nil {
				t.Fatalf("metric %s: %v", name, err)
			}
			return v
		}
	}
	t.Fatalf("no metric %s in:\n%s", name, metrics)
	return 0
}

// errorPageInternals are words an error page must never show a student.
var errorPageInternals = []string{"SQLSTATE", "pgx", "pgconn", "dial", "connection refused", "goroutine", "panic", ".go:", "postgres://", "127.0.0.1:"}

// friendly503Heading is the heading of the site's 503 page.
var friendly503Heading = regexp.MustCompile(`<h1>We(&#39;|')ll be right back</h1>`)

// assertFriendly503 checks p is the site's own "be right back" page,
// with nothing of the failure's errorPageInternals.
func assertFriendly503(t *testing.T, what string, p faultAnswer) {
	t.Helper()
	if p.status != http.StatusServiceUnavailable {
		t.Errorf("%s: %d, want 503", what, p.status)
		return
	}
	if !friendly503Heading.MatchString(p.body) {
		t.Errorf("%s: 503 without the site's error page:\n%.400s", what, p.body)
	}
	for _, word := range errorPageInternals {
		if strings.Contains(p.body, word) {
			t.Errorf("%s: the error page shows %q", what, word)
		}
	}
	if p.header.Get("Retry-After") == "" {
		t.Errorf("%s: 503 without Retry-After", what)
	}
}

// faultMetricsToken opens /metrics of the processes the fault tests start:
// they run with TRUSTED_PROXY_HEADER, and then only the token does.
const faultMetricsToken = "fault-tests-metrics-token"

// faultScrape reads the /metrics page of the process at base.
func faultScrape(t *testing.T, base string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+faultMetricsToken)
	p, err := faultSend(req)
	if err != nil || p.status != http.StatusOK {
		t.Fatalf("GET %s/metrics: %v %d", base, err, p.status)
	}
	return p.body
}
