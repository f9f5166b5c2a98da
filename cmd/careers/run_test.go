package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"example.com/careers/content"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/testkit"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func envFrom(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// freeAddr is a free address of 127.0.0.1 for a server the test starts
// (see dbtest.FreePort for why not port 0).
func freeAddr(t *testing.T) string {
	t.Helper()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(dbtest.FreePort(t)))
}

// pollClient bounds each request of a test's polling loops, so a server
// that hangs fails the test soon after the loop's deadline instead of
// at go test's own timeout.
var pollClient = &http.Client{Timeout: 5 * time.Second}

// waitFor polls url until it answers 200 or the deadline passes.
func waitFor(t *testing.T, url string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the server stopped before it was up: %v", err)
		default:
		}
		if res, err := pollClient.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered 200", url)
}

// serveInProcess runs `careers serve` with env, as main would, until the
// test ends, and returns once /healthz answers. It gives what the app
// logs.
func serveInProcess(t *testing.T, env map[string]string) *testkit.LogBuffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &testkit.LogBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"careers", "serve"}, envFrom(env), nil, logs) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("the app did not stop")
		}
	})
	waitFor(t, "http://"+env["ADDR"]+"/healthz", done)
	return logs
}

func TestUsage(t *testing.T) {
	cases := []struct {
		args      []string
		usage     bool // run returns a usageError (exit 2)
		stdoutHas string
		errHas    string
	}{
		{[]string{"careers"}, true, "careers serve", "no command"},
		{[]string{"careers", "help"}, false, "careers migrate up|down|status", ""},
		{[]string{"careers", "-h"}, false, "DATABASE_URL", ""},
		{[]string{"careers", "serve", "-h"}, false, "-content-dir", ""},
		{[]string{"careers", "launch"}, true, "", `unknown command "launch"`},
		{[]string{"careers", "serve", "-colour"}, true, "", "flag provided but not defined: -colour"},
		{[]string{"careers", "migrate"}, true, "", "migrate needs up, down or status"},
		{[]string{"careers", "migrate", "sideways"}, true, "", `unknown migrate action "sideways"`},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), c.args, envFrom(nil), nil, &out)
			_, isUsage := errors.AsType[usageError](err)
			if isUsage != c.usage {
				t.Fatalf("err = %v, usage error: %v, want %v", err, isUsage, c.usage)
			}
			if c.errHas != "" && (err == nil || !strings.Contains(err.Error(), c.errHas) || strings.Contains(err.Error(), "\n")) {
				t.Errorf("err = %v, want one line with %q", err, c.errHas)
			}
			if !strings.Contains(out.String(), c.stdoutHas) {
				t.Errorf("stdout lacks %q:\n%s", c.stdoutHas, out.String())
			}
		})
	}
}

func TestServeRefusesBadConfig(t *testing.T) {
	env := map[string]string{"DATABASE_URL": "postgres://u:hunter2@[oops", "ADDR": "127.0.0.1:0"}
	err := run(context.Background(), []string{"careers", "serve"}, envFrom(env), nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("err = %v", err)
	}
	env = map[string]string{"DATABASE_URL": "postgres://u@127.0.0.1/db", "ADDR": "8080"}
	if err := run(context.Background(), []string{"careers", "serve"}, envFrom(env), nil, io.Discard); err == nil || !strings.Contains(err.Error(), "ADDR") {
		t.Fatalf("err = %v", err)
	}
}

// TestBrokenContentStopsStartUp copies the shipped content to a folder,
// breaks one page's front matter and serves it with CONTENT_DIR.
func TestBrokenContentStopsStartUp(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, content.FS); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tips.md"), []byte("---\ntitle: [oops\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_URL": "postgres://u@127.0.0.1:1/db", "ADDR": freeAddr(t), "CONTENT_DIR": dir}
	err := run(context.Background(), []string{"careers", "serve"}, envFrom(env), nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "tips.md: front matter") {
		t.Fatalf("err = %v, want it to name tips.md", err)
	}
}

