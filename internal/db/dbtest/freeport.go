package dbtest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// given are the ports FreePort has handed out in this process, so two
// tests never get the same one before either listens on it.
var given struct {
	mu    sync.Mutex
	ports map[int]bool
}

// FreePort picks a TCP port on 127.0.0.1 that nobody listens on, for a
// server a test starts (the app, a PostgreSQL cluster of its own).
//
// Why not listen on port 0 and close: the kernel answers with a port of
// its ephemeral range, the one it also gives the outgoing side of every
// connection. Between the close and the server's own listen, the tests'
// own connections (hundreds in the slow-client test, many tests in
// parallel) can take it; and the outage test needs its cluster's port
// to stay free for seconds while PostgreSQL is down, then restarts on
// it. A port below the ephemeral range is never handed out that way, so
// only another listener could take it.
func FreePort(t testing.TB) int {
	t.Helper()
	lo, hi := freePortRange()
	given.mu.Lock()
	defer given.mu.Unlock()
	if given.ports == nil {
		given.ports = map[int]bool{}
	}
	for range 100 {
		port := lo + rand.IntN(hi-lo+1) //nolint:gosec // G404: a port to try, not a secret
		if given.ports[port] {
			continue
		}
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			continue // someone listens there
		}
		_ = ln.Close() // only the check was wanted; the caller listens
		given.ports[port] = true
		return port
	}
	t.Fatalf("no free port between %d and %d after 100 tries", lo, hi)
	return 0
}

// freePortRange is where FreePort looks: from 20000 up to just below the
// kernel's ephemeral range (Linux's default starts at 32768); 20000-32767
// when the range cannot be read or leaves too little room below it.
func freePortRange() (lo, hi int) {
	lo, hi = 20000, 32767
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return lo, hi
	}
	fields := strings.Fields(string(b))
	if len(fields) != 2 {
		return lo, hi
	}
	first, err := strconv.Atoi(fields[0])
	if err != nil || first-1 < lo+1000 {
		return lo, hi
	}
	return lo, first - 1
}
