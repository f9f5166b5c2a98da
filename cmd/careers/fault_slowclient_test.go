package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"example.com/careers/internal/db/dbtest"
)

// slowConn is a raw connection whose end the server decides: watch
// reports when the server answered or closed it.
type slowConn struct {
	net.Conn
	opened time.Time
	ended  chan struct{} // closed when the server closed the connection
	status int           // the status line the server sent, if any
	after  time.Duration // from opened to the server's close
}

func dialSlow(t *testing.T, addr string) *slowConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s := &slowConn{Conn: c, opened: time.Now(), ended: make(chan struct{})}
	go func() {
		defer close(s.ended)
		br := bufio.NewReader(c)
		if res, err := http.ReadResponse(br, nil); err == nil {
			s.status = res.StatusCode
			_, _ = io.Copy(io.Discard, res.Body)
			_ = res.Body.Close()
		}
		// Then until the server closes the connection.
		_, _ = io.Copy(io.Discard, br)
		s.after = time.Since(s.opened)
	}()
	return s
}

// trickle writes data every interval, a piece at a time, until it is
// all sent, the server has closed the connection or limit has passed
// since it opened; it reports how many bytes went out.
func (s *slowConn) trickle(data []byte, piece int, interval, limit time.Duration) int {
	sent := 0
	for sent < len(data) && time.Since(s.opened) < limit {
		n := min(piece, len(data)-sent)
		if _, err := s.Write(data[sent : sent+n]); err != nil {
			return sent
		}
		sent += n
		select {
		case <-s.ended:
			return sent
		case <-time.After(interval):
		}
	}
	return sent
}

// waitEnded reports whether the server ended the connection within
// limit of its opening, waiting no longer than that.
func (s *slowConn) waitEnded(limit time.Duration) bool {
	select {
	case <-s.ended:
		return s.after <= limit
	case <-time.After(time.Until(s.opened.Add(limit))):
		return false
	}
}

// cutOffAnswer reports whether status is what a request cut off by a
// timeout may get: nothing (0: the connection closed), or 400 or 408 as
// the server hangs up.
func cutOffAnswer(status int) bool {
	return status == 0 || status == http.StatusBadRequest || status == http.StatusRequestTimeout
}

