package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"example.com/careers/internal/accesslog"
)

type ctxKey int

const requestIDKey ctxKey = iota

// requestID gives every request a random ID, returned in X-Request-ID and
// logged, so a user quoting it on an error page can be found in the logs.
// An incoming X-Request-ID is not trusted: clients could forge log lines.
func (s *server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// accessLog writes one line per request and counts it in the metrics.
// It logs the matched route pattern rather than the raw path, so tokens
// that live in paths (the private status pages) never reach the logs; no
// query, address or user agent is logged either.
func (s *server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		took := time.Since(start)
		s.metrics.observe(route, r.Method, ww.Status(), took)
		s.AccessLog.Write(r.Context(), accesslog.Entry{
			RequestID: requestIDFrom(r.Context()), Method: r.Method, Route: route,
			Status: ww.Status(), Bytes: ww.BytesWritten(), Took: took,
		})
	})
}

// recoverPanic turns a handler panic into the 500 page, logs the stack and
// keeps the process serving.
func (s *server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v) // the server's own signal to drop the connection
			}
			s.Logger.ErrorContext(r.Context(), "panic", "request_id", requestIDFrom(r.Context()),
				"panic", v, "stack", string(debug.Stack()))
			s.serveError(w, r, errPanic)
		}()
		next.ServeHTTP(w, r)
	})
}
