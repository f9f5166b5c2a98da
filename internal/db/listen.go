package db

import (
	"cmp"
	"context"
	"log/slog"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listener keeps one database connection listening on a notification
// channel and hands each payload to Handle. Live(true) is called once
// listening, Live(false) when the connection drops; it then reconnects
// with backoff. Whatever relies on hearing every change (a cache) must
// stop trusting itself at Live(false) and start afresh at Live(true),
// since changes made in between were not heard.
type Listener struct {
	Config  *pgx.ConnConfig
	Channel string
	Handle  func(payload string)
	Live    func(live bool)
	Logger  *slog.Logger
	// Name marks the connection in pg_stat_activity (application_name);
	// empty means ApplicationName.
	Name string
}

// ApplicationName is the listener's default application_name.
const ApplicationName = "careers-listener"

// Run listens until ctx ends.
func (l *Listener) Run(ctx context.Context) {
	defer l.Live(false)
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		connected, err := l.listen(ctx)
		l.Live(false)
		if connected {
			wait = 100 * time.Millisecond
		}
		if ctx.Err() != nil {
			return
		}
		l.Logger.Warn("notification listener lost its connection; caches are bypassed until it is back",
			"err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// listen reports whether it got as far as listening, and why it stopped.
func (l *Listener) listen(ctx context.Context) (bool, error) {
	cfg := l.Config.Copy()
	cfg.RuntimeParams["application_name"] = cmp.Or(l.Name, ApplicationName)
	// The connection only reads, so a peer that vanished without closing
	// it (a host gone, a dropped route) would go unnoticed for as long
	// as the system's TCP keepalive allows, commonly hours, with the
	// caches trusting a silent line. Probes every few seconds notice
	// within about half a minute.
	dialer := &net.Dialer{
		Timeout:         cfg.ConnectTimeout,
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 10 * time.Second, Interval: 5 * time.Second, Count: 3},
	}
	cfg.DialFunc = dialer.DialContext
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx)) //nolint:errcheck // closing a connection that may be gone
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{l.Channel}.Sanitize()); err != nil {
		return false, err
	}
	l.Live(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		l.Handle(n.Payload)
	}
}
