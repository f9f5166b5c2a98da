package config

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"maps"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func load(args []string, vars map[string]string) (Config, error) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return Load(fs, args, env(vars))
}

const goodDB = "postgres://u:secret@127.0.0.1:5432/careers"

func TestDefaults(t *testing.T) {
	c, err := load(nil, map[string]string{"DATABASE_URL": goodDB})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.BaseURL != "http://localhost:8080" || c.LogLevel != slog.LevelInfo ||
		c.LogFormat != "text" || c.ContentDir != "" || c.ShutdownTimeout != 30*time.Second || c.ShutdownDelay != 2*time.Second || c.Secure() {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	c, err := load([]string{"-addr", "127.0.0.1:9000", "-log-level", "debug", "-base-url", "https://jobs.example.com/"},
		map[string]string{"DATABASE_URL": goodDB, "ADDR": "127.0.0.1:7000", "LOG_FORMAT": "json"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.LogLevel != slog.LevelDebug || c.LogFormat != "json" ||
		c.BaseURL != "https://jobs.example.com" || !c.Secure() {
		t.Fatalf("got %+v", c)
	}
}

func TestInvalidConfigGivesOneClearLine(t *testing.T) {
	cases := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"no database", map[string]string{}, "DATABASE_URL is not set"},
		{"bad database", map[string]string{"DATABASE_URL": "postgres://u:secret@[::1"}, "DATABASE_URL is not a valid"},
		{"addr without port", map[string]string{"DATABASE_URL": goodDB, "ADDR": "localhost"}, `ADDR "localhost"`},
		{"addr bad port", map[string]string{"DATABASE_URL": goodDB, "ADDR": "127.0.0.1:99999"}, "port must be a number"},
		{"addr bad host", map[string]string{"DATABASE_URL": goodDB, "ADDR": "not a host:80"}, "host must be"},
		{"base url", map[string]string{"DATABASE_URL": goodDB, "BASE_URL": "localhost:8080"}, "BASE_URL"},
		{"log level", map[string]string{"DATABASE_URL": goodDB, "LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"log format", map[string]string{"DATABASE_URL": goodDB, "LOG_FORMAT": "xml"}, "LOG_FORMAT"},
		{"shutdown", map[string]string{"DATABASE_URL": goodDB, "SHUTDOWN_TIMEOUT": "soon"}, "SHUTDOWN_TIMEOUT"},
		// Decisions must be answerable: a no-reply sender needs a reply-to.
		{"no-reply from", map[string]string{"DATABASE_URL": goodDB, "MAIL_FROM": "Careers <no-reply@example.com>"}, "set MAIL_REPLY_TO"},
		{"no-reply reply-to", map[string]string{"DATABASE_URL": goodDB, "MAIL_REPLY_TO": "DoNotReply@example.com"}, "no-reply address"},
		{"bad reply-to", map[string]string{"DATABASE_URL": goodDB, "MAIL_REPLY_TO": "team at example"}, "MAIL_REPLY_TO"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := load(nil, c.vars)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "secret") {
				t.Fatalf("error must be one line without the password: %q", err)
			}
		})
	}
}

func TestReplyTo(t *testing.T) {
	c, err := load(nil, map[string]string{"DATABASE_URL": goodDB, "MAIL_FROM": "Careers <noreply@example.com>",
		"MAIL_REPLY_TO": "Recruiting team <recruiting@example.com>"})
	if err != nil || c.ReplyTo() != "Recruiting team <recruiting@example.com>" {
		t.Fatalf("reply-to over a no-reply sender: %q, %v", c.ReplyTo(), err)
	}
	if c, err := load(nil, map[string]string{"DATABASE_URL": goodDB}); err != nil || c.ReplyTo() != c.MailFrom {
		t.Fatalf("default reply-to: %q, %v", c.ReplyTo(), err)
	}
}

func TestHelpAndBadFlags(t *testing.T) {
	if _, err := load([]string{"-h"}, nil); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	if _, err := load([]string{"-bogus"}, nil); err == nil || !strings.Contains(err.Error(), "-bogus") {
		t.Fatalf("-bogus: %v", err)
	}
	if _, err := load([]string{"extra"}, map[string]string{"DATABASE_URL": goodDB}); err == nil {
		t.Fatal("a stray argument must be refused")
	}
}

func TestRetentionMonths(t *testing.T) {
	c, err := load(nil, map[string]string{"DATABASE_URL": goodDB})
	if err != nil || c.RetentionMonths != 24 {
		t.Fatalf("default: %d, %v", c.RetentionMonths, err)
	}
	c, err = load([]string{"-retention-months", "36"}, map[string]string{"DATABASE_URL": goodDB, "RETENTION_MONTHS": "12"})
	if err != nil || c.RetentionMonths != 36 {
		t.Fatalf("flag over env: %d, %v", c.RetentionMonths, err)
	}
	// "24m" is the mistake the variable's name is meant to prevent: it
	// would be minutes as a Go duration.
	for _, bad := range []string{"0", "-3", "24m", "2y", "1201"} {
		_, err := load(nil, map[string]string{"DATABASE_URL": goodDB, "RETENTION_MONTHS": bad})
		if err == nil || !strings.Contains(err.Error(), "RETENTION_MONTHS") {
			t.Errorf("RETENTION_MONTHS=%s: %v", bad, err)
		}
	}
}

func TestReadAndUploadTimeouts(t *testing.T) {
	c, err := load(nil, map[string]string{"DATABASE_URL": goodDB})
	if err != nil || c.ReadTimeout != 30*time.Second || c.UploadTimeout != 3*time.Minute {
		t.Fatalf("defaults: read %s, upload %s, %v", c.ReadTimeout, c.UploadTimeout, err)
	}
	c, err = load([]string{"-upload-timeout", "5m"}, map[string]string{"DATABASE_URL": goodDB, "READ_TIMEOUT": "10s", "UPLOAD_TIMEOUT": "1m"})
	if err != nil || c.ReadTimeout != 10*time.Second || c.UploadTimeout != 5*time.Minute {
		t.Fatalf("env and flag: read %s, upload %s, %v", c.ReadTimeout, c.UploadTimeout, err)
	}
	// An upload deadline shorter than the ordinary one would cut resumes
	// off sooner than any other form.
	for _, bad := range []map[string]string{
		{"READ_TIMEOUT": "soon"}, {"READ_TIMEOUT": "0s"}, {"READ_TIMEOUT": "500ms"}, {"READ_TIMEOUT": "11m", "UPLOAD_TIMEOUT": "20m"},
		{"UPLOAD_TIMEOUT": "3"}, {"UPLOAD_TIMEOUT": "20s"}, {"UPLOAD_TIMEOUT": "2h"},
	} {
		vars := map[string]string{"DATABASE_URL": goodDB}
		maps.Copy(vars, bad)
		want := "UPLOAD_TIMEOUT"
		if _, ok := bad["READ_TIMEOUT"]; ok {
			want = "READ_TIMEOUT"
		}
		if _, err := load(nil, vars); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: %v, want an error naming %s", bad, err, want)
		}
	}
}
