package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/testkit"
)

// repoRoot is where the test tools and artifacts live, from cmd/careers.
const repoRoot = "../.."

// needTool finds a tool the browser tests need. Under CI a missing tool
// fails the test (.ci/run installs them); elsewhere the test is skipped
// with the command that installs it, and with -short (make check) it is
// skipped at once.
func needTool(t *testing.T, path, install string) string {
	t.Helper()
	if testing.Short() {
		// make check: the quick loop leaves the browser suite to make test,
		// which CI runs (never with -short).
		t.Skip("skipping with -short (make check); make test and CI run the browser suite")
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if p, err := exec.LookPath(path); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing in CI: %s", path, install)
	}
	t.Skipf("skipping outside CI: %s is missing (%s)", path, install)
	return ""
}

// app is the real program, started with run on a free port.
type app struct {
	base string
	env  map[string]string
	// logs is everything the app logged, at debug level, for the log
	// hygiene checks at the end of each journey.
	logs *testkit.LogBuffer
}

// startApp migrates a fresh database, seeds the demo roles and serves
// the site with run, as `make run` does, until the test ends.
func startApp(t *testing.T) *app { return startAppNamed(t, "127.0.0.1") }

// startAppNamed serves on 127.0.0.1 under the host name host: passkeys
// need a domain ("localhost"), never an IP address, as their RP ID.
func startAppNamed(t *testing.T, host string) *app { return startAppEnv(t, host, nil) }

// startAppEnv is startAppNamed with more environment (SMTP_URL...).
func startAppEnv(t *testing.T, host string, extra map[string]string) *app {
	t.Helper()
	addr := freeAddr(t)
	base := "http://" + strings.Replace(addr, "127.0.0.1", host, 1)
	env := map[string]string{
		"DATABASE_URL": dbtest.URL(t), "ADDR": addr, "BASE_URL": base,
		"SHUTDOWN_DELAY": "0s", "LOG_LEVEL": "debug",
	}
	maps.Copy(env, extra)
	if err := run(context.Background(), []string{"careers", "seed", "-if-empty"}, envFrom(env), nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	logs := serveInProcess(t, env)
	return &app{base: base, env: env, logs: logs}
}

// browser starts a headless Chromium with a new empty profile.
func browser(t *testing.T, jsEnabled bool) context.Context {
	t.Helper()
	exe := needTool(t, "/usr/bin/chromium", "apt-get install chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// The site scrolls smoothly for people who do not ask for reduced
		// motion; a click computed mid-scroll can miss, so tests ask.
		chromedp.Flag("force-prefers-reduced-motion", true),
		chromedp.WindowSize(1280, 900),
	}
	if !jsEnabled {
		opts = append(opts, chromedp.Flag("blink-settings", "scriptEnabled=false"))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// do runs steps with a time limit, failing the test with what went wrong.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// location is the page's current URL.
func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, "location.href")
}

// artifacts is the folder the screenshots go to.
func artifacts(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(repoRoot, "artifacts", "screenshots"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves the whole page at the current viewport width.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(c, chromedp.FullScreenshot(100)) // 100: PNG, not JPEG
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(artifacts(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}

// checkAxe injects axe-core into the page and fails on any violation of
// the WCAG A and AA rules.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	for _, v := range axeViolations(t, ctx) {
		t.Errorf("axe on %s: %s", page, v)
	}
}

// axeViolations runs axe-core in the page and lists what it finds.
func axeViolations(t *testing.T, ctx context.Context) []string {
	t.Helper()
	src, err := os.ReadFile(needTool(t, filepath.Join(repoRoot, ".cache/npm/node_modules/axe-core/axe.min.js"), "make test installs axe-core"))
	if err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, string(src)+";true")
	tags, _ := json.Marshal(axeTags)
	violations := eval[[]string](t, ctx, fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " at " +
			v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))`, tags))
	return violations
}

// noSideScroll fails when the page is wider than the viewport (a phone
// would scroll sideways), naming the widest elements.
func noSideScroll(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	wide := eval[[]string](t, ctx, `(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w) return [];
		return [...document.querySelectorAll("body *")]
			.filter(e => e.getBoundingClientRect().right > w + 1)
			.slice(0, 5)
			.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).replace(/ /g, ".") : "") +
				" right=" + Math.round(e.getBoundingClientRect().right));
	})()`)
	for _, w := range wide {
		t.Errorf("%s is wider than the phone screen: %s", page, w)
	}
}