// TestFaultSlowClients holds the real binary to its time limits: request
// headers sent a byte a second are cut off at the header timeout; an
// upload trickling in is allowed past READ_TIMEOUT but cut off at
// UPLOAD_TIMEOUT, and another form's body at READ_TIMEOUT, storing
// nothing; and 500 connections that send nothing take no database
// connection, do not stop others from being served, and are closed at
// the header timeout.
func TestFaultSlowClients(t *testing.T) {
	bin := careersBinary(t)
	t.Parallel()
	pool := dbtest.Pool(t)
	run := time.Now().UnixNano()
	slug := fmt.Sprintf("fault-slow-intern-%d", run)
	faultRole(t, pool, slug, "Slow Clients Intern", "open")
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "TRUSTED_PROXY_HEADER": "X-Real-IP", "METRICS_TOKEN": faultMetricsToken}
	// The defaults: READ_TIMEOUT 30s, so only the header timeout (5s)
	// can end what these connections do.
	plain := startCareers(t, bin, env)
	// Short limits, so the body timeouts show within seconds.
	const readTimeout, uploadTimeout = 2 * time.Second, 4 * time.Second
	short := map[string]string{"READ_TIMEOUT": readTimeout.String(), "UPLOAD_TIMEOUT": uploadTimeout.String()}
	for k, v := range env {
		short[k] = v
	}
	quick := startCareers(t, bin, short)
	// Scheduling on a busy machine (CI runs every package at once on two
	// cores), never a target: the header trickle would need 89 s to finish
	// and the upload 50 s, so a cut within these bounds is still the
	// timeout's.
	const margin = 15 * time.Second

	t.Run("headers a byte a second", func(t *testing.T) {
		t.Parallel()
		head := "GET /faq HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: one byte at a time\r\nAccept: text/html\r\n\r\n"
		c := dialSlow(t, plain.addr)
		sent := c.trickle([]byte(head), 1, time.Second, readHeaderTimeout+margin)
		if !c.waitEnded(readHeaderTimeout + margin) {
			t.Fatalf("the connection was still open %s after it opened, with %d of %d header bytes sent", readHeaderTimeout+margin, sent, len(head))
		}
		// Go's server may say 400 as it hangs up; never a page.
		if sent >= len(head) || (c.status != 0 && c.status < 400) {
			t.Fatalf("the headers were completed (%d of %d bytes) or answered %d: the trickle was not cut off", sent, len(head), c.status)
		}
		t.Logf("cut off after %s with %d of %d header bytes sent; answer %d (0: none)", c.after.Round(100*time.Millisecond), sent, len(head), c.status)
	})

	t.Run("upload trickling past UPLOAD_TIMEOUT", func(t *testing.T) {
		t.Parallel()
		st := newFaultStudent("Trickle Uploader", fmt.Sprintf("trickle.%d@slow.example.edu", run), "10.220.0.1")
		body, ctype := st.applyForm(faultPDF(200 << 10))
		head := fmt.Sprintf("POST /roles/%s/apply HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n"+
			"Sec-Fetch-Site: same-origin\r\nX-Real-IP: %s\r\n\r\n", slug, quick.addr, ctype, len(body), st.addr)
		c := dialSlow(t, quick.addr)
		// 1 KB every 250 ms: the 200 KB would take 50 s.
		sent := c.trickle(append([]byte(head), body...), 1<<10, 250*time.Millisecond, uploadTimeout+margin)
		if !c.waitEnded(uploadTimeout + margin) {
			t.Fatalf("the upload was still open %s after it started", uploadTimeout+margin)
		}
		if c.after < readTimeout+500*time.Millisecond {
			t.Errorf("the upload was cut off after %s, before READ_TIMEOUT (%s) had passed by much: the apply route's longer deadline did not apply", c.after, readTimeout)
		}
		if !cutOffAnswer(c.status) {
			t.Errorf("the cut-off upload was answered %d, want a closed connection, 400 or 408", c.status)
		}
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM applications WHERE email = $1`, st.email).Scan(&n); err != nil || n != 0 {
			t.Errorf("the cut-off upload stored %d applications (%v)", n, err)
		}
		// The server writes the line as it gives up, which may be just
		// after the client saw the connection end: wait for it (bounded).
		logged := false
		for deadline := time.Now().Add(5 * time.Second); !logged && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			logged = strings.Contains(quick.logs.String(), "upload not finished within UPLOAD_TIMEOUT")
		}
		if !logged {
			t.Error("the cut-off upload left no line in the log for the operator")
		}
		t.Logf("upload cut off after %s (READ_TIMEOUT %s, UPLOAD_TIMEOUT %s) with %d of %d bytes sent; answer %d (0: none); nothing stored",
			c.after.Round(100*time.Millisecond), readTimeout, uploadTimeout, sent, len(head)+len(body), c.status)
	})

	t.Run("stalled and aborted uploads from one address", func(t *testing.T) {
		t.Parallel()
		// One client opens 24 uploads that send their headers and the
		// start of the form, then nothing. Before, 16 such sockets held
		// every slot for UPLOAD_TIMEOUT (3 minutes) and every other
		// student got 503. Now the client holds its share (4), its other
		// uploads are turned away, and the held ones are cut at the
		// stall window.
		const stalled, others = 24, 6
		st := newFaultStudent("Slot Hog", fmt.Sprintf("hog.%d@slow.example.edu", run), "10.221.0.1")
		body, ctype := st.applyForm(faultPDF(200 << 10))
		head := fmt.Sprintf("POST /roles/%s/apply HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n"+
			"Sec-Fetch-Site: same-origin\r\nX-Real-IP: %s\r\n\r\n", slug, plain.addr, ctype, len(body), st.addr)
		conns := make([]*slowConn, stalled)
		for i := range conns {
			conns[i] = dialSlow(t, plain.addr)
			if _, err := conns[i].Write(append([]byte(head), body[:1<<10]...)); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(500 * time.Millisecond) // they reach the handler and take slots
		for i := range others {
			s := newFaultStudent("Élodie N'Diaye-Øster "+strconv.Itoa(i), fmt.Sprintf("fair.%d.%d@slow.example.edu", run, i), fmt.Sprintf("10.221.1.%d", i+1))
			p, err := s.apply(plain.base, slug)
			if err != nil || p.status != http.StatusSeeOther {
				t.Errorf("student %d from another address while one client stalls %d uploads: %v %d, want 303", i+1, stalled, err, p.status)
			}
		}
		// 10 s stall window (and 5 s of waiting for the turned-away ones),
		// far below UPLOAD_TIMEOUT's 3 minutes.
		const stallWindow = 10 * time.Second
		answers := map[int]int{}
		for i, c := range conns {
			if !c.waitEnded(stallWindow + margin) {
				for j, c := range conns {
					select {
					case <-c.ended:
						t.Logf("conn %d: %d after %s", j+1, c.status, c.after)
					default:
						t.Logf("conn %d: open, status %d", j+1, c.status)
					}
				}
				t.Fatalf("stalled upload %d was still open %s after it opened", i+1, stallWindow+margin)
			}
			answers[c.status]++
		}
		for status := range answers {
			if status != http.StatusServiceUnavailable && !cutOffAnswer(status) {
				t.Errorf("answers %v: a stalled upload was answered %d", answers, status)
			}
		}
		if answers[http.StatusServiceUnavailable] < stalled-4 {
			t.Errorf("answers %v: want at least %d turned away with 503 (the client's share is 4)", answers, stalled-4)
		}
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM applications WHERE email = $1`, st.email).Scan(&n); err != nil || n != 0 {
			t.Errorf("the stalled uploads stored %d applications (%v)", n, err)
		}
		// Others hang up half-way: the client's doing, never an ERROR.
		for range 5 {
			c := dialSlow(t, plain.addr)
			_, _ = c.Write(append([]byte(head), body[:4<<10]...))
			time.Sleep(50 * time.Millisecond)
			_ = c.Close()
		}
		time.Sleep(300 * time.Millisecond)
		if logs := plain.logs.String(); strings.Contains(logs, "level=ERROR") {
			t.Errorf("stalled or aborted uploads logged ERROR lines:\n%s", logs)
		}
		m := faultScrape(t, plain.base)
		if cut := faultMetric(t, m, `careers_uploads_cut_total{reason="stalled"}`); cut < 1 {
			t.Errorf("careers_uploads_cut_total{reason=\"stalled\"} = %v", cut)
		}
		t.Logf("%d stalled uploads from one address: %d other students applied meanwhile; answers to the stalled %v (0: closed)", stalled, others, answers)
	})

	t.Run("another form trickling past READ_TIMEOUT", func(t *testing.T) {
		t.Parallel()
		email := fmt.Sprintf("alert.%d@slow.example.edu", run)
		body := "email=" + email + "&degree=&areas=technology&pad=" + strings.Repeat("x", 4000)
		head := fmt.Sprintf("POST /alerts HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n"+
			"Sec-Fetch-Site: same-origin\r\nX-Real-IP: 10.220.0.2\r\n\r\n", quick.addr, len(body))
		c := dialSlow(t, quick.addr)
		sent := c.trickle([]byte(head+body), 20, 100*time.Millisecond, readTimeout+margin)
		if !c.waitEnded(readTimeout + margin) {
			t.Fatalf("the form was still open %s after it started", readTimeout+margin)
		}
		// Not earlier: an early refusal (403, 429, a 400 for the form)
		// would end the connection too, and prove nothing about the limit.
		if c.after < readTimeout-250*time.Millisecond {
			t.Errorf("the form was cut off after %s, before READ_TIMEOUT (%s): something else ended it (answer %d)", c.after, readTimeout, c.status)
		}
		if !cutOffAnswer(c.status) {
			t.Errorf("the cut-off form was answered %d, want a closed connection, 400 or 408", c.status)
		}
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM alert_subscriptions WHERE email = $1`, email).Scan(&n); err != nil || n != 0 {
			t.Errorf("the cut-off form stored %d subscriptions (%v)", n, err)
		}
		t.Logf("alert form cut off after %s (READ_TIMEOUT %s) with %d of %d bytes sent; answer %d (0: none)",
			c.after.Round(100*time.Millisecond), readTimeout, sent, len(head)+len(body), c.status)
	})

	t.Run("500 idle connections", func(t *testing.T) {
		t.Parallel()
		idle := 500
		var lim syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < uint64(2*idle+200) {
			// Both ends live on this machine, the server's in its own process.
			t.Fatalf("ulimit -n is %d: 500 idle connections need at least %d", lim.Cur, 2*idle+200)
		}
		metrics := faultScrape(t, plain.base)
		inUseBefore := faultMetric(t, metrics, "careers_db_pool_connections_in_use")
		maxConns := faultMetric(t, metrics, "careers_db_pool_connections_max")

		conns := make([]*slowConn, idle)
		for i := range conns {
			conns[i] = dialSlow(t, plain.addr)
		}
		opened := time.Now()

		// While they are open, people are still served.
		if p := faultGet(t, plain.base+"/faq"); p.status != http.StatusOK {
			t.Errorf("a page while %d connections idle: %d", idle, p.status)
		}
		st := newFaultStudent("Idle Neighbour", fmt.Sprintf("idle.%d@slow.example.edu", run), "10.220.0.3")
		if p, err := st.apply(plain.base, slug); err != nil || p.status != http.StatusSeeOther {
			t.Errorf("an application while %d connections idle: %v %d", idle, err, p.status)
		}
		servedIn := time.Since(opened)
		metrics = faultScrape(t, plain.base)
		inUse := faultMetric(t, metrics, "careers_db_pool_connections_in_use")
		// The mail workers take a connection now and then, whatever the
		// idle connections do.
		if inUse > inUseBefore+2 || inUse >= maxConns {
			t.Errorf("database connections in use with %d idle clients: %v (before: %v, max %v)", idle, inUse, inUseBefore, maxConns)
		}
		still := 0
		for _, c := range conns {
			select {
			case <-c.ended:
			default:
				still++
			}
		}

		late := 0
		var longest time.Duration
		for _, c := range conns {
			if !c.waitEnded(readHeaderTimeout + margin) {
				late++
				continue
			}
			longest = max(longest, c.after)
		}
		if late > 0 {
			t.Fatalf("%d of %d idle connections were still open %s after they opened", late, idle, readHeaderTimeout+margin)
		}
		t.Logf("%d idle connections: %d still open after a page and an application were served (in %s); "+
			"database connections in use %v (before %v, max %v); all closed by the server, the last %s after it opened",
			idle, still, servedIn.Round(10*time.Millisecond), inUse, inUseBefore, maxConns, longest.Round(100*time.Millisecond))
	})
}
