package server

import (
	"context"
	"net/http"
	"time"
)

// readyTimeout bounds the database ping behind /readyz: a load balancer
// must get an answer quickly even when PostgreSQL hangs.
const readyTimeout = 2 * time.Second

// healthz tells that the process is alive. It touches nothing, so a
// database outage never gets the process restarted.
func (s *server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz tells whether this instance should get traffic: not while it is
// shutting down, and not while the database does not answer.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !s.Ready() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("shutting down\n"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.Database.Ping(ctx); err != nil {
		s.Logger.WarnContext(r.Context(), "readiness: database ping failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}
