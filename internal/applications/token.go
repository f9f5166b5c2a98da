package applications

import (
	"crypto/rand"
	"encoding/base64"
	"regexp"
)

// NewToken returns 256 random bits, URL-safe: 43 characters. It is used
// for status links and apply-form submission keys.
func NewToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// ValidToken reports whether s has the shape of a token, so lookups of
// junk never reach the database.
func ValidToken(s string) bool { return tokenPattern.MatchString(s) }
