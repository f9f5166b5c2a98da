package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
)

// dataset is one bench database and what it must hold.
type dataset struct {
	name                string
	roles, applications int
	// pastSeasons is how many earlier seasons of closed roles share the
	// applications with the current one.
	pastSeasons int
	url         string
}

type bench struct {
	o   options
	dir string
	log io.Writer

	large, huge dataset // 10,000 open roles and 1,000,000 applications; 100,000 open roles
	// growthSets are the smaller datasets of the growth section.
	growthSets []dataset
	pdf        string // a 100 KB PDF for the apply runs
	// freshLoad is set when this run loaded data: PostgreSQL then spends
	// the next minutes writing it to disk, which slows every figure.
	freshLoad bool
}

const (
	// A recruiter, not an admin: admins must add a second factor before
	// any page, which a load generator cannot.
	recruiterEmail = "bench-recruiter@example.com"
	// The password rules refuse one that holds the name or the address.
	recruiterPassword = "loopback figures only, never production"
)

// prepare makes the two databases (reused when a previous run left
// them complete) and the files the load scripts need.
func (b *bench) prepare(ctx context.Context) error {
	// 91% of generated roles are open (the rest drafts or closed):
	// 11,000 and 110,000 give 10,010 and 100,100 open roles. The large
	// set's million applications are shared with three past seasons of
	// 2,750 closed roles each, for the reports.
	b.large = dataset{name: "careers_bench_10k", roles: 11_000 + 3*2_750, applications: 1_000_000, pastSeasons: 3}
	b.huge = dataset{name: "careers_bench_100k", roles: 110_000}
	sets := []*dataset{&b.large, &b.huge}
	if b.o.wants("growth") {
		b.growthSets = growthSets()
		for i := range b.growthSets {
			sets = append(sets, &b.growthSets[i])
		}
	}
	for _, d := range sets {
		if err := b.ensure(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
	}
	// Random bytes do not compress: the upload and the stored resume
	// weigh the full 100 KB, as a real PDF with images would.
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	pad := make([]byte, 100<<10-len(pdf)-6)
	_, _ = rand.Read(pad)
	pdf = append(append(pdf, pad...), "%%EOF\n"...)
	b.pdf = filepath.Join(b.dir, "resume.pdf")
	return os.WriteFile(b.pdf, pdf, 0o644)
}

func (b *bench) ensure(ctx context.Context, d *dataset) error {
	u, err := url.Parse(b.o.databaseURL)
	if err != nil {
		return err
	}
	u.Path = "/" + d.name
	d.url = u.String()

	if conn, err := pgx.Connect(ctx, d.url); err == nil {
		// A dataset from before the seed set reply-by dates (or one an app
		// has started filling in) is made again.
		var roles, apps, seasons, recruiters, noReplyBy int
		err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM roles), (SELECT count(*) FROM applications),
			(SELECT count(DISTINCT season) FROM roles), (SELECT count(*) FROM accounts WHERE email = $1),
			(SELECT count(*) FROM applications WHERE stage = 'applied' AND reply_by IS NULL)`, recruiterEmail).
			Scan(&roles, &apps, &seasons, &recruiters, &noReplyBy)
		_ = conn.Close(ctx)
		if err == nil && roles == d.roles && apps == d.applications && seasons == d.pastSeasons+1 && noReplyBy == 0 {
			b.logf("%s: reusing %d roles and %d applications", d.name, roles, apps)
			if err := b.careers(ctx, d, nil, "migrate", "up"); err != nil || recruiters == 1 {
				return err
			}
			return b.addRecruiter(ctx, d)
		}
	}
	admin, err := pgx.Connect(ctx, b.o.databaseURL)
	if err != nil {
		return err
	}
	defer func() { _ = admin.Close(ctx) }()
	ident := pgx.Identifier{d.name}.Sanitize()
	if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+ident+` WITH (FORCE)`); err != nil {
		return err
	}
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+ident); err != nil {
		return err
	}
	b.logf("%s: loading %d roles and %d applications (COPY)", d.name, d.roles, d.applications)
	if err := b.careers(ctx, d, nil, "migrate", "up"); err != nil {
		return err
	}
	current := d.roles * 4 / (4 + d.pastSeasons) // each past season has a quarter of the current one's roles
	if err := b.careers(ctx, d, nil, "seed", "-roles", fmt.Sprint(current), "-past-seasons", fmt.Sprint(d.pastSeasons),
		"-applications", fmt.Sprint(d.applications), "-seed", "7"); err != nil {
		return err
	}
	b.freshLoad = true
	return b.addRecruiter(ctx, d)
}

// addRecruiter adds the account the admin runs sign in with.
func (b *bench) addRecruiter(ctx context.Context, d *dataset) error {
	return b.careers(ctx, d, strings.NewReader(recruiterPassword+"\n"), "user", "add", "-email", recruiterEmail, "-name", "Bench Recruiter")
}

// careers runs the careers binary on dataset d.
func (b *bench) careers(ctx context.Context, d *dataset, stdin io.Reader, args ...string) error {
	cmd := exec.CommandContext(ctx, b.o.bin, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+d.url)
	cmd.Stdin = stdin
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("careers %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

// signIn returns a recruiter session cookie from the app.
func signIn(a *app) (string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"email": {recruiterEmail}, "password": {recruiterPassword}}
	req, err := http.NewRequest(http.MethodPost, a.url+"/admin/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", "10.255.255.1")
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	_ = res.Body.Close() // only the cookies are wanted
	for _, c := range res.Cookies() {
		if strings.HasSuffix(c.Name, "careers_session") {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("sign-in gave %s and no session cookie", res.Status)
}

// postForm sends a recruiter's form to the app and wants the redirect
// that follows a successful POST, to a path starting with want.
func postForm(a *app, cookie, path string, form url.Values, want string) error {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequest(http.MethodPost, a.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Cookie", cookie)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	_ = res.Body.Close() // only the status is wanted
	if to := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(to, want) {
		return fmt.Errorf("POST %s: %s to %q", path, res.Status, to)
	}
	return nil
}
