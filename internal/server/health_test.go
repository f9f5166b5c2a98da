package server

import (
	"net/http"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	t.Run("database up", func(t *testing.T) {
		a := newApp(t)
		if res, _ := a.get("/healthz"); res.StatusCode != http.StatusOK {
			t.Errorf("/healthz %d", res.StatusCode)
		}
		if res, body := a.get("/readyz"); res.StatusCode != http.StatusOK {
			t.Errorf("/readyz %d %s", res.StatusCode, body)
		}
	})
	t.Run("database unreachable", func(t *testing.T) {
		a := newApp(t, withPool(unreachablePool(t)))
		if res, _ := a.get("/healthz"); res.StatusCode != http.StatusOK {
			t.Errorf("/healthz %d", res.StatusCode)
		}
		if res, body := a.get("/readyz"); res.StatusCode != http.StatusServiceUnavailable || body != "database unavailable\n" {
			t.Errorf("/readyz %d %q", res.StatusCode, body)
		}
		// Content pages do not need the database.
		if res, _ := a.get("/prepare"); res.StatusCode != http.StatusOK {
			t.Errorf("/prepare %d", res.StatusCode)
		}
	})
	t.Run("shutting down", func(t *testing.T) {
		a := newApp(t, withReady(func() bool { return false }))
		if res, body := a.get("/readyz"); res.StatusCode != http.StatusServiceUnavailable || body != "shutting down\n" {
			t.Errorf("/readyz %d %q", res.StatusCode, body)
		}
		if res, _ := a.get("/healthz"); res.StatusCode != http.StatusOK {
			t.Errorf("/healthz %d", res.StatusCode)
		}
	})
}
