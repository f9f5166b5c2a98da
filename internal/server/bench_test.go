package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"example.com/careers/content"
	"example.com/careers/internal/accesslog"
	contentpkg "example.com/careers/internal/content"
	"example.com/careers/internal/pagecache"
	"example.com/careers/web"
)

// discard is a ResponseWriter that keeps nothing but its header map,
// reused between requests, so a benchmark counts the server's
// allocations and not the recorder's.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkCachedPage serves the home page from a live page cache
// through the whole router and middleware, as a browser asks for it
// (gzip, brotli); -benchmem shows the allocations per request.
func BenchmarkCachedPage(b *testing.B) {
	benchCachedPage(b, slog.New(slog.DiscardHandler), nil)
}

// BenchmarkCachedPageLogged is BenchmarkCachedPage with the access log
// on, as the app runs by default (text lines at info, to a file): the
// line's cost is the difference between the two.
func BenchmarkCachedPageLogged(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "access.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = f.Close() }() // a temporary file; nothing to lose
	benchCachedPage(b, slog.New(slog.NewTextHandler(f, nil)), accesslog.New(f, "text", slog.LevelInfo))
}

// BenchmarkCachedPageLoggedBySlog writes the same line through slog, as
// the site did before internal/accesslog: the difference from
// BenchmarkCachedPageLogged is what the preformatted line saves.
func BenchmarkCachedPageLoggedBySlog(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "access.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = f.Close() }() // a temporary file; nothing to lose
	logger := slog.New(slog.NewTextHandler(f, nil))
	benchCachedPage(b, logger, accesslog.Through(logger))
}

func benchCachedPage(b *testing.B, logger *slog.Logger, access *accesslog.Log) {
	site, err := contentpkg.Load(content.FS, contentpkg.NewMarkdown())
	if err != nil {
		b.Fatal(err)
	}
	assets, err := web.LoadAssets()
	if err != nil {
		b.Fatal(err)
	}
	pages := pagecache.New(8<<20, time.Hour)
	pages.SetLive(true) // no database here: nothing will change
	h := New(Deps{
		Logger: logger, AccessLog: access, Site: site, Markdown: contentpkg.NewUserMarkdown(), Assets: assets,
		BaseURL: "http://careers.test", Sessions: scs.New(), Pages: pages,
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
	w := &discard{h: http.Header{}}
	h.ServeHTTP(w, req) // fill the cache
	if st := pages.Stats(); st.Stores != 1 {
		b.Fatalf("the page was not cached: %+v", st)
	}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
	if st := pages.Stats(); st.Hits < uint64(b.N) { //nolint:gosec // G115: b.N is positive
		b.Fatalf("%d hits for %d requests", st.Hits, b.N)
	}
}
