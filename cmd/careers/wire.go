package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	netmail "net/mail"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"example.com/careers/internal/accesslog"
	"example.com/careers/internal/accounts"
	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/alerts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	contentpkg "example.com/careers/internal/content"
	"example.com/careers/internal/db"
	"example.com/careers/internal/decisions"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/offers"
	"example.com/careers/internal/pagecache"
	"example.com/careers/internal/privacy"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/replyby"
	"example.com/careers/internal/reports"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/scheduling"
	"example.com/careers/internal/scorecards"
	"example.com/careers/internal/searchindex"
	"example.com/careers/internal/selfid"
	"example.com/careers/internal/server"
	"example.com/careers/internal/sessions"
	"example.com/careers/internal/sources"
	"example.com/careers/internal/takehomes"
	"example.com/careers/web"
)

// Rate limits: 20 stored applications per 10 minutes per address (a
// campus network shares one address, a script sending hundreds does not
// get far); sign-in's are ratelimit.NewSignIn's.
const (
	applyAttempts = 20
	// factorAttempts is how many wrong second-factor codes an address or
	// an account may send in 15 minutes: whoever sends them already has
	// the password.
	factorAttempts = 10
	alertSignUps   = 10
)

// site is a serving process's long-lived parts, built once by wire in
// the order they need each other. start runs the background ones and
// stop ends them in reverse.
type site struct {
	handler http.Handler
	queue   *jobs.Queue
	index   *searchindex.Keeper
	// listener keeps the page cache and the search index in step with
	// role changes made by any instance.
	listener *db.Listener
	// stopSessionCleanup ends the goroutine deleting expired sessions.
	stopSessionCleanup func()
	stopFollowing      context.CancelFunc
}

