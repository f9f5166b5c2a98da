// Package config reads the site's configuration from the environment and
// command-line flags, fills in defaults and validates it once at start-up.
package config

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Config is everything the server needs to start. The zero value is not
// usable; build one with Load.
type Config struct {
	// Addr is the host:port the HTTP server listens on.
	Addr string
	// DatabaseURL is a PostgreSQL connection string (URL or key=value form).
	DatabaseURL string
	// BaseURL is the public address of the site, used for absolute links and
	// to decide whether cookies are Secure.
	BaseURL string
	// LogLevel is one of debug, info, warn, error.
	LogLevel slog.Level
	// LogFormat is "text" or "json".
	LogFormat string
	// ContentDir, when set, serves content from that folder instead of the
	// copy embedded in the binary (for writers editing pages).
	ContentDir string
	// ShutdownDelay is how long readiness reports 503 before the listener
	// closes, so a load balancer stops routing here first.
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds how long in-flight requests may take to drain.
	ShutdownTimeout time.Duration
	// ReadTimeout bounds how long a whole request, headers and body, may
	// take to arrive; UploadTimeout replaces it on the apply route, where
	// a resume comes over a slow phone connection. Each response then
	// has 30 seconds more to be written.
	ReadTimeout, UploadTimeout time.Duration
	// SessionIdleTimeout signs a recruiter out after this long without a
	// request; SessionLifetime after this long whatever they do.
	SessionIdleTimeout, SessionLifetime time.Duration
	// SMTPURL is where mail goes (smtp:// or smtps://); empty records mail
	// in the outbox without sending it.
	SMTPURL string
	// MailFrom is the From of every message.
	MailFrom string
	// MailReplyTo is where students' answers to decisions go; empty
	// means MailFrom. Either way it must be answerable: a no-reply
	// address is refused.
	MailReplyTo string
	// AlertDigestWindow batches roles published close together into one
	// alert per subscriber.
	AlertDigestWindow time.Duration
	// TrustedProxyHeader names the header a trusted reverse proxy sets to
	// the client's address (X-Forwarded-For or X-Real-IP). Empty means the
	// connection's own address is used and such headers are ignored.
	TrustedProxyHeader string
	// PageCacheMB bounds the memory of the public page cache; 0 turns the
	// cache off. PageCacheTTL is how long a page is kept at most, which
	// bounds how late a clock-driven change (a role reaching its closing
	// time) shows.
	PageCacheMB  int
	PageCacheTTL time.Duration
	// MetricsToken, when set, lets requests bearing it read /metrics from
	// anywhere; without it /metrics answers loopback clients only.
	MetricsToken string
	// RetentionMonths is how long applications of past seasons are kept
	// after their last activity before a daily job anonymises them. A
	// whole number of months: Go durations have no month, and "24m" would
	// read as minutes.
	RetentionMonths int
}

// Variables lists every environment variable with its default, in the
// order the usage text and README show them.
var Variables = []struct{ Name, Default, Help string }{
	{"ADDR", "127.0.0.1:8080", "address to listen on (host:port)"},
	{"DATABASE_URL", "", "PostgreSQL connection URL (required)"},
	{"BASE_URL", "http://localhost:8080", "public URL of the site"},
	{"LOG_LEVEL", "info", "debug, info, warn or error"},
	{"LOG_FORMAT", "text", "text or json"},
	{"CONTENT_DIR", "", "serve content from this folder instead of the embedded copy"},
	{"SHUTDOWN_DELAY", "2s", "how long /readyz answers 503 before the server stops accepting connections"},
	{"SHUTDOWN_TIMEOUT", "30s", "how long in-flight requests may take to finish at shutdown"},
	{"READ_TIMEOUT", "30s", "how long a request (headers and body) may take to arrive"},
	{"UPLOAD_TIMEOUT", "3m", "how long an application with its resume may take to arrive"},
	{"SESSION_IDLE_TIMEOUT", "1h", "sign recruiters out after this long without a request"},
	{"SESSION_LIFETIME", "12h", "sign recruiters out after this long in any case"},
	{"SMTP_URL", "", "smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465; unset records mail in /admin/outbox without sending"},
	{"MAIL_FROM", "Netflix Internships <internships@localhost>", "From address of every message"},
	{"MAIL_REPLY_TO", "", "where students' answers to decision mail go (a person or team, never no-reply); unset means MAIL_FROM"},
	{"ALERT_DIGEST_WINDOW", "1h", "roles published within this window go out as one alert"},
	{"TRUSTED_PROXY_HEADER", "", "header a trusted proxy sets to the client address (X-Forwarded-For or X-Real-IP)"},
	{"PAGE_CACHE_MB", "32", "memory for cached public pages, in MB; 0 turns the cache off"},
	{"PAGE_CACHE_TTL", "1m", "longest time a public page is served from the cache"},
	{"METRICS_TOKEN", "", "bearer token that opens /metrics to non-loopback clients; unset means loopback only"},
	{"RETENTION_MONTHS", "24", "anonymise applications of past seasons this many months after their last activity"},
}

