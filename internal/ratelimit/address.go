package ratelimit

import (
	"net/netip"
	"strings"
)

// ParseAddr reads a client address as proxies and the net/http server
// write it: "203.0.113.7", "203.0.113.7:4711", "2001:db8::1",
// "[2001:db8::1]:4711" or "[2001:db8::1]". Some load balancers append the
// port to X-Forwarded-For; without reading it, every client would fall
// back to the proxy's one address and share one bucket.
func ParseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = s[1 : len(s)-1]
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone("").Unmap(), true
}

// AddressKey is the key of a client address. IPv6 clients count per
// /64: one subscriber is usually given a whole /64, so counting each
// address would give one client 2^64 budgets.
func AddressKey(addr string) string {
	if a, ok := ParseAddr(addr); ok && a.Is6() {
		return "addr:" + netip.PrefixFrom(a, 64).Masked().String()
	}
	return "addr:" + addr
}
