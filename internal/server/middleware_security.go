package server

import (
	"net/http"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere:
// the site needs no script at all, and its styles and images are its own.
const contentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; " +
	"frame-ancestors 'none'; form-action 'self'"

// baseHeaders are the security headers of every response, as header
// map entries built once: assigning a shared slice costs no allocation,
// where Header.Set would build one per header per request.
var baseHeaders = []struct {
	key   string
	value []string
}{
	{"Content-Security-Policy", []string{contentSecurityPolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	// No other site may embed our responses (a resume, the CSV, a page)
	// with <img>, <script> or fetch in no-cors mode.
	{"Cross-Origin-Resource-Policy", []string{"same-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}},
}

var hsts = []string{"max-age=63072000; includeSubDomains"}

// securityHeaders sets the headers every response carries, whatever its
// status, before any handler writes. Handlers may replace them (Set
// builds a new slice, so the shared ones are never written to).
func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, bh := range baseHeaders {
			h[bh.key] = bh.value
		}
		if s.Secure {
			h["Strict-Transport-Security"] = hsts
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
