package accounts

import (
	"strings"
	"testing"
)

// A stored hash whose key was cut short must not verify: with an empty
// key argon2 derives an empty key too, and an empty key equals an empty
// key whatever the password. A hash with a truncated key would let any
// password in.
func TestVerifyPasswordRefusesShortKeys(t *testing.T) {
	good := HashPassword("a long enough password")
	parts := strings.Split(good, "$")
	for _, key := range []string{"", "AAAA"} {
		parts[5] = key
		hash := strings.Join(parts, "$")
		ok, err := VerifyPassword(hash, "any other password")
		if ok || err == nil {
			t.Errorf("key %q: VerifyPassword = %v, %v; want false and an error", key, ok, err)
		}
	}
	if ok, err := VerifyPassword(good, "a long enough password"); !ok || err != nil {
		t.Fatalf("the untouched hash: VerifyPassword = %v, %v", ok, err)
	}
}
