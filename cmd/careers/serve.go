package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"example.com/careers/internal/accesslog"
	"example.com/careers/internal/accounts"
	"example.com/careers/internal/config"
	"example.com/careers/internal/db"
	"example.com/careers/internal/server"
)

// HTTP server limits. READ_TIMEOUT bounds a whole request, UPLOAD_TIMEOUT
// the apply route's (which sets its own deadline when it starts); a
// response may take server.WriteGrace longer than its request's limit.
const (
	readHeaderTimeout = 5 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
)

// serve runs the site until ctx ends (SIGINT, SIGTERM), then shuts down
// in order: readiness 503, the listener closes, requests drain, the
// background work stops, the pool closes.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	b, ok, err := setup(ctx, "serve", args, getenv, stdout)
	if !ok {
		return err
	}
	defer b.pool.Close()
	logger := newLogger(b.cfg, stdout)
	if err := db.Ping(ctx, b.pool, 3*time.Second); err != nil {
		// Not fatal: content pages serve without the database, /readyz says
		// 503, and the pool connects once PostgreSQL is back.
		logger.Warn("database not reachable at start-up", "err", err)
	}

	var ready atomic.Bool
	ready.Store(true)
	// The request lines go to the same place in the same format, written
	// without slog's overhead: on a cached page the line cost as much as
	// the page.
	access := accesslog.New(stdout, b.cfg.LogFormat, b.cfg.LogLevel)
	s, err := wire(b, logger, access, ready.Load)
	if err != nil {
		return err
	}
	if err := s.start(); err != nil {
		return err
	}
	defer s.stop(logger)

	srv := httpServer(b.cfg, s.handler, logger)
	ln, err := net.Listen("tcp", b.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on ADDR %s: %w", b.cfg.Addr, err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("serving", "addr", ln.Addr().String(), "base_url", b.cfg.BaseURL)
	announceSetup(ctx, b, logger, stdout)

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	ready.Store(false)
	return drain(srv, served, b.cfg, logger)
}

// announceSetup prints, while no staff account exists, the one-time link
// that creates the first admin: a new user of `make run` needs no
// terminal command to reach the admin pages. `careers user add` stays
// for scripts.
func announceSetup(ctx context.Context, b base, logger *slog.Logger, stdout io.Writer) {
	tok, err := accounts.NewStore(b.pool).NewSetupLink(ctx, time.Now())
	if err != nil {
		logger.Warn("could not check for a first admin account", "err", err)
		return
	}
	if tok == "" {
		return
	}
	link := b.cfg.BaseURL + "/admin/setup/" + tok
	fmt.Fprintf(stdout, "\n  No staff account exists yet. Create the first admin account here\n  (the link works once, within %d hours):\n\n    %s\n\n", int(accounts.SetupLinkLifetime.Hours()), link)
	logger.Info("no staff account yet: first admin setup link", "url", link)
}

// httpServer sets the limits every connection lives under.
func httpServer(cfg config.Config, h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.ReadTimeout + server.WriteGrace,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		// Request contexts derive from Background (the default), not from
		// the signal's context: shutting down must not cancel requests in
		// flight.
	}
}

// drain is the shutdown after readiness went 503: it stays so for
// SHUTDOWN_DELAY, so a load balancer sees it and stops sending new
// requests; then the listener closes and in-flight requests get
// SHUTDOWN_TIMEOUT to finish.
func drain(srv *http.Server, served <-chan error, cfg config.Config, logger *slog.Logger) error {
	logger.Info("shutting down", "delay", cfg.ShutdownDelay.String(), "timeout", cfg.ShutdownTimeout.String())
	time.Sleep(cfg.ShutdownDelay)
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		// Requests still running past the timeout are cut, so the pool can
		// close and the process end within a bounded time.
		_ = srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut off: %w", cfg.ShutdownTimeout, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}
