package server

import (
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// sessionAccountKey holds the signed-in account's id in the session.
const sessionAccountKey = "account_id"

// SessionOptions configure recruiters' sessions.
type SessionOptions struct {
	// Secure marks the cookie Secure and names it with the __Host- prefix,
	// which browsers only accept over https, from the host itself.
	Secure          bool
	IdleTimeout     time.Duration
	Lifetime        time.Duration
	CleanupInterval time.Duration
}

// NewSessions returns the session manager, backed by PostgreSQL so every
// instance sees every session. Call Stop on the returned store's cleanup
// (via the stop function) at shutdown.
func NewSessions(pool *pgxpool.Pool, o SessionOptions) (*scs.SessionManager, func()) {
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
