// Package accesslog writes the site's one line per request, the line a
// cached page pays for on every hit. slog's handlers spend more time on
// it than the cache spends on the page (the record, its attributes, a
// program counter, quoting checks for every value), so for the request
// line Log appends the fields straight into a pooled buffer in the very
// format the site's slog handler writes (text or JSON), and hands the
// writer one finished line. Any value that would need quoting or
// escaping goes through slog instead, so the output stays what slog
// itself would write.
package accesslog

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
)

// Entry is what one request line says. It holds no path, query, address
// or user agent: the route pattern stands for the path, so tokens that
// live in paths never reach the logs.
type Entry struct {
	RequestID string
	Method    string
	Route     string
	Status    int
	Bytes     int
	Took      time.Duration
}

// Log writes request lines. Its methods are safe for concurrent use: each
// line reaches the writer in one Write, as slog's handlers do.
type Log struct {
	w     io.Writer // nil: every line goes through slow
	json  bool
	level slog.Leveler
	slow  *slog.Logger
}

// New writes lines to w, as slog.NewTextHandler (format "text") or
// slog.NewJSONHandler ("json") with level would, skipping those below it.
func New(w io.Writer, format string, level slog.Leveler) *Log {
	opts := &slog.HandlerOptions{Level: level}
	l := &Log{w: w, json: format == "json", level: level}
	if l.json {
		l.slow = slog.New(slog.NewJSONHandler(w, opts))
	} else {
		l.slow = slog.New(slog.NewTextHandler(w, opts))
	}
	return l
}

// Through sends every line to logger: for tests and tools whose logger
// is not one of New's formats.
func Through(logger *slog.Logger) *Log { return &Log{slow: logger} }

// Level is a request's level: a 503 is load shed or the database away
// (the handler has warned once with the reason), any other 5xx a bug.
func Level(status int) slog.Level {
	switch {
	case status == 503:
		return slog.LevelWarn
	case status >= 500:
		return slog.LevelError
	}
	return slog.LevelInfo
}

var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// Write logs e.
func (l *Log) Write(ctx context.Context, e Entry) {
	level := Level(e.Status)
	if l.w == nil || !plain(e.RequestID) || !plain(e.Method) || !plain(e.Route) {
		l.slowly(ctx, level, e)
		return
	}
	if level < l.level.Level() {
		return
	}
	bp := buffers.Get().(*[]byte)
	b := l.append((*bp)[:0], time.Now(), level, e)
	_, _ = l.w.Write(b) // as slog: a log that cannot be written has no one to tell
	*bp = b
	buffers.Put(bp)
}

func (l *Log) slowly(ctx context.Context, level slog.Level, e Entry) {
	l.slow.LogAttrs(ctx, level, "request",
		slog.String("request_id", e.RequestID),
		slog.String("method", e.Method),
		slog.String("route", e.Route),
		slog.Int("status", e.Status),
		slog.Int("bytes", e.Bytes),
		slog.Float64("duration_ms", ms(e.Took)),
	)
}

// ms is a duration in milliseconds to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// append formats the line at t as slog's handler would.
func (l *Log) append(b []byte, t time.Time, level slog.Level, e Entry) []byte {
	if l.json {
		b = append(b, `{"time":"`...)
		b = t.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","level":"`...)
		b = append(b, level.String()...)
		b = append(b, `","msg":"request","request_id":"`...)
		b = append(b, e.RequestID...)
		b = append(b, `","method":"`...)
		b = append(b, e.Method...)
		b = append(b, `","route":"`...)
		b = append(b, e.Route...)
		b = append(b, `","status":`...)
		b = strconv.AppendInt(b, int64(e.Status), 10)
		b = append(b, `,"bytes":`...)
		b = strconv.AppendInt(b, int64(e.Bytes), 10)
		b = append(b, `,"duration_ms":`...)
		// encoding/json's form for the values a duration takes here
		// (at least 0.001 and below 1e21): shortest, no exponent.
		b = strconv.AppendFloat(b, ms(e.Took), 'f', -1, 64)
		return append(b, "}\n"...)
	}
	b = append(b, "time="...)
	b = appendMillis(b, t)
	b = append(b, " level="...)
	b = append(b, level.String()...)
	b = append(b, " msg=request request_id="...)
	b = append(b, e.RequestID...)
	b = append(b, " method="...)
	b = append(b, e.Method...)
	b = append(b, " route="...)
	b = append(b, e.Route...)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(e.Status), 10)
	b = append(b, " bytes="...)
	b = strconv.AppendInt(b, int64(e.Bytes), 10)
	b = append(b, " duration_ms="...)
	b = strconv.AppendFloat(b, ms(e.Took), 'g', -1, 64)
	return append(b, '\n')
}

// appendMillis is RFC 3339 to the millisecond, with three digits always,
// as the text handler writes times.
func appendMillis(b []byte, t time.Time) []byte {
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	b = append(b, '.')
	millis := t.Nanosecond() / int(time.Millisecond)
	if millis < 100 {
		b = append(b, '0')
	}
	if millis < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(millis), 10)
	return t.AppendFormat(b, "Z07:00")
}

// plain says whether s can be written as it is in both formats: not
// empty, and only printable ASCII that neither format quotes or escapes.
func plain(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '=' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}