// wire builds everything serve runs over b: the job queue and its
// workers, mail, sessions, the page cache and search index with the
// listener that keeps them current, limits, metrics and the handler.
// ready is what /readyz reports; access writes the request lines.
func wire(b base, logger *slog.Logger, access *accesslog.Log, ready func() bool) (*site, error) {
	cfg, pool := b.cfg, b.pool
	assets, err := web.LoadAssets()
	if err != nil {
		return nil, err
	}
	sender, err := mailSender(b, logger)
	if err != nil {
		return nil, err
	}

	// Every background job the site runs, registered on one queue.
	queue := jobs.New(pool, jobs.Options{Logger: logger, Work: true})
	outbox := mail.NewOutbox(pool, queue, sender, hostOf(cfg.BaseURL))
	alertStore := alerts.NewStore(pool)
	privacyStore := privacy.NewStore(pool)
	retention := privacy.Retention{CurrentSeason: b.site.Settings.Season.Name, Months: cfg.RetentionMonths}
	jobs.Add(queue, outbox.Worker())
	jobs.Add(queue, outbox.RedactWorker())
	queue.Every(mail.RedactInterval, mail.RedactArgs{})
	jobs.Add(queue, &alerts.DigestWorker{Store: alertStore, Outbox: outbox, Now: time.Now,
		Write: web.AlertMail{SiteName: b.site.Settings.Name, BaseURL: cfg.BaseURL}.DigestMessage})
	apps := applications.NewStore(pool)
	takeHomes := takehomes.NewStore(pool, queue, apps, outbox, web.TakeHomeMail{
		SiteName: b.site.Settings.Name, BaseURL: cfg.BaseURL, Location: b.site.Settings.Location()}.Message)
	takeHomes.Register(queue)
	adjustmentStore := adjustments.NewStore(pool)
	adjustmentStore.Extend = takeHomes.ExtendTx
	adjustmentMail := web.AdjustmentMail{SiteName: b.site.Settings.Name, BaseURL: cfg.BaseURL}
	adjustmentStore.Notify = func(ctx context.Context, tx pgx.Tx, n adjustments.Notice) error {
		msg, err := adjustmentMail.Message(ctx, n)
		if err != nil {
			return err
		}
		return outbox.Enqueue(ctx, tx, msg)
	}
	rules := scheduling.RulesFrom(b.site.Settings.Scheduling)
	organizer, err := netmail.ParseAddress(cfg.MailFrom) // validated by config
	if err != nil {
		return nil, err
	}
	sched := scheduling.NewStore(pool, scheduling.Options{Rules: rules, Queue: queue, Outbox: outbox,
		Write: web.BookingMail{SiteName: b.site.Settings.Name, BaseURL: cfg.BaseURL, Location: b.site.Settings.Location(),
			Cutoff: rules.Cutoff}.Message,
		Organizer: scheduling.Person{Name: organizer.Name, Email: organizer.Address}})
	sched.Register(queue)
	// A move cancels the reminders of the stage it leaves (take-home,
	// bookings) and queues the reminder to book for an interview round,
	// in the move's transaction.
	apps.AfterMove = func(ctx context.Context, tx pgx.Tx, id int64, from, to applications.Stage) error {
		if err := takeHomes.AfterMove(ctx, tx, id, from, to); err != nil {
			return err
		}
		return sched.AfterMove(ctx, tx, id, from, to)
	}
	apps.Jobs = queue
	// Every change an answer is owed from recomputes the application's
	// reply-by in its transaction; recruiters get a digest of late ones.
	replyBy := replyby.NewStore(pool, replyby.RulesFrom(b.site.Settings))
	apps.ReplyBy = replyBy.RefreshTx
	jobs.Add(queue, &replyby.DigestWorker{Pool: pool, Store: replyBy, Outbox: outbox, Now: time.Now,
		Write: web.ReplyByMail{SiteName: b.site.Settings.Name, BaseURL: cfg.BaseURL, Location: b.site.Settings.Location()}.Digest})
	queue.Every(replyby.DigestInterval, replyby.DigestArgs{})
	decisionStore := decisions.NewStore(pool, apps, outbox,
		web.DecisionMail{SiteName: b.site.Settings.Name, BaseURL: cfg.BaseURL}.Letter,
		decisions.Options{ReplyTo: cfg.ReplyTo(), SendHour: b.site.Settings.DecisionSendHour, SiteZone: b.site.Settings.Location()})
	season := b.site.Settings.Season
	offerStore := offers.NewStore(pool, apps, queue, outbox,
		web.OfferMail{SiteName: b.site.Settings.Name, BaseURL: cfg.BaseURL, Location: b.site.Settings.Location()}.Message,
		offers.Options{Starts: season.InternshipStarts.Time, Ends: season.InternshipEnds.Time})
	jobs.Add(queue, &offers.ReminderWorker{Store: offerStore})
	jobs.Add(queue, &offers.ExpiryWorker{Store: offerStore, Now: time.Now})
	jobs.Add(queue, &applications.InterviewReminderWorker{Pool: pool, Outbox: outbox,
		Write: web.InterviewMail{SiteName: b.site.Settings.Name, BaseURL: cfg.BaseURL, Location: b.site.Settings.Location()}.Message})
	jobs.Add(queue, &privacy.RetentionWorker{Store: privacyStore, Retention: retention, Now: time.Now, Logger: logger})
	queue.Every(privacy.RetentionInterval, privacy.RetentionArgs{})
	reportStore := reports.NewStore(pool, b.site.Settings.Location())
	jobs.Add(queue, &reports.RefreshWorker{Store: reportStore, Now: time.Now})
	queue.Every(reports.RefreshInterval, reports.RefreshArgs{})

	sm, stopSessionCleanup := sessions.New(pool, sessions.Options{
		Secure: cfg.Secure(), IdleTimeout: cfg.SessionIdleTimeout, Lifetime: cfg.SessionLifetime,
		CleanupInterval: 10 * time.Minute,
	})

	// The page cache and the search index serve nothing until the
	// listener is connected, and are bypassed whenever it is not: they
	// follow every role change within the time a notification takes.
	var pages *pagecache.Cache
	if cfg.PageCacheMB > 0 {
		pages = pagecache.New(cfg.PageCacheMB<<20, cfg.PageCacheTTL)
	}
	rolesStore := roles.NewStore(pool)
	index := searchindex.NewKeeper(rolesStore, logger)
	rolesStore.UseEngine(index)
	listener := &db.Listener{
		Config: pool.Config().ConnConfig, Channel: roles.ChangesChannel, Logger: logger,
		// The index is marked stale before pages are dropped: a search
		// rendered in between must not read the old index and then be
		// stored under the cache's new generation.
		Handle: func(slug string) {
			index.Changed()
			if pages != nil {
				server.RoleChanged(pages, slug)
			}
		},
		Live: func(live bool) {
			index.SetLive(live)
			if pages != nil {
				pages.SetLive(live)
			}
		},
	}

	relyingParty, err := server.NewWebAuthn(b.site.Settings.Name, cfg.BaseURL)
	if errors.Is(err, server.ErrPasskeysNeedDomain) {
		logger.Warn("passkeys are off: BASE_URL names an IP address; staff use an authenticator app", "base_url", cfg.BaseURL)
	} else if err != nil {
		return nil, err
	}
	handler := server.New(server.Deps{
		Logger:             logger,
		AccessLog:          access,
		Database:           db.Health{Pool: pool},
		Audit:              audit.NewStore(pool),
		Scorecards:         scorecards.NewStore(pool, b.site.Kits),
		Privacy:            privacyStore,
		SelfID:             selfid.NewStore(pool),
		Outbox:             outbox,
		Jobs:               queue,
		Alerts:             alertStore,
		AlertWindow:        cfg.AlertDigestWindow,
		AlertLimit:         ratelimit.New(pool, "alerts", alertSignUps, 10*time.Minute),
		Roles:              rolesStore,
		Applications:       apps,
		TakeHomes:          takeHomes,
		Questions:          questions.NewStore(pool),
		Adjustments:        adjustmentStore,
		Sources:            sources.NewStore(pool),
		ReplyBy:            replyBy,
		Decisions:          decisionStore,
		Offers:             offerStore,
		Reports:            reportStore,
		Scheduling:         sched,
		Accounts:           accounts.NewStore(pool),
		SignInLimit:        ratelimit.NewSignIn(pool),
		FactorLimit:        ratelimit.New(pool, "factor", factorAttempts, 15*time.Minute),
		WebAuthn:           relyingParty,
		ApplyLimit:         ratelimit.New(pool, "apply", applyAttempts, 10*time.Minute),
		Sessions:           sm,
		TrustedProxyHeader: cfg.TrustedProxyHeader,
		Site:               b.site,
		Markdown:           contentpkg.NewUserMarkdown(),
		Assets:             assets,
		BaseURL:            cfg.BaseURL,
		Secure:             cfg.Secure(),
		Ready:              ready,
		Pages:              pages,
		Metrics:            newRegistry(pool, index),
		MetricsToken:       cfg.MetricsToken,
		UploadTimeout:      cfg.UploadTimeout,
	})
	return &site{handler: handler, queue: queue, index: index, listener: listener,
		stopSessionCleanup: stopSessionCleanup}, nil
}