// TestServeEndToEnd drives run as main does: migrate, serve on a free
// port, fetch pages, then cancel the context (the signal) and see a clean
// exit.
func TestServeEndToEnd(t *testing.T) {
	addr := freeAddr(t)
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "ADDR": addr, "LOG_FORMAT": "json", "SHUTDOWN_DELAY": "1s"}

	var migrateOut bytes.Buffer
	if err := run(context.Background(), []string{"careers", "migrate", "status"}, envFrom(env), nil, &migrateOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(migrateOut.String(), "00001_baseline.sql") || !strings.Contains(migrateOut.String(), "applied") {
		t.Fatalf("migrate status:\n%s", migrateOut.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &testkit.LogBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"careers", "serve"}, envFrom(env), nil, logs) }()
	base := "http://" + addr
	waitFor(t, base+"/healthz", done)

	for _, path := range []string{"/", "/timeline", "/readyz"} {
		res, err := pollClient.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}

	cancel()
	// During the shutdown delay the server still answers, but not ready.
	sawNotReady := false
	for deadline := time.Now().Add(900 * time.Millisecond); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		res, err := pollClient.Get(base + "/readyz")
		if err != nil {
			break
		}
		res.Body.Close()
		if res.StatusCode == http.StatusServiceUnavailable {
			sawNotReady = true
			break
		}
	}
	if !sawNotReady {
		t.Error("/readyz never answered 503 while shutting down")
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return after its context was cancelled")
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no clean stop in the logs:\n%s", logs.String())
	}
	if res, err := pollClient.Get(base + "/healthz"); err == nil {
		_ = res.Body.Close()
		t.Error("the server still answers after shutdown")
	}
}

// TestBinaryExitsCleanlyOnSIGTERM runs the real binary (the fault tests'
// build, shared) and sends it the signal an orchestrator sends, and
// checks main maps a usage mistake to exit status 2.
func TestBinaryExitsCleanlyOnSIGTERM(t *testing.T) {
	bin := careersBinary(t)
	t.Parallel()

	// Exit status 2 for a usage mistake, from the real main.
	err := exec.Command(bin, "launch").Run()
	if exitErr, ok := errors.AsType[*exec.ExitError](err); !ok || exitErr.ExitCode() != 2 {
		t.Fatalf("careers launch: %v, want exit status 2", err)
	}

	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbtest.URL(t), "ADDR="+addr, "SHUTDOWN_DELAY=0s")
	var out testkit.LogBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	waitFor(t, "http://"+addr+"/healthz", done)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("no exit within 20s of SIGTERM")
	}
	if !strings.Contains(out.String(), "shutting down") || !strings.Contains(out.String(), "msg=stopped") {
		t.Errorf("logs:\n%s", out.String())
	}
}

func TestUserCommands(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t)}
	var out bytes.Buffer
	err := run(context.Background(), []string{"careers", "user", "add", "--email", "cli@example.com", "--name", "Cli Admin", "--admin"},
		envFrom(env), strings.NewReader("a long enough password\n"), &out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "created admin account") || strings.Contains(out.String(), "a long enough password") {
		t.Fatalf("output %q", out.String())
	}
	err = run(context.Background(), []string{"careers", "user", "add", "--email", "b@example.com", "--name", "B"},
		envFrom(env), strings.NewReader("too short\n"), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "at least 12 characters") {
		t.Fatalf("short password: %v", err)
	}
	err = run(context.Background(), []string{"careers", "user", "add", "--name", "B"}, envFrom(env), strings.NewReader(""), io.Discard)
	if _, ok := errors.AsType[usageError](err); !ok {
		t.Fatalf("missing --email: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"careers", "user", "disable", "--email", "CLI@example.com"}, envFrom(env), nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "disabled account") {
		t.Fatalf("disable output %q", out.String())
	}
}
