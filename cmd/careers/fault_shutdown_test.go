package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/token"
)

// TestFaultSIGTERMDuringSlowUpload sends the real binary SIGTERM while a
// student's resume is still arriving: during SHUTDOWN_DELAY the server
// still accepts connections (readiness 503), then refuses new ones, yet
// the upload in flight finishes, is committed and gets its 303, and the
// process exits 0 within SHUTDOWN_TIMEOUT.
func TestFaultSIGTERMDuringSlowUpload(t *testing.T) {
	bin := careersBinary(t)
	t.Parallel()
	pool := dbtest.Pool(t)
	run := time.Now().UnixNano()
	slug := fmt.Sprintf("fault-sigterm-intern-%d", run)
	faultRole(t, pool, slug, "SIGTERM Intern", "open")
	const delay, timeout = time.Second, 15 * time.Second
	app := startCareers(t, bin, map[string]string{"DATABASE_URL": dbtest.URL(t), "TRUSTED_PROXY_HEADER": "X-Real-IP",
		"SHUTDOWN_DELAY": delay.String(), "SHUTDOWN_TIMEOUT": timeout.String()})

	st := newFaultStudent("Slow Uploader", fmt.Sprintf("slow.%d@sigterm.example.edu", run), "10.200.0.1")
	body, ctype := st.applyForm(faultPDF(256 << 10))
	conn, err := net.Dial("tcp", app.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	req, _ := http.NewRequest(http.MethodPost, app.base+"/roles/"+slug+"/apply", nil)
	head := fmt.Sprintf("POST /roles/%s/apply HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n"+
		"Sec-Fetch-Site: same-origin\r\nX-Real-IP: %s\r\n\r\n", slug, app.addr, ctype, len(body), st.addr)
	first := len(body) / 4
	if _, err := conn.Write(append([]byte(head), body[:first]...)); err != nil {
		t.Fatal(err)
	}

	// The rest trickles in over three seconds, past the shutdown delay.
	if err := app.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	written := make(chan error, 1)
	go func() {
		rest, chunks := body[first:], 10
		size := (len(rest) + chunks - 1) / chunks
		for len(rest) > 0 {
			time.Sleep(300 * time.Millisecond)
			n := min(size, len(rest))
			if _, err := conn.Write(rest[:n]); err != nil {
				written <- err
				return
			}
			rest = rest[n:]
		}
		written <- nil
	}()

	// During the delay a new connection is still taken, and told the
	// instance is not ready; after it, new connections are refused.
	sawNotReady, refusedAfter := false, time.Duration(0)
	for deadline := signalled.Add(delay + 3*time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", app.addr, time.Second)
		if errors.Is(err, syscall.ECONNREFUSED) {
			refusedAfter = time.Since(signalled)
			break
		}
		if err != nil {
			t.Fatalf("dial during shutdown: %v", err)
		}
		c.Close()
		if res, err := pollClient.Get(app.base + "/readyz"); err == nil {
			res.Body.Close()
			sawNotReady = sawNotReady || res.StatusCode == http.StatusServiceUnavailable
		}
	}
	if !sawNotReady {
		t.Error("/readyz never answered 503 during the shutdown delay")
	}
	if refusedAfter == 0 {
		t.Fatalf("new connections were still accepted %s after SIGTERM (SHUTDOWN_DELAY %s)", delay+3*time.Second, delay)
	}
	if refusedAfter < delay-100*time.Millisecond {
		t.Errorf("new connections were refused %s after SIGTERM, before the %s delay had passed", refusedAfter, delay)
	}

	if err := <-written; err != nil {
		t.Fatalf("the upload was cut off during shutdown: %v", err)
	}
	uploadTook := time.Since(signalled)
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatalf("no answer to the upload in flight: %v", err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !faultStatusLink.MatchString(loc) {
		t.Fatalf("the upload in flight got %d %q, want a 303 to its status page", res.StatusCode, loc)
	}

	select {
	case <-app.done:
		if app.err != nil {
			t.Fatalf("exit after SIGTERM: %v", app.err)
		}
	case <-time.After(time.Until(signalled.Add(delay + timeout))):
		t.Fatalf("the process did not exit within SHUTDOWN_DELAY + SHUTDOWN_TIMEOUT (%s) of SIGTERM", delay+timeout)
	}
	exited := time.Since(signalled)

	var stored, linked int64
	if err := pool.QueryRow(context.Background(), `SELECT id FROM applications WHERE email = $1`, st.email).Scan(&stored); err != nil {
		t.Fatalf("the acknowledged application is not in the database: %v", err)
	}
	_ = pool.QueryRow(context.Background(), `SELECT application_id FROM application_links WHERE token_hash = $1`,
		token.Hash(faultStatusLink.FindStringSubmatch(loc)[1])).Scan(&linked)
	if linked != stored {
		t.Fatalf("stored application %d, the student was sent to the link of %d", stored, linked)
	}
	t.Logf("SIGTERM with a %d-byte upload a quarter sent: new connections refused after %s, upload finished after %s, "+
		"answered 303 and stored, process exited 0 after %s", len(body), refusedAfter.Round(10*time.Millisecond),
		uploadTook.Round(10*time.Millisecond), exited.Round(10*time.Millisecond))
}