// start runs the job queue's workers, the search index's rebuilds and
// the role listener. They get contexts of their own, not the shutdown
// signal's: stop ends them after the last request.
func (s *site) start() error {
	if err := s.queue.Start(context.Background()); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stopFollowing = cancel
	go s.index.Run(ctx)
	go s.listener.Run(ctx)
	return nil
}

// stop ends the background parts, in reverse. Running jobs may finish
// (bounded), so a mail sent but not yet marked is not sent twice; jobs
// still running after jobs.SoftStopTimeout are cancelled, and the margin
// lets them return.
func (s *site) stop(logger *slog.Logger) {
	if s.stopFollowing != nil {
		s.stopFollowing()
	}
	ctx, cancel := context.WithTimeout(context.Background(), jobs.SoftStopTimeout+5*time.Second)
	defer cancel()
	if err := s.queue.Stop(ctx); err != nil {
		logger.Warn("job workers did not stop in time", "err", err)
	}
	s.stopSessionCleanup()
}

// mailSender is SMTP when SMTP_URL is set, otherwise a recorder that
// keeps messages in the outbox.
func mailSender(b base, logger *slog.Logger) (mail.Sender, error) {
	if b.cfg.SMTPURL == "" {
		logger.Info("SMTP_URL is not set: mail is recorded in /admin/outbox, not sent")
		return mail.Recorder{}, nil
	}
	return mail.NewSMTPSender(b.cfg.SMTPURL, b.cfg.MailFrom, nil)
}

// hostOf names the Message-ID domain after the public URL's host.
func hostOf(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

// newRegistry holds the metrics of the Go runtime, this process, the
// connection pool and the search index; the server adds requests, the
// page cache and the mail queue.
func newRegistry(pool *pgxpool.Pool, index *searchindex.Keeper) *prometheus.Registry {
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
	return registry
}
