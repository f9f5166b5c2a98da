// Package sessions keeps staff signed in: the scs session manager over
// PostgreSQL (so every instance sees every session), its cookie rules,
// and ending every session of an account. It knows nothing of routes;
// the server reads and writes AccountKey.
package sessions

import (
	"context"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Session keys the server reads and writes.
const (
	// AccountKey holds the signed-in account's id: set only once every
	// factor the account has was proven.
	AccountKey = "account_id"
	// PendingKey holds the id of an account whose password was right and
	// whose second factor is awaited; PendingAtKey when (Unix seconds).
	PendingKey   = "pending_account_id"
	PendingAtKey = "pending_at"
	// NextKey is where to go once the second factor is proven.
	NextKey = "next"
	// AuthAtKey is when the password (or a factor) was last proven, in
	// Unix seconds: sensitive actions need it recent.
	AuthAtKey = "auth_at"
	// TOTPEnrolKey holds the secret shown for enrolment until the app's
	// first code confirms it.
	TOTPEnrolKey = "totp_enrol"
	// WebAuthnKey holds a passkey ceremony's challenge data (JSON).
	WebAuthnKey = "webauthn"
)

// Options configure staff sessions.
type Options struct {
	// Secure marks the cookie Secure and names it with the __Host- prefix,
	// which browsers only accept over https, from the host itself.
	Secure      bool
	IdleTimeout time.Duration
	Lifetime    time.Duration
	// CleanupInterval is how often this process deletes expired sessions;
	// zero means it does not (commands, tests). Expired ones are refused
	// either way.
	CleanupInterval time.Duration
}

// New returns the session manager, backed by PostgreSQL, and the
// function that stops its cleanup goroutine (call it at shutdown).
func New(pool *pgxpool.Pool, o Options) (*scs.SessionManager, func()) {
	store := pgxstore.NewWithCleanupInterval(pool, o.CleanupInterval)
	sm := scs.New()
	sm.Store = store
	sm.IdleTimeout = o.IdleTimeout
	sm.Lifetime = o.Lifetime
	sm.Cookie.Name = "careers_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	// A session cookie: it ends with the browser as well as on the server.
	sm.Cookie.Persist = false
	if o.Secure {
		sm.Cookie.Name = "__Host-careers_session"
		sm.Cookie.Secure = true
	}
	return sm, store.StopCleanup
}

// EndAll deletes every session of account id, on every instance: a
// disabled account is signed out at once.
func EndAll(ctx context.Context, sm *scs.SessionManager, id int64) error {
	return sm.Iterate(ctx, func(ctx context.Context) error {
		if sm.GetInt64(ctx, AccountKey) == id {
			return sm.Destroy(ctx)
		}
		return nil
	})
}
