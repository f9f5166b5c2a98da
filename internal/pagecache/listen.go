package pagecache

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listener keeps one database connection listening on a notification
// channel and hands each payload to Handle. While the connection is up
// the cache is live; when it drops, the cache empties and stops, and the
// listener reconnects with backoff, emptying the cache again once
// connected, since changes made in between were not heard.
type Listener struct {
	Cache   *Cache
	Config  *pgx.ConnConfig
	Channel string
	Handle  func(payload string)
	Logger  *slog.Logger
	// Name marks the connection in pg_stat_activity (application_name);
	// empty means ApplicationName.
	Name string
	// OnConnect, when set, is called each time the listener is connected
	// (tests wait on it).
	OnConnect func()
}

// ApplicationName is the listener's default application_name.
const ApplicationName = "careers-page-cache"

// Run listens until ctx ends.
func (l *Listener) Run(ctx context.Context) {
	defer l.Cache.SetLive(false)
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		connected, err := l.listen(ctx)
		l.Cache.SetLive(false)
		if connected {
			wait = 100 * time.Millisecond
		}
		if ctx.Err() != nil {
			return
		}
		l.Logger.Warn("page cache listener lost its connection; pages are served uncached until it is back",
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
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx)) //nolint:errcheck // closing a connection that may be gone
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{l.Channel}.Sanitize()); err != nil {
		return false, err
	}
	l.Cache.SetLive(true)
	if l.OnConnect != nil {
		l.OnConnect()
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		l.Handle(n.Payload)
	}
}
