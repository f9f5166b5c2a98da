package dbtest

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

// FreePort's ports lie below the kernel's ephemeral range, are
// different, and can be listened on.
func TestFreePort(t *testing.T) {
	ephemeralLow := 32768
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if n, err := strconv.Atoi(strings.Fields(string(b))[0]); err == nil {
			ephemeralLow = n
		}
	}
	seen := map[int]bool{}
	for range 50 {
		port := FreePort(t)
		if port < 20000 || (ephemeralLow > 21000 && port >= ephemeralLow) {
			t.Fatalf("port %d: want 20000 or above and below the ephemeral range (from %d)", port, ephemeralLow)
		}
		if seen[port] {
			t.Fatalf("port %d given twice", port)
		}
		seen[port] = true
	}
	for port := range seen {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Fatalf("listen on the free port %d: %v", port, err)
		}
		_ = ln.Close()
	}
}
