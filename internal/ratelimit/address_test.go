package ratelimit

import "testing"

func TestParseAddr(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":              "203.0.113.7",
		" 203.0.113.7:4711 ":       "203.0.113.7",
		"2001:db8::1":              "2001:db8::1",
		"[2001:db8::1]:4711":       "2001:db8::1",
		"[2001:db8::1]":            "2001:db8::1",
		"::ffff:203.0.113.7":       "203.0.113.7",
		"[::ffff:203.0.113.7]:443": "203.0.113.7",
	} {
		got, ok := ParseAddr(in)
		if !ok || got.String() != want {
			t.Errorf("ParseAddr(%q) = %v, %t; want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "unknown", "203.0.113", "203.0.113.7:port", "[2001:db8::1", "example.com:80"} {
		if got, ok := ParseAddr(bad); ok {
			t.Errorf("ParseAddr(%q) = %v, want refused", bad, got)
		}
	}
}

// One IPv6 subscriber (a /64) is one client; IPv4 addresses and other
// /64s are not merged.
func TestAddressKeyCountsIPv6Per64(t *testing.T) {
	if a, b := AddressKey("2001:db8:1:2::1"), AddressKey("2001:db8:1:2:ffff:ffff:ffff:ffff"); a != b {
		t.Errorf("one /64, two keys: %s %s", a, b)
	}
	if a, b := AddressKey("2001:db8:1:2::1"), AddressKey("2001:db8:1:3::1"); a == b {
		t.Errorf("two /64s, one key: %s", a)
	}
	if a, b := AddressKey("203.0.113.7"), AddressKey("203.0.113.8"); a == b {
		t.Errorf("two IPv4 addresses, one key: %s", a)
	}
}
