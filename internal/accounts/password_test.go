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
	const email, name = "zoë.o'brien@example.com", "Zoë O'Brien-Yamada"
	check := func(pw string) string { return CheckPassword(pw, email, name) }
	if check("eleven char") == "" {
		t.Error("11 characters accepted")
	}
	if check("twelve chars") != "" || check(strings.Repeat("ab", 64)) != "" {
		t.Error("valid passwords refused")
	}
	if check(strings.Repeat("ab", 64)+"c") == "" {
		t.Error("129 characters accepted")
	}
	if check("ééééééééééé") == "" { // 11 runes, 22 bytes
		t.Error("length must count characters, not bytes")
	}
	if check("頭文字 ひらがな 🔑 emoji ok") != "" {
		t.Error("any characters must be allowed")
	}
	// From the bundled list of common and breached passwords, in any case.
	for _, common := range []string{"password1234", "Password1234", "iloveyou1234", "QWERTYUIOP12", "123456789012"} {
		if msg := check(common); !strings.Contains(msg, "common") {
			t.Errorf("%q: %q, want it refused as common", common, msg)
		}
	}
	// The account's own address or name, in any case, inside the password.
	for _, personal := range []string{"zoë.o'brien@example.com!", "my name is ZOË O'BRIEN-YAMADA", "yamada-rocks-2027", "ZOË.O'BRIEN secret"} {
		if msg := check(personal); !strings.Contains(msg, "name or email") {
			t.Errorf("%q: %q, want it refused as personal", personal, msg)
		}
	}
	if n := commonPasswordCount(); n < 100_000 {
		t.Errorf("the bundled list has %d passwords, want at least 100,000", n)
	}
}
