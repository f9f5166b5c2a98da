package dbtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a throwaway PostgreSQL server of a test's own: its data and
// its unix socket in a fresh temporary folder, listening on a FreePort of
// 127.0.0.1 only. Tests that stop and start the database (an outage) use
// it, since the shared server must never be stopped. It holds a careers
// role (password careers) and an empty careers database; migrating it is
// the test's business.
type Cluster struct {
	// Port is the TCP port on 127.0.0.1; it stays the same across Stop
	// and Start, as a restarted database server's does.
	Port int
	bin  string // the folder of initdb, pg_ctl and postgres
	dir  string // the temporary folder: data/, the socket, server.log
	// asServer runs a server program: as root through runuser as the
	// postgres user, since PostgreSQL refuses to run as root.
	asServer func(prog string, args ...string) *exec.Cmd
	running  bool
}

// NewCluster initialises and starts a Cluster, stopped and removed when t
// ends. Without PostgreSQL's server programs the test fails under CI and
// skips elsewhere.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	// pg_ctl and postgres live beside initdb.
	bin := filepath.Dir(PGTool(t, "initdb"))
	c := &Cluster{bin: bin}
	dir, err := os.MkdirTemp("", "careers-pg-")
	if err != nil {
		t.Fatal(err)
	}
	c.dir = dir
	t.Cleanup(func() {
		if c.running {
			// Immediate: nothing in a throwaway cluster is worth a checkpoint.
			_ = c.pgCtl("stop", "-m", "immediate").Run()
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("remove the test cluster's folder: %v", err)
		}
	})
	c.asServer = func(prog string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, prog), args...) //nolint:gosec // G204: PostgreSQL's own programs, with arguments this package builds
		cmd.Dir = dir
		return cmd
	}
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			missing(t, "running as root, and there is no postgres user to run PostgreSQL as: "+err.Error())
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.asServer = func(prog string, args ...string) *exec.Cmd {
			// In its own folder: the postgres user may not enter the
			// test's working directory.
			cmd := exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, prog)}, args...)...) //nolint:gosec // G204: as above, run as postgres
			cmd.Dir = dir
			return cmd
		}
	}
	// Trust over the socket (only its owner can reach the folder) for
	// the set-up below; passwords over TCP, as in production.
	out, err := c.asServer("initdb", "-D", c.dataDir(), "-U", "postgres", "-E", "UTF8", "--no-instructions",
		"--auth-local=trust", "--auth-host=scram-sha-256").CombinedOutput()
	if err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.Port = FreePort(t)
	c.Start(t)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("host=%s port=%d user=postgres dbname=postgres", dir, c.Port))
	if err != nil {
		t.Fatalf("connect to the test cluster: %v", err)
	}
	defer func() { _ = conn.Close(ctx) }()
	for _, q := range []string{
		"CREATE ROLE careers LOGIN CREATEDB PASSWORD 'careers'",
		"CREATE DATABASE careers OWNER careers",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return c
}

// URL is the careers database's connection URL, over TCP.
func (c *Cluster) URL() string {
	return fmt.Sprintf("postgres://careers:careers@127.0.0.1:%d/careers?sslmode=disable", c.Port)
}

// Start starts the server (again) on the same port and waits until it
// accepts connections.
func (c *Cluster) Start(t testing.TB) {
	t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1", c.Port, c.dir)
	if out, err := c.pgCtl("start", "-w", "-t", "60", "-l", filepath.Join(c.dir, "server.log"), "-o", opts).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	c.running = true
}

// Stop stops the server with pg_ctl's mode: "immediate" ends every
// process at once without a checkpoint, as a crash would (on the next
// start PostgreSQL recovers from its write-ahead log); "fast" ends
// sessions with an error and shuts down cleanly.
func (c *Cluster) Stop(t testing.TB, mode string) {
	t.Helper()
	if out, err := c.pgCtl("stop", "-w", "-t", "60", "-m", mode).CombinedOutput(); err != nil {
		t.Fatalf("pg_ctl stop -m %s: %v\n%s", mode, err, out)
	}
	c.running = false
}

func (c *Cluster) dataDir() string { return filepath.Join(c.dir, "data") }

func (c *Cluster) pgCtl(args ...string) *exec.Cmd {
	return c.asServer("pg_ctl", append([]string{"-D", c.dataDir()}, args...)...)
}

// missing fails under CI, where everything a test needs must be present,
// and skips elsewhere.
func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(what)
	}
	t.Skip("skipping: " + strings.TrimSuffix(what, "."))
}
