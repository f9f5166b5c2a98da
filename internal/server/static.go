package server

import (
	"bytes"
	"net/http"
	"time"

	"example.com/careers/web"
)

// static serves the embedded assets under their content-hashed URLs. A
// hashed URL never changes meaning, so browsers may keep it for a year.
func (s *server) static(w http.ResponseWriter, r *http.Request) {
	asset := s.Assets.ByURL(r.URL.Path)
	if asset == nil {
		s.serveError(w, r, errNotFound)
		return
	}
	serveAsset(w, r, asset, "public, max-age=31536000, immutable")
}

// favicon serves /favicon.ico, which browsers ask for by that fixed name;
// it can change, so it is cached for a day only.
func (s *server) favicon(w http.ResponseWriter, r *http.Request) {
	serveAsset(w, r, s.Assets.ByName("favicon.ico"), "public, max-age=86400")
}

func serveAsset(w http.ResponseWriter, r *http.Request, a *web.Asset, cacheControl string) {
	h := w.Header()
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", a.ETag)
	h.Set("Content-Type", a.ContentType)
	// ServeContent answers If-None-Match with 304 against the ETag above.
	http.ServeContent(w, r, a.Name, time.Time{}, bytes.NewReader(a.Body))
}
