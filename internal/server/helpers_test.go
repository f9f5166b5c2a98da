package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/decisions"
	"example.com/careers/internal/offers"
	"example.com/careers/internal/replyby"
	"example.com/careers/internal/reports"
	"example.com/careers/internal/sources"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/content"
	"example.com/careers/internal/accounts"
	"example.com/careers/internal/alerts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	contentpkg "example.com/careers/internal/content"
	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/privacy"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/scheduling"
	"example.com/careers/internal/scorecards"
	"example.com/careers/internal/selfid"
	"example.com/careers/internal/sessions"
	"example.com/careers/internal/takehomes"
	"example.com/careers/internal/testkit"
	"example.com/careers/internal/token"
	"example.com/careers/web"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

type testApp struct {
	t   *testing.T
	srv *httptest.Server
	// mux is the real router: a test may mount an extra route on it (a
	// panicking handler, say) behind the real middleware.
	mux    *chi.Mux
	server *server
	logs   *testkit.LogBuffer
	pool   *pgxpool.Pool
	outbox *mail.Outbox
}

type option func(*Deps)

func withPool(p *pgxpool.Pool) option { return func(d *Deps) { d.Database = db.Health{Pool: p} } }
func withNow(now time.Time) option    { return func(d *Deps) { d.Now = func() time.Time { return now } } }

// withApplyLimit sets the apply limit; newApp gives it the pool.
func withApplyLimit(n int) option {
	return func(d *Deps) { d.ApplyLimit = &ratelimit.Limiter{Max: n} }
}

// withSMTP sends the app's mail to a real in-process SMTP server, with
// queue workers running.
func withSMTP(t *testing.T, smtpURL string) option { return withLoggedSMTP(t, smtpURL, nil) }

// withLoggedSMTP is withSMTP with the mail queue (River and the delivery
// worker) logging at debug level into logs, when logs is not nil.
func withLoggedSMTP(t *testing.T, smtpURL string, logs *testkit.LogBuffer) option {
	return func(d *Deps) {
		pool := dbtest.Pool(t)
		sender, err := mail.NewSMTPSender(smtpURL, "Internships <internships@careers.test>", nil)
		if err != nil {
			t.Fatal(err)
		}
		logger := slog.New(slog.DiscardHandler)
		if logs != nil {
			logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		}
		q, ob, th, sch := newQueue(pool, sender, true, logger)
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = q.Stop(ctx)
		})
		d.Jobs, d.Outbox, d.TakeHomes, d.Scheduling = q, ob, th, sch
	}
}

// newQueue builds the job queue and outbox as cmd/careers wires them,
// with the workers a test can reach: mail delivery, alert digests and
// the take-homes' reminders (with the take-home store they need).
func newQueue(pool *pgxpool.Pool, sender mail.Sender, work bool, logger *slog.Logger) (*jobs.Queue, *mail.Outbox, *takehomes.Store, *scheduling.Store) {
	q := jobs.New(pool, jobs.Options{Work: work, Logger: logger})
	ob := mail.NewOutbox(pool, q, sender, "careers.test")
	jobs.Add(q, ob.Worker())
	jobs.Add(q, digestWorker(pool, ob))
	th := newTakeHomes(pool, q, ob)
	th.Register(q)
	la, _ := time.LoadLocation("America/Los_Angeles")
	jobs.Add(q, &applications.InterviewReminderWorker{Pool: pool, Outbox: ob,
		Write: web.InterviewMail{SiteName: "Netflix Internships", BaseURL: "http://careers.test", Location: la}.Message})
	rules := scheduling.Rules{}
	sch := scheduling.NewStore(pool, scheduling.Options{Rules: rules, Queue: q, Outbox: ob,
		Write:     web.BookingMail{SiteName: "Netflix Internships", BaseURL: "http://careers.test", Location: la, Cutoff: 12 * time.Hour}.Message,
		Organizer: scheduling.Person{Name: "Internships", Email: "internships@careers.test"}})
	sch.Register(q)
	return q, ob, th, sch
}

// newTakeHomes is the take-home store as cmd/careers wires it.
func newTakeHomes(pool *pgxpool.Pool, q *jobs.Queue, ob *mail.Outbox) *takehomes.Store {
	la, _ := time.LoadLocation("America/Los_Angeles")
	write := web.TakeHomeMail{SiteName: "Netflix Internships", BaseURL: "http://careers.test", Location: la}.Message
	return takehomes.NewStore(pool, q, applications.NewStore(pool), ob, write)
}

// digestWorker is the alert digest job as cmd/careers registers it.
func digestWorker(pool *pgxpool.Pool, ob *mail.Outbox) *alerts.DigestWorker {
	return &alerts.DigestWorker{Store: alerts.NewStore(pool), Outbox: ob, Now: time.Now,
		Write: web.AlertMail{SiteName: "Netflix Internships", BaseURL: "http://careers.test"}.DigestMessage}
}

func withReady(ready func() bool) option { return func(d *Deps) { d.Ready = ready } }

