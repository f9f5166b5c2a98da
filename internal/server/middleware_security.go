package server

import (
	"net/http"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere:
// the site needs no script at all, and its styles and images are its own.
const contentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; " +
	"frame-ancestors 'none'; form-action 'self'"

// securityHeaders sets the headers every response carries, whatever its
// status, before any handler writes.
func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.Secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOriginProtection refuses state-changing requests sent from other
// sites (CSRF), using Sec-Fetch-Site and Origin. The refusal is logged and
// answered with the site's own 403 page.
func (s *server) crossOriginProtection() func(http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Logger.WarnContext(r.Context(), "refused cross-origin request",
			"request_id", requestIDFrom(r.Context()), "method", r.Method,
			"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		s.serveError(w, r, errCrossOrigin)
	}))
	return cop.Handler
}
