package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password rules (OWASP ASVS 5.0, V6.2): 12 to 128 characters, any
// characters at all, never truncated; not on the bundled list of common
// and breached passwords; not holding the account's own email or name.
const (
	MinPasswordRunes = 12
	MaxPasswordRunes = 128
)

// argon2id parameters: OWASP's minimum (19 MiB, 2 passes, 1 lane).
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// CheckPassword says what is wrong with pw as a new password for the
// account with email and name, or "".
func CheckPassword(pw, email, name string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		return "The password is not valid text."
	case n < MinPasswordRunes:
		return fmt.Sprintf("Use at least %d characters: a few words that only you would put together work well.", MinPasswordRunes)
	case n > MaxPasswordRunes:
		return fmt.Sprintf("Use at most %d characters.", MaxPasswordRunes)
	case isCommonPassword(pw):
		return "That password is on a list of common or leaked passwords that attackers try first. Choose another."
	case holdsPersonal(pw, email, name):
		return "Leave your name or email address out of your password: they are the first things an attacker tries."
	}
	return ""
}

// holdsPersonal reports whether pw contains the email, its local part,
// the whole name or any part of the name of three letters or more, in
// any letter case.
func holdsPersonal(pw, email, name string) bool {
	pw = strings.ToLower(pw)
	email = strings.ToLower(strings.TrimSpace(email))
	parts := []string{email, strings.ToLower(strings.TrimSpace(name))}
	if local, _, ok := strings.Cut(email, "@"); ok {
		parts = append(parts, local)
	}
	parts = append(parts, strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r)
	})...)
	for _, p := range parts {
		if utf8.RuneCountInString(p) >= 3 && strings.Contains(pw, p) {
			return true
		}
	}
	return false
}

// HashPassword returns the argon2id hash of pw in PHC string form.
func HashPassword(pw string) string {
	salt := make([]byte, argonSaltLen)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// VerifyPassword reports whether pw matches the PHC-encoded hash, using
// the parameters stored in the hash so they can be raised later.
func VerifyPassword(hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("password hash: not argon2id")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("password hash: unknown version")
	}
	var mem, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false, fmt.Errorf("password hash: parameters: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, fmt.Errorf("password hash: salt: %w", err)
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, fmt.Errorf("password hash: key: %w", err)
	}
	// A key cut short would be easy to match (and an empty one makes
	// argon2 panic); HashPassword writes argonKeyLen bytes.
	if len(want) < 16 || len(want) > 64 {
		return false, fmt.Errorf("password hash: key of %d bytes", len(want))
	}
	got := argon2.IDKey([]byte(pw), salt, t, mem, p, uint32(len(want))) //nolint:gosec // G115: 16 to 64, checked above
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is verified against when no account matches an email, so a
// wrong email takes as long as a wrong password. It is made on first use.
var dummyHash = sync.OnceValue(func() string {
	return HashPassword("no account has this password, it only costs time")
})