// raw holds the unparsed values so flags and environment share one path.
type raw map[string]string

// Load builds a Config from the environment (getenv) overridden by flags in
// args, then validates it. Errors are one line, fit to show a user.
// flag.ErrHelp is returned unchanged when -h or -help was asked for.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	values := raw{}
	for _, v := range Variables {
		values[v.Name] = v.Default
		if env := getenv(v.Name); env != "" {
			values[v.Name] = env
		}
	}
	for _, v := range Variables {
		name := strings.ToLower(strings.ReplaceAll(v.Name, "_", "-"))
		fs.Func(name, v.Help+" (env "+v.Name+")", func(s string) error {
			values[v.Name] = s
			return nil
		})
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return values.parse()
}

func (r raw) parse() (Config, error) {
	c := Config{
		Addr:        r["ADDR"],
		DatabaseURL: r["DATABASE_URL"],
		BaseURL:     strings.TrimRight(r["BASE_URL"], "/"),
		LogFormat:   r["LOG_FORMAT"],
		ContentDir:  r["CONTENT_DIR"],
	}
	if err := c.LogLevel.UnmarshalText([]byte(r["LOG_LEVEL"])); err != nil {
		return Config{}, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", r["LOG_LEVEL"])
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{
		{"SHUTDOWN_DELAY", &c.ShutdownDelay},
		{"SHUTDOWN_TIMEOUT", &c.ShutdownTimeout},
		{"READ_TIMEOUT", &c.ReadTimeout},
		{"UPLOAD_TIMEOUT", &c.UploadTimeout},
		{"SESSION_IDLE_TIMEOUT", &c.SessionIdleTimeout},
		{"SESSION_LIFETIME", &c.SessionLifetime},
		{"ALERT_DIGEST_WINDOW", &c.AlertDigestWindow},
		{"PAGE_CACHE_TTL", &c.PageCacheTTL},
	} {
		v, err := time.ParseDuration(r[d.name])
		if err != nil {
			return Config{}, fmt.Errorf("%s %q: want a duration such as 15s or 1h", d.name, r[d.name])
		}
		*d.dst = v
	}
	c.TrustedProxyHeader = http.CanonicalHeaderKey(r["TRUSTED_PROXY_HEADER"])
	c.SMTPURL, c.MailFrom, c.MailReplyTo = r["SMTP_URL"], r["MAIL_FROM"], r["MAIL_REPLY_TO"]
	n, err := strconv.Atoi(r["PAGE_CACHE_MB"])
	if err != nil {
		return Config{}, fmt.Errorf("PAGE_CACHE_MB %q: want a whole number of megabytes", r["PAGE_CACHE_MB"])
	}
	c.PageCacheMB = n
	c.MetricsToken = r["METRICS_TOKEN"]
	if c.RetentionMonths, err = strconv.Atoi(r["RETENTION_MONTHS"]); err != nil {
		return Config{}, fmt.Errorf("RETENTION_MONTHS %q: want a whole number of months, such as 24", r["RETENTION_MONTHS"])
	}
	return c, c.Validate()
}

// Validate reports the first problem in c as a single line naming the
// variable at fault.
func (c Config) Validate() error {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("ADDR %q: want host:port, such as 127.0.0.1:8080", c.Addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("ADDR %q: port must be a number from 0 to 65535", c.Addr)
	}
	if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		return fmt.Errorf("ADDR %q: host must be an IP address, localhost or empty", c.Addr)
	}
	if c.DatabaseURL == "" {
		return errors.New("DATABASE_URL is not set: give a PostgreSQL URL such as postgres://user:pass@127.0.0.1:5432/careers")
	}
	if _, err := pgxpool.ParseConfig(c.DatabaseURL); err != nil {
		// pgx's message may echo the URL and so the password: keep only our words.
		return errors.New("DATABASE_URL is not a valid PostgreSQL connection string")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("BASE_URL %q: want an absolute http or https URL", c.BaseURL)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("LOG_FORMAT %q: want text or json", c.LogFormat)
	}
	if c.ShutdownTimeout <= 0 || c.ShutdownDelay < 0 {
		return errors.New("SHUTDOWN_TIMEOUT must be positive and SHUTDOWN_DELAY not negative")
	}
	if c.ReadTimeout < time.Second || c.ReadTimeout > 10*time.Minute {
		return errors.New("READ_TIMEOUT must be from 1s to 10m")
	}
	if c.UploadTimeout < c.ReadTimeout || c.UploadTimeout > time.Hour {
		return errors.New("UPLOAD_TIMEOUT must be at least READ_TIMEOUT and at most 1h")
	}
	if c.SessionIdleTimeout <= 0 || c.SessionLifetime < c.SessionIdleTimeout {
		return errors.New("SESSION_IDLE_TIMEOUT must be positive and SESSION_LIFETIME at least as long")
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			return errors.New("SMTP_URL is not a valid smtp:// or smtps:// URL")
		}
	}
	if a, err := mail.ParseAddress(c.MailFrom); err != nil || a.Address == "" {
		return fmt.Errorf("MAIL_FROM %q: want an address such as Internships <internships@example.com>", c.MailFrom)
	}
	if c.MailReplyTo != "" {
		if a, err := mail.ParseAddress(c.MailReplyTo); err != nil || a.Address == "" {
			return fmt.Errorf("MAIL_REPLY_TO %q: want an address such as Internships team <internships@example.com>", c.MailReplyTo)
		}
	}
	if noReply(c.ReplyTo()) {
		return fmt.Errorf("decision mail must be answerable, and %q is a no-reply address: set MAIL_REPLY_TO to a person or team that reads replies", c.ReplyTo())
	}
	if c.AlertDigestWindow < 0 || (c.AlertDigestWindow > 0 && c.AlertDigestWindow < time.Second) {
		return errors.New("ALERT_DIGEST_WINDOW must be 0 (no batching) or at least 1s")
	}
	if c.PageCacheMB < 0 || c.PageCacheMB > 4096 {
		return errors.New("PAGE_CACHE_MB must be from 0 (off) to 4096")
	}
	if c.PageCacheTTL < time.Second {
		return errors.New("PAGE_CACHE_TTL must be at least 1s")
	}
	if t := c.MetricsToken; t != "" && len(t) < 16 {
		return errors.New("METRICS_TOKEN must be at least 16 characters")
	}
	if c.RetentionMonths < 1 || c.RetentionMonths > 1200 {
		return errors.New("RETENTION_MONTHS must be from 1 to 1200")
	}
	if h := c.TrustedProxyHeader; h != "" && h != "X-Forwarded-For" && h != "X-Real-Ip" {
		return fmt.Errorf("TRUSTED_PROXY_HEADER %q: want X-Forwarded-For, X-Real-IP or empty", h)
	}
	return nil
}

// Secure reports whether the site is served over https, which decides the
// Secure cookie flag and HSTS.
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// ReplyTo is the address students' answers to decisions go to.
func (c Config) ReplyTo() string { return cmp.Or(c.MailReplyTo, c.MailFrom) }

// noReply reports whether addr's mailbox says nobody reads it.
func noReply(addr string) bool {
	a, err := mail.ParseAddress(addr)
	if err != nil {
		return false
	}
	local, _, _ := strings.Cut(strings.ToLower(a.Address), "@")
	local = strings.NewReplacer("-", "", "_", "", ".", "").Replace(local)
	return strings.HasPrefix(local, "noreply") || strings.HasPrefix(local, "donotreply")
}
