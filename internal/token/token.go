// Package token makes and checks the site's secret tokens: status links,
// apply-form submission keys, alert confirmation and unsubscribe links.
// It depends on nothing of the site.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
)

// New returns 256 random bits, URL-safe: 43 characters.
func New() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

var tokenPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// Valid reports whether s has the shape of a token, so lookups of junk
// never reach the database.
func Valid(s string) bool { return tokenPattern.MatchString(s) }

// Hash is what is stored of a token: its SHA-256. Tokens are 256 random
// bits, so a fast hash is enough (nothing can search that space), and a
// lookup stays one index probe.
func Hash(tok string) []byte {
	sum := sha256.Sum256([]byte(tok))
	return sum[:]
}
