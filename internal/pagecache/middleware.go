package pagecache

import (
	"bytes"
	"net/http"
	"strings"
)

// Rule says how one route is cached.
type Rule struct {
	// Key names the response to r; requests with the same key get the
	// same page, so it must include every input the page reads.
	Key func(r *http.Request) string
	// Tags name the data the page was built from, for Invalidate.
	Tags func(r *http.Request, status int) []string
}

// Handler serves GET and HEAD requests from the cache, and stores what
// next writes when the response may be shared with everyone. When next
// answers 503, a page stored before is served instead (Stale).
func (c *Cache) Handler(rule Rule, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		key := rule.Key(r)
		if p := c.Get(key); p != nil {
			p.ServeHTTP(w, r)
			return
		}
		gen := c.Generation()
		rec := &recorder{header: http.Header{}}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		if rec.status == http.StatusServiceUnavailable {
			if p := c.Stale(key); p != nil {
				p.ServeHTTP(w, r)
				return
			}
		}
		if shareable(rec) {
			p := NewPage(rec.status, rec.header, rec.body.Bytes())
			c.Put(key, gen, rule.Tags(r, rec.status), p)
			p.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		for k, vs := range rec.header {
			h[k] = vs
		}
		w.WriteHeader(rec.status)
		_, _ = rec.body.WriteTo(w) // an error means the client left
	})
}

// shareable reports whether a response is the same for everyone: a page
// (200) or a closed role's notice (410), with no cookie and nothing
// marking it private.
func shareable(rec *recorder) bool {
	if rec.status != http.StatusOK && rec.status != http.StatusGone {
		return false
	}
	if len(rec.header.Values("Set-Cookie")) > 0 {
		return false
	}
	cc := rec.header.Get("Cache-Control")
	return !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private")
}

// recorder holds a response until it is known whether it can be cached.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
