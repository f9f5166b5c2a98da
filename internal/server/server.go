// Package server is the HTTP face of the site: the chi router, middleware,
// one handler per page action and the error pages. Handlers stay thin: they
// parse input, call a domain package, build a view model and render.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/prometheus/client_golang/prometheus"

	"example.com/careers/internal/accesslog"
	"example.com/careers/internal/accounts"
	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/alerts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/content"
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
	"example.com/careers/internal/selfid"
	"example.com/careers/internal/sources"
	"example.com/careers/internal/takehomes"
	"example.com/careers/web"
)

// Deps is everything the server needs, wired explicitly by the caller.
type Deps struct {
	Logger *slog.Logger
	// AccessLog writes the line per request; nil sends it through Logger
	// (slog's pace, which a test's logger is fine with).
	AccessLog *accesslog.Log
	// Database answers /readyz and tells outages from bugs.
	Database     Database
	Roles        *roles.Store
	Applications *applications.Store
	Accounts     *accounts.Store
	Audit        *audit.Store
	// Scorecards holds interviewers' feedback and the kits.
	Scorecards *scorecards.Store
	// TakeHomes holds the roles' take-home tasks and the students' work.
	TakeHomes *takehomes.Store
	// Questions holds the roles' own form questions and the answers.
	Questions *questions.Store
	// Adjustments holds students' requests for adjustments.
	Adjustments *adjustments.Store
	// Sources holds the named sources recruiters hand out.
	Sources *sources.Store
	// ReplyBy computes reply-by dates and the late list.
	ReplyBy *replyby.Store
	// Decisions keeps the decision messages and sends rejections.
	Decisions *decisions.Store
	// Offers makes and keeps offers.
	Offers *offers.Store
	// Reports computes the recruiting reports.
	Reports *reports.Store
	// Scheduling holds interview slots and the students' bookings.
	Scheduling *scheduling.Store
	// Privacy erases an applicant's personal data on request.
	Privacy *privacy.Store
	// SelfID holds the voluntary self-identification answers, offered
	// only when Site.Settings.SelfIdentification is on.
	SelfID *selfid.Store
	// Outbox queues mail in the transaction of the change that causes it.
	Outbox *mail.Outbox
	// Jobs queues background work (alert digests) in a change's
	// transaction.
	Jobs *jobs.Queue
	// Alerts holds role-alert subscriptions; AlertWindow batches roles
	// published close together into one digest; AlertLimit throttles
	// sign-ups per client address.
	Alerts      *alerts.Store
	AlertWindow time.Duration
	AlertLimit  *ratelimit.Limiter
	// SignInLimit throttles password guesses without locking owners out;
	// ApplyLimit throttles applications per client address.
	SignInLimit *ratelimit.SignIn
	ApplyLimit  *ratelimit.Limiter
	// FactorLimit throttles wrong second-factor codes per client address
	// and per account.
	FactorLimit *ratelimit.Limiter
	// WebAuthn is the relying party for staff passkeys (NewWebAuthn).
	WebAuthn *webauthn.WebAuthn
	// Sessions keeps recruiters signed in (admin routes only: public pages
	// never set a cookie).
	Sessions *scs.SessionManager
	// TrustedProxyHeader, when set, names the header holding the client
	// address; see config.Config.
	TrustedProxyHeader string
	Site               *content.Site
	Markdown           *content.Markdown
	Assets             *web.Assets
	// BaseURL is the public URL without a trailing slash.
	BaseURL string
	// Secure is true when the site is served over https (HSTS).
	Secure bool
	// Ready reports false once shutdown has begun, so /readyz turns 503
	// and the load balancer stops sending new requests.
	Ready func() bool
	// Pages, when set, caches public pages; its listener keeps it in step
	// with the database (see RoleChanged).
	Pages *pagecache.Cache
	// Metrics, when set, is the registry /metrics serves, holding what the
	// caller registered (pool, runtime); the server adds its own series.
	Metrics *prometheus.Registry
	// MetricsToken opens /metrics to clients off this machine.
	MetricsToken string
	// UploadTimeout is how long an application with its resume may take
	// to arrive: the apply route's read deadline, in place of the
	// server's ReadTimeout. Zero means defaultUploadTimeout.
	UploadTimeout time.Duration
	// Now is the clock; tests inject fixed dates.
	Now func() time.Time
}

// Database is what the server needs of the database itself.
type Database interface {
	// Ping reports whether the database answers.
	Ping(ctx context.Context) error
	// IsUnavailable reports whether err means the database is out of
	// reach (a friendly 503) rather than a bug (a 500).
	IsUnavailable(err error) bool
}

type server struct {
	Deps
	mux *chi.Mux
	// uploads bounds how many apply uploads are read at once, and so the
	// memory they hold, fairly across clients (upload_slots.go).
	uploads *uploadSlots
	metrics *metrics
	// staticPages are the assets, ready to serve, by URL path.
	staticPages map[string]*pagecache.Page
	// payRule is the site's pay_transparency list, as the roles domain
	// applies it on every path that publishes a role.
	payRule roles.PayRule
}

// New returns the site's HTTP handler.
func New(d Deps) http.Handler { return newServer(d).mux }

func newServer(d Deps) *server {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Ready == nil {
		d.Ready = func() bool { return true }
	}
	if d.AccessLog == nil {
		d.AccessLog = accesslog.Through(d.Logger)
	}
	if d.UploadTimeout <= 0 {
		d.UploadTimeout = defaultUploadTimeout
	}
	s := &server{Deps: d, uploads: newUploadSlots(maxConcurrentUploads, uploadShare, uploadSlotWait)}
	// A session store failure (the database away) gets the site's own
	// error page, not scs's plain-text 500 and its line on the standard
	// logger. (scs.New sets a default, so this is not "if nil".)
	s.Sessions.ErrorFunc = s.serveError
	s.metrics = s.newMetrics()
	s.staticPages = staticPages(d.Assets)
	s.payRule = roles.NewPayRule(d.Site.Settings.PayTransparency)
	s.mux = s.routes()
	return s
}
