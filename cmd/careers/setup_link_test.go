package main

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/db/dbtest"
)

var setupLinkLine = regexp.MustCompile(`\n    (http://\S+/admin/setup/[A-Za-z0-9_-]{43})\n`)

// TestServePrintsTheFirstAdminLink: the real binary on a database with
// no account prints a one-time link; following it creates the first
// admin, who is then asked for a second factor; the link is dead after,
// and a restart prints none.
func TestServePrintsTheFirstAdminLink(t *testing.T) {
	bin := careersBinary(t)
	t.Parallel()
	env := map[string]string{"DATABASE_URL": dbtest.OwnURL(t)}
	careersCommand(t, bin, env, "", "migrate", "up")
	p := startCareers(t, bin, env)
	var link string
	if !faultWait(10*time.Second, func() bool {
		m := setupLinkLine.FindStringSubmatch(p.logs.String())
		if m != nil {
			link = m[1]
		}
		return m != nil
	}) {
		t.Fatalf("no setup link printed:\n%s", p.logs.String())
	}
	// BASE_URL is the default; the process listens on its own address.
	path := link[strings.Index(link, "/admin/setup/"):]
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: sameOrigin{}, Timeout: 20 * time.Second}
	res, err := client.Get(p.base + path)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the setup page: %v %v", err, res)
	}
	res.Body.Close()
	res, err = client.PostForm(p.base+path, url.Values{"name": {"Þóra Ólafsdóttir"}, "email": {"thora@example.com"}, "password": {"glacier lagoon puffin"}})
	if err != nil || res.Request.URL.Path != "/admin/security" {
		t.Fatalf("creating the first admin: %v %v", err, res.Request.URL)
	}
	res.Body.Close()
	res, err = client.Get(p.base + "/admin")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/admin/security" {
		t.Fatalf("the first admin's first page: %s, want the second-factor page", res.Request.URL)
	}
	res, err = http.Get(p.base + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("the used link: %d, want 404", res.StatusCode)
	}
	again := startCareers(t, bin, env)
	time.Sleep(time.Second)
	if setupLinkLine.MatchString(again.logs.String()) {
		t.Fatal("a restart with an account printed a setup link")
	}
}
