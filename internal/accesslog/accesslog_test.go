package accesslog

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// slogLine is what slog's own handler writes for e at t.
func slogLine(t *testing.T, format string, at time.Time, level slog.Level, e Entry) string {
	t.Helper()
	var buf bytes.Buffer
	var h slog.Handler = slog.NewTextHandler(&buf, nil)
	if format == "json" {
		h = slog.NewJSONHandler(&buf, nil)
	}
	r := slog.NewRecord(at, level, "request", 0)
	r.AddAttrs(slog.String("request_id", e.RequestID), slog.String("method", e.Method), slog.String("route", e.Route),
		slog.Int("status", e.Status), slog.Int("bytes", e.Bytes), slog.Float64("duration_ms", ms(e.Took)))
	if err := h.Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The fast line is byte for byte what slog writes, in both formats, for
// times in and out of UTC (a millisecond's digits, a zero one, a zone
// with minutes) and durations from a microsecond to minutes.
func TestLineIsSlogs(t *testing.T) {
	kolkata := time.FixedZone("IST", 5*3600+30*60)
	times := []time.Time{
		time.Date(2026, 12, 3, 12, 50, 24, 123456789, time.UTC),
		time.Date(2026, 3, 8, 2, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 1, 1, 59, 59, 999_999_999, kolkata),
		time.Date(2027, 1, 1, 0, 0, 0, 5_000_000, kolkata),
	}
	entries := []Entry{
		{RequestID: "9f86d081884c7d65", Method: "GET", Route: "/roles/{slug}", Status: 200, Bytes: 18231, Took: 52 * time.Microsecond},
		{RequestID: "0000000000000000", Method: "POST", Route: "/roles/{slug}/apply", Status: 303, Bytes: 0, Took: 1234567 * time.Microsecond},
		{RequestID: "ab", Method: "HEAD", Route: "unmatched", Status: 404, Bytes: 5, Took: time.Microsecond},
		{RequestID: "cd", Method: "GET", Route: "/admin/applications", Status: 503, Bytes: 900, Took: 3 * time.Second},
		{RequestID: "ef", Method: "GET", Route: "/", Status: 500, Bytes: 1, Took: 0},
		{RequestID: "01", Method: "GET", Route: "/feed.xml", Status: 200, Bytes: 1 << 20, Took: 17 * time.Minute},
	}
	for _, format := range []string{"text", "json"} {
		l := New(nil, format, slog.LevelInfo)
		for _, at := range times {
			for _, e := range entries {
				got := string(l.append(nil, at, Level(e.Status), e))
				if want := slogLine(t, format, at, Level(e.Status), e); got != want {
					t.Errorf("%s line:\n got %q\nwant %q", format, got, want)
				}
			}
		}
	}
}

// A value slog would quote or escape (an empty one, a space, a quote,
// non-ASCII) is written by slog itself, so the line stays parseable.
func TestOddValuesGoThroughSlog(t *testing.T) {
	stamp := regexp.MustCompile(`^time=\S+ |"time":"[^"]+",`)
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		l := New(&buf, format, slog.LevelInfo)
		for _, method := range []string{"", `GE"T`, "GET X", "GÉT", "a=b", `back\slash`, "<b>"} {
			buf.Reset()
			e := Entry{RequestID: "ab", Method: method, Route: "/", Status: 200}
			l.Write(context.Background(), e)
			got := stamp.ReplaceAllString(buf.String(), "")
			if want := stamp.ReplaceAllString(slogLine(t, format, time.Now(), slog.LevelInfo, e), ""); got != want {
				t.Errorf("%s, method %q:\n got %q\nwant %q", format, method, got, want)
			}
		}
	}
}

// Lines below the level are dropped; a 503 is a warning, another 5xx an
// error, as the site's levels promise.
func TestLevels(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, "text", slog.LevelWarn)
	for _, status := range []int{200, 404, 503, 500} {
		l.Write(context.Background(), Entry{RequestID: "ab", Method: "GET", Route: "/", Status: status})
	}
	got := buf.String()
	if strings.Contains(got, "status=200") || strings.Contains(got, "status=404") ||
		!strings.Contains(got, "level=WARN msg=request request_id=ab method=GET route=/ status=503") ||
		!strings.Contains(got, "level=ERROR msg=request request_id=ab method=GET route=/ status=500") {
		t.Errorf("at warn:\n%s", got)
	}
}

// Lines written at once from many goroutines arrive whole, one per line.
func TestConcurrentLinesStayWhole(t *testing.T) {
	var mu sync.Mutex
	var buf bytes.Buffer
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return buf.Write(p) })
	l := New(w, "json", slog.LevelInfo)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 500 {
				l.Write(context.Background(), Entry{RequestID: "9f86d081884c7d65", Method: "GET", Route: "/roles", Status: 200, Bytes: 10, Took: time.Millisecond})
			}
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 4000 {
		t.Fatalf("%d lines, want 4000", len(lines))
	}
	for _, line := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil || v["route"] != "/roles" {
			t.Fatalf("line %q: %v", line, err)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func BenchmarkLine(b *testing.B) {
	e := Entry{RequestID: "9f86d081884c7d65", Method: "GET", Route: "/roles/{slug}", Status: 200, Bytes: 18231, Took: 52 * time.Microsecond}
	for _, format := range []string{"text", "json"} {
		b.Run(format+"/fast", func(b *testing.B) {
			l := New(writerFunc(func(p []byte) (int, error) { return len(p), nil }), format, slog.LevelInfo)
			b.ReportAllocs()
			for b.Loop() {
				l.Write(context.Background(), e)
			}
		})
		b.Run(format+"/slog", func(b *testing.B) {
			l := New(writerFunc(func(p []byte) (int, error) { return len(p), nil }), format, slog.LevelInfo)
			b.ReportAllocs()
			for b.Loop() {
				l.slowly(context.Background(), slog.LevelInfo, e)
			}
		})
	}
}
