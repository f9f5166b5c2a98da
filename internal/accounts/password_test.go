package accounts

import (
	"strings"
	"testing"
)

func TestHashParametersMeetOWASP(t *testing.T) {
	h := HashPassword("correct horse battery staple")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if h == HashPassword("correct horse battery staple") {
		t.Fatal("two hashes of one password are equal: no salt")
	}
}

func TestPasswordRoundTrip(t *testing.T) {
	for _, pw := range []string{
		"twelve chars",
		strings.Repeat("x", 100),
		strings.Repeat("é", 64) + "🚀",
	} {
		h := HashPassword(pw)
		if ok, err := VerifyPassword(h, pw); !ok || err != nil {
			t.Errorf("%.20q does not verify: %v", pw, err)
		}
		if ok, _ := VerifyPassword(h, pw+"x"); ok {
			t.Errorf("%.20q+x verifies", pw)
		}
		// Never truncated: a change in the last character matters.
		if ok, _ := VerifyPassword(h, pw[:len(pw)-1]); ok {
			t.Errorf("%.20q without its last byte verifies", pw)
		}
	}
	if _, err := VerifyPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Error("a non-argon2id hash must be an error")
	}
}

func TestCheckPassword(t *testing.T) {
	if CheckPassword("eleven char") == "" {
		t.Error("11 characters accepted")
	}
	if CheckPassword("twelve chars") != "" || CheckPassword(strings.Repeat("a", 64)) != "" {
		t.Error("valid passwords refused")
	}
	if CheckPassword("ééééééééééé") == "" { // 11 runes, 22 bytes
		t.Error("length must count characters, not bytes")
	}
}
