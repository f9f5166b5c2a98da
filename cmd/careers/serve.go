package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"example.com/careers/content"
	"example.com/careers/internal/accounts"
	"example.com/careers/internal/alerts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/config"
	contentpkg "example.com/careers/internal/content"
	"example.com/careers/internal/db"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/pagecache"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/server"
	"example.com/careers/web"
)

// HTTP server limits. READ_TIMEOUT bounds a whole request, UPLOAD_TIMEOUT
// the apply route's (which sets its own deadline when it starts); a
// response may take server.WriteGrace longer than its request's limit.
const (
	readHeaderTimeout = 5 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
)

// Rate limits: 5 sign-in attempts a minute per address and per account;
// 20 stored applications per 10 minutes per address (a campus network
// shares one address, a script sending hundreds does not get far).
const (
	signInAttempts = 5
	applyAttempts  = 20
	alertSignUps   = 10
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, ok, err := loadConfig("serve", args, getenv, stdout)
	if !ok {
		return err
	}
	logger := newLogger(cfg, stdout)

	md := contentpkg.NewMarkdown()
	site, err := loadContent(cfg, md)
	if err != nil {
		return err
	}
	assets, err := web.LoadAssets()
	if err != nil {
		return err
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := db.Ping(ctx, pool, 3*time.Second); err != nil {
		// Not fatal: content pages serve without the database, /readyz says
		// 503, and the pool connects once PostgreSQL is back.
		logger.Warn("database not reachable at start-up", "err", err)
	}

	sessions, stopSessionCleanup := server.NewSessions(pool, server.SessionOptions{
		Secure:          cfg.Secure(),
		IdleTimeout:     cfg.SessionIdleTimeout,
		Lifetime:        cfg.SessionLifetime,
		CleanupInterval: 10 * time.Minute,
	})
	defer stopSessionCleanup()

	outbox, err := newOutbox(pool, cfg, logger, site.Settings.Name, site.Settings.Season.Name)
	if err != nil {
		return err
	}
	// Workers get their own context: the signal must not cut a delivery
	// short; Stop below lets running jobs finish.
	if err := outbox.Start(context.Background()); err != nil {
		return fmt.Errorf("mail workers: %w", err)
	}
	// On every way out, let running deliveries finish (bounded), so a mail
	// sent but not yet marked is not sent twice; jobs still running after
	// mail.SoftStopTimeout are cancelled, and the margin lets them return.
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), mail.SoftStopTimeout+5*time.Second)
		defer cancel()
		if err := outbox.Stop(stopCtx); err != nil {
			logger.Warn("mail workers did not stop in time", "err", err)
		}
	}()

	// The page cache and the search index serve nothing until the roles
	// listener is connected, and are bypassed whenever it is not (see
	// server.RolesListener): they follow every role change within the
	// time a notification takes.
	var pages *pagecache.Cache
	if cfg.PageCacheMB > 0 {
		pages = pagecache.New(cfg.PageCacheMB<<20, cfg.PageCacheTTL)
	}
	rolesStore := roles.NewStore(pool)
	index := roles.NewIndexKeeper(pool, logger)
	rolesStore.UseIndex(index)
	followCtx, stopFollowing := context.WithCancel(context.Background())
	defer stopFollowing()
	go index.Run(followCtx)
	go server.RolesListener(pool.Config().ConnConfig, logger, pages, index).Run(followCtx)

	// Metrics: the Go runtime, this process, the connection pool; the
	// server adds requests, the page cache and the mail queue.
	registry := prometheus.NewRegistry()
	registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		db.PoolCollector(pool),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "careers_search_index_current",
			Help: "1 while the in-memory search index holds every role change heard (else searches run in SQL)."},
			func() float64 {
				if index.Current() != nil {
					return 1
				}
				return 0
			}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "careers_search_index_rebuilds_total",
			Help: "Builds of the in-memory search index."}, func() float64 { return float64(index.Rebuilds()) }),
	)

	var ready atomic.Bool
	ready.Store(true)
	srv := &http.Server{
		Handler: server.New(server.Deps{
			Logger:             logger,
			Database:           db.Health{Pool: pool},
			Audit:              audit.NewStore(pool),
			Outbox:             outbox,
			Alerts:             alerts.NewStore(pool),
			AlertWindow:        cfg.AlertDigestWindow,
			AlertLimit:         ratelimit.New(pool, "alerts", alertSignUps, 10*time.Minute),
			Roles:              rolesStore,
			Applications:       applications.NewStore(pool),
			Accounts:           accounts.NewStore(pool),
			SignInLimit:        ratelimit.New(pool, "sign-in", signInAttempts, time.Minute),
			ApplyLimit:         ratelimit.New(pool, "apply", applyAttempts, 10*time.Minute),
			Sessions:           sessions,
			TrustedProxyHeader: cfg.TrustedProxyHeader,
			Site:               site,
			Markdown:           contentpkg.NewUserMarkdown(),
			Assets:             assets,
			BaseURL:            cfg.BaseURL,
			Secure:             cfg.Secure(),
			Ready:              ready.Load,
			Pages:              pages,
			Metrics:            registry,
			MetricsToken:       cfg.MetricsToken,
			UploadTimeout:      cfg.UploadTimeout,
		}),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.ReadTimeout + server.WriteGrace,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		// Request contexts derive from Background (the default), not from
		// ctx: the shutdown signal must not cancel requests in flight.
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on ADDR %s: %w", cfg.Addr, err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("serving", "addr", ln.Addr().String(), "base_url", cfg.BaseURL)

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	// Readiness goes first, and stays 503 for SHUTDOWN_DELAY so a load
	// balancer sees it and stops sending new requests; then the listener
	// closes and in-flight requests drain within the timeout.
	ready.Store(false)
	logger.Info("shutting down", "delay", cfg.ShutdownDelay.String(), "timeout", cfg.ShutdownTimeout.String())
	time.Sleep(cfg.ShutdownDelay)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
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

// newOutbox builds the mail queue with its workers: SMTP when SMTP_URL
// is set, otherwise a recorder that keeps messages in the outbox. The
// queue also runs the daily retention job, which spares the current
// season's applications (see applications.Retention).
func newOutbox(pool *pgxpool.Pool, cfg config.Config, logger *slog.Logger, siteName, season string) (*mail.Outbox, error) {
	var sender mail.Sender = mail.Recorder{}
	if cfg.SMTPURL != "" {
		smtp, err := mail.NewSMTPSender(cfg.SMTPURL, cfg.MailFrom, nil)
		if err != nil {
			return nil, err
		}
		sender = smtp
	} else {
		logger.Info("SMTP_URL is not set: mail is recorded in /admin/outbox, not sent")
	}
	host := "localhost"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return server.NewMailQueue(pool, server.MailQueueOptions{
		Sender: sender, Host: host, SiteName: siteName, BaseURL: cfg.BaseURL, Logger: logger, Work: true,
		Retention: applications.Retention{CurrentSeason: season, Months: cfg.RetentionMonths},
	})
}

// loadContent reads the pages and settings from CONTENT_DIR, or from the
// copy embedded in the binary.
func loadContent(cfg config.Config, md *contentpkg.Markdown) (*contentpkg.Site, error) {
	var fsys fs.FS = content.FS
	if cfg.ContentDir != "" {
		fsys = os.DirFS(cfg.ContentDir)
	}
	return contentpkg.Load(fsys, md)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
