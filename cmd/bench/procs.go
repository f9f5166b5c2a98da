package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// metricsToken opens the app's /metrics to the bench: the app runs as if
// behind a proxy (TRUSTED_PROXY_HEADER) so each simulated applicant has
// its own address, and then loopback alone is not enough.
const metricsToken = "bench-metrics-token-0123456789"

// app is a running careers server.
type app struct {
	cmd     *exec.Cmd
	url     string
	startup time.Duration
}

// startApp runs `careers serve` on a free port and waits for /readyz.
func (b *bench) startApp(ctx context.Context, databaseURL string) (*app, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	logFile, err := os.Create(filepath.Join(b.dir, "app-"+strconv.Itoa(port)+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(b.o.bin, "serve")
	// The datasets' past seasons are years old: with the default
	// retention the app would anonymise them during the runs, measuring
	// that job (and changing the data the next run reuses).
	cmd.Env = append(os.Environ(), "ADDR="+addr, "DATABASE_URL="+databaseURL, "BASE_URL=http://"+addr,
		"TRUSTED_PROXY_HEADER=X-Forwarded-For", "METRICS_TOKEN="+metricsToken, "SHUTDOWN_DELAY=0s", "RETENTION_MONTHS=1200")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	a := &app{cmd: cmd, url: "http://" + addr}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(a.url + "/readyz")
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				a.startup = time.Since(start)
				return a, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			a.stop()
			return nil, fmt.Errorf("the app did not become ready (log: %s)", logFile.Name())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// peakRSS is the most memory the process has held (VmHWM), in bytes.
func (a *app) peakRSS() (int64, error) {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(a.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM for the app")
}

func (a *app) stop() {
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = a.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(40 * time.Second):
		_ = a.cmd.Process.Kill()
		<-done
	}
}

// get fetches a page's bytes.
func get(url string, header ...string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = res.Body.Close() }() // read to the end below; nothing to lose
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return body, nil
}

// metric reads one unlabelled series from the app's /metrics.
func (a *app) metric(name string) (float64, error) {
	body, err := get(a.url+"/metrics", "Authorization", "Bearer "+metricsToken)
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(body)) {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	}
	return 0, fmt.Errorf("no %s in /metrics", name)
}

// nginx serves dir/www as static files, configured like a production
// static site: sendfile, keep-alive, an access log, one worker per core.
type nginx struct {
	cmd *exec.Cmd
	url string
}

func (b *bench) startNginx(www string) (*nginx, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	conf := fmt.Sprintf(`worker_processes auto;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log warn;
events { worker_connections 4096; }
http {
	types { text/html html; }
	default_type text/html;
	access_log %[1]s/nginx-access.log;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:%[2]d;
		root %[3]s;
	}
}
`, b.dir, port, www)
	path := filepath.Join(b.dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command("nginx", "-c", path, "-p", b.dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	n := &nginx{cmd: cmd, url: "http://127.0.0.1:" + strconv.Itoa(port)}
	for range 500 {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			_ = c.Close()
			return n, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	n.stop()
	return nil, fmt.Errorf("nginx did not start: %s", stderr.String())
}

func (n *nginx) stop() {
	_ = n.cmd.Process.Signal(syscall.SIGQUIT)
	_ = n.cmd.Wait()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }() // only its port was wanted
	return l.Addr().(*net.TCPAddr).Port, nil
}
