package server

import (
	"net/http"
	"strings"

	"example.com/careers/internal/pagecache"
	"example.com/careers/web"
)

// Cache policies of the assets. A hashed URL never changes meaning, so
// browsers may keep it for a year; /favicon.ico is a fixed name whose
// file can change, so a day.
const (
	immutable   = "public, max-age=31536000, immutable"
	oneDay      = "public, max-age=86400"
	faviconName = "favicon.ico"
)

// staticPages prepares every asset once at start: headers, ETag and, for
// text formats, the gzip and brotli forms, so a request only picks one.
func staticPages(assets *web.Assets) map[string]*pagecache.Page {
	pages := map[string]*pagecache.Page{}
	for _, a := range assets.All() {
		compress := strings.HasPrefix(a.ContentType, "text/") || strings.Contains(a.ContentType, "javascript") ||
			strings.Contains(a.ContentType, "svg") || strings.Contains(a.ContentType, "icon")
		pages[a.URL] = pagecache.NewStatic(a.ContentType, a.Body, immutable, compress)
		if a.Name == faviconName {
			pages["/favicon.ico"] = pagecache.NewStatic(a.ContentType, a.Body, oneDay, compress)
		}
	}
	return pages
}

// static serves the embedded assets under their content-hashed URLs.
func (s *server) static(w http.ResponseWriter, r *http.Request) {
	p := s.staticPages[r.URL.Path]
	if p == nil {
		s.serveError(w, r, errNotFound)
		return
	}
	p.ServeHTTP(w, r)
}

// favicon serves /favicon.ico, which browsers ask for by that name.
func (s *server) favicon(w http.ResponseWriter, r *http.Request) {
	s.staticPages["/favicon.ico"].ServeHTTP(w, r)
}
