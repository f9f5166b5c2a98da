package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/mail/mailtest"
)

// assertNoTokenStored reads every row of every table, as a dump or a
// replica would show it, and fails when any of tokens is in it: the
// database keeps only their hashes, and delivered mail no link.
func assertNoTokenStored(t *testing.T, pool *pgxpool.Pool, tokens []string) {
	t.Helper()
	if len(tokens) == 0 {
		t.Fatal("no tokens to look for")
	}
	rows, _ := pool.Query(t.Context(), `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		var dump string
		err := pool.QueryRow(t.Context(), `SELECT coalesce(string_agg(t::text, E'\n'), '') FROM `+pgx.Identifier{table}.Sanitize()+` t`).Scan(&dump)
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		for _, tok := range tokens {
			if strings.Contains(dump, tok) {
				t.Errorf("table %s holds the token %s…: whoever reads a dump can use the link", table, tok[:8])
			}
		}
	}
}

// waitAllSent waits (bounded) until every message to email is marked
// sent: the SMTP server has a message before the worker's transaction
// that marks it sent, and removes its links, commits.
func waitAllSent(t *testing.T, pool *pgxpool.Pool, email string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		var pending int
		if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM outgoing_mail WHERE lower(recipient) = lower($1) AND state <> 'sent'`, email).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages to %s still not marked sent", pending, email)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var anyMailedLink = regexp.MustCompile(`http://careers\.test/(?:applications|alerts/confirm|alerts/unsubscribe)/([A-Za-z0-9_-]{43})`)

// TestDumpHoldsNoWorkingLink: after a student applies, is moved on with
// a mail, applies again from another form and withdraws, every link the
// student was mailed still works, yet none of their tokens is anywhere
// in the database. (Before, status tokens sat in applications.token and
// in every delivered message's stored body.)
func TestDumpHoldsNoWorkingLink(t *testing.T) {
	smtp := mailtest.Start(t)
	a := newApp(t, withSMTP(t, smtp.URL()))
	slug := addRole(t, a.pool, "dump-role", "Dump Intern", "open", nil)
	const email = "siobhán.o'neill-dump@example.com"
	res, _ := a.apply(slug, validForm(email))
	m := tokenPath.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	a.addAccount("dump-rec@example.com", "Dump Recruiter", "dump recruiter password", false)
	rec := a.browser()
	rec.signIn("dump-rec@example.com", "dump recruiter password")
	var appID int64
	if err := a.pool.QueryRow(t.Context(), `SELECT id FROM applications WHERE id = `+appByToken, m[1]).Scan(&appID); err != nil {
		t.Fatal(err)
	}
	rec.post("/admin/applications/"+idStr(appID)+"/stage", url.Values{"from": {"applied"}, "to": {"take_home"}, "tell": {"yes"}})
	a.apply(slug, validForm(email).set("submission_key", "dump-second-form-0123456789"))
	mails := mailsTo(t, smtp, email, 3) // received, stage, duplicate notice
	waitAllSent(t, a.pool, email)
	tokens := []string{m[1]}
	for _, msg := range mails {
		for _, l := range anyMailedLink.FindAllStringSubmatch(msg.Text, -1) {
			tokens = append(tokens, l[1])
		}
	}
	if len(tokens) < 4 {
		t.Fatalf("%d tokens mailed and shown, want at least 4", len(tokens))
	}
	for _, tok := range tokens {
		if res, body := a.get("/applications/" + tok); res.StatusCode != http.StatusOK || !strings.Contains(body, "Dump Intern") {
			t.Fatalf("the link with %s… does not open the application: %d", tok[:8], res.StatusCode)
		}
	}
	assertNoTokenStored(t, a.pool, tokens)
	// The stored copies say where the links were.
	var body string
	if err := a.pool.QueryRow(t.Context(), `SELECT text_body FROM outgoing_mail WHERE application_id = $1 AND state = 'sent' ORDER BY id LIMIT 1`, appID).Scan(&body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "/applications/(link removed)") {
		t.Errorf("a delivered message's stored body:\n%s", body)
	}
}
