package server

import "net/http"

// privatePage marks a response that holds one person's data or a
// one-time form: never stored by any cache, never indexed, and its URL
// (which may hold a secret token) never sent on as a referrer.
func privatePage(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "no-referrer")
}
