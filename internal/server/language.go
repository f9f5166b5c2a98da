package server

import (
	"net/http"
	"net/url"
	"strings"

	"example.com/careers/internal/content"
	"example.com/careers/internal/i18n"
)

// inLanguage serves the routes under it in l: the request's context
// carries l's printer, which the templates write with.
func (s *server) inLanguage(l i18n.Lang) func(http.Handler) http.Handler {
	p := s.Site.Catalog.Printer(l.Code)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(i18n.With(r.Context(), p)))
		})
	}
}

// printer is the language r is served in: its address's (English at the
// root and on staff pages).
func (s *server) printer(r *http.Request) *i18n.Printer {
	return i18n.From(r.Context(), s.Site.Catalog.Printer(i18n.Default.String()))
}

// site is the content as r's language reads it.
func (s *server) site(r *http.Request) *content.Site {
	return s.Site.In(s.printer(r).Lang().Code)
}

// unprefixed is r's path without its language's prefix: the page's
// address in every language is this under the language's prefix.
func (s *server) unprefixed(r *http.Request) string {
	p := strings.TrimPrefix(r.URL.Path, s.printer(r).Lang().Prefix)
	if p == "" {
		return "/"
	}
	return p
}

// negotiateLanguage sends a first visit to the English home page on to
// the language its browser asks for, once: only when the visitor came
// from outside the site (a search result, a typed address, a link in a
// mail). Anyone already on the site who opens "/" chose English (the
// switcher, the logo), and a crawler sends no Accept-Language and
// stays. No cookie is needed: every address after this one carries its
// language.
func (s *server) negotiateLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Accept-Language")
		if l, ok := s.Site.Catalog.Negotiate(r.Header.Get("Accept-Language")); ok && l.Prefix != "" && !s.fromThisSite(r) {
			target := l.Prefix + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			// The answer depends on headers a shared cache would not
			// key on: it is for this visitor only.
			w.Header().Set("Cache-Control", "private, no-store")
			// The path is the language's own prefix; only the query is
			// the visitor's, and a query cannot change where "/es/?…" goes.
			http.Redirect(w, r, target, http.StatusFound) //nolint:gosec // see above

			return
		}
		next.ServeHTTP(w, r)
	})
}

// fromThisSite reports whether r was a navigation from one of the
// site's own pages. Browsers say so in Sec-Fetch-Site whatever the
// page's referrer policy (the private pages send no Referer); the
// Referer covers older ones.
func (s *server) fromThisSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "cross-site", "same-site", "none":
		return false
	}
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host == "" {
		return false
	}
	base, err := url.Parse(s.BaseURL)
	return err == nil && strings.EqualFold(ref.Host, base.Host)
}

// seeOther sends r on (303) to the site path p in r's language. p is
// always one of the site's own paths ("/applications/…"); the check
// keeps it so, whatever a token in it holds.
func (s *server) seeOther(w http.ResponseWriter, r *http.Request, p string) {
	target := s.printer(r).Path(p)
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusSeeOther) //nolint:gosec // a local path, checked above
}