// newApp serves the real handler, with the shipped content and a fresh
// database, on an httptest server.
func newApp(t *testing.T, opts ...option) *testApp {
	t.Helper()
	site, err := contentpkg.Load(content.FS, contentpkg.NewMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	assets, err := web.LoadAssets()
	if err != nil {
		t.Fatal(err)
	}
	logs := &testkit.LogBuffer{}
	d := Deps{
		Logger:   slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Site:     site,
		Markdown: contentpkg.NewUserMarkdown(),
		Assets:   assets,
		BaseURL:  "http://careers.test",
	}
	for _, o := range opts {
		o(&d)
	}
	if d.Database == nil {
		d.Database = db.Health{Pool: dbtest.Pool(t)}
	}
	pool := d.Database.(db.Health).Pool
	d.Roles = roles.NewStore(pool)
	d.Applications = applications.NewStore(pool)
	d.Accounts = accounts.NewStore(pool)
	d.Audit = audit.NewStore(pool)
	d.Scorecards = scorecards.NewStore(pool, d.Site.Kits)
	d.Alerts = alerts.NewStore(pool)
	d.Questions = questions.NewStore(pool)
	d.Adjustments = adjustments.NewStore(pool)
	d.Sources = sources.NewStore(pool)
	d.AlertLimit = ratelimit.New(pool, "alerts-"+t.Name(), 1000, time.Minute)
	if d.Outbox == nil {
		d.Jobs, d.Outbox, d.TakeHomes, d.Scheduling = newQueue(pool, mail.Recorder{}, false, slog.New(slog.DiscardHandler))
	}
	if d.Now != nil {
		d.Scheduling.Options.Now = d.Now // the test's clock, for work done on a move's behalf
	}
	// Moves cancel the take-home's reminders, as cmd/careers wires it.
	d.Applications.AfterMove = func(ctx context.Context, tx pgx.Tx, id int64, from, to applications.Stage) error {
		if err := d.TakeHomes.AfterMove(ctx, tx, id, from, to); err != nil {
			return err
		}
		return d.Scheduling.AfterMove(ctx, tx, id, from, to)
	}
	d.Applications.Jobs = d.Jobs
	d.ReplyBy = replyby.NewStore(pool, replyby.RulesFrom(site.Settings))
	d.Applications.ReplyBy = d.ReplyBy.RefreshTx
	d.Decisions = decisions.NewStore(pool, d.Applications, d.Outbox, web.DecisionMail{SiteName: "Internships", BaseURL: d.BaseURL}.Letter,
		decisions.Options{ReplyTo: "Recruiting team <recruiting@careers.test>", SendHour: 10, SiteZone: site.Settings.Location()})
	d.Reports = reports.NewStore(pool, site.Settings.Location())
	d.Offers = offers.NewStore(pool, d.Applications, d.Jobs, d.Outbox,
		web.OfferMail{SiteName: "Internships", BaseURL: d.BaseURL, Location: site.Settings.Location()}.Message,
		offers.Options{Starts: site.Settings.Season.InternshipStarts.Time, Ends: site.Settings.Season.InternshipEnds.Time})
	// Adjustments mail and extend as cmd/careers wires them.
	d.Adjustments.Extend = d.TakeHomes.ExtendTx
	d.Adjustments.Notify = func(ctx context.Context, tx pgx.Tx, n adjustments.Notice) error {
		msg, err := web.AdjustmentMail{SiteName: "Internships", BaseURL: d.BaseURL}.Message(ctx, n)
		if err != nil {
			return err
		}
		return d.Outbox.Enqueue(ctx, tx, msg)
	}
	d.Privacy = privacy.NewStore(pool)
	d.SelfID = selfid.NewStore(pool)
	d.SignInLimit = ratelimit.NewSignIn(pool)
	d.FactorLimit = ratelimit.New(pool, "factor", 10, 15*time.Minute)
	rp, err := NewWebAuthn("Careers", "http://careers.test")
	if err != nil {
		t.Fatal(err)
	}
	d.WebAuthn = rp
	applyMax := 1000
	if d.ApplyLimit != nil {
		applyMax = d.ApplyLimit.Max
	}
	// A name of its own per app: tests share the database and the address.
	d.ApplyLimit = ratelimit.New(pool, "apply-"+t.Name(), applyMax, time.Minute)
	if d.Sessions == nil { // withSessions may have set them
		d.Sessions, _ = sessions.New(pool, sessions.Options{IdleTimeout: time.Hour, Lifetime: 2 * time.Hour})
	}
	s := newServer(d)
	mux := s.mux
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &testApp{t: t, srv: srv, mux: mux, server: s, logs: logs, pool: pool, outbox: d.Outbox}
}

// unreachablePool points at a port where nothing listens.
func unreachablePool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	p, err := db.Open(context.Background(), "postgres://careers:careers@127.0.0.1:1/careers?connect_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// do sends a request and returns the response with its body read.
func (a *testApp) do(req *http.Request) (*http.Response, string) {
	a.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	return res, string(body)
}

func (a *testApp) get(path string) (*http.Response, string) {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	return a.do(req)
}

func (a *testApp) post(path string, header http.Header) (*http.Response, string) {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader("a=b"))
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	return a.do(req)
}

// appByToken is SQL for the id of the application whose status token
// is $1: only hashes are stored, as the store looks them up.
const appByToken = `(SELECT application_id FROM application_links WHERE token_hash = sha256(convert_to($1, 'UTF8')))`

// alertLink makes a new confirm or unsubscribe link token for the
// subscription of email, as the mail that carries one does.
func alertLink(t *testing.T, pool *pgxpool.Pool, email, purpose string) string {
	t.Helper()
	tok := token.New()
	tag, err := pool.Exec(t.Context(), `
		INSERT INTO alert_links (token_hash, subscription_id, purpose)
		SELECT $1, id, $3 FROM alert_subscriptions WHERE lower(email) = lower($2)`, token.Hash(tok), email, purpose)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("alert link for %s: %v (%d rows)", email, err, tag.RowsAffected())
	}
	return tok
}
