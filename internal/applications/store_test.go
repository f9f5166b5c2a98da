package applications_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/testkit"
	"example.com/careers/internal/token"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// newRole inserts a role with status and returns its id.
func newRole(t *testing.T, pool *pgxpool.Pool, slug string, status roles.Status) int64 {
	t.Helper()
	var id int64
	var opens *time.Time
	if status != roles.StatusDraft {
		o := now.Add(-24 * time.Hour)
		opens = &o
	}
	err := pool.QueryRow(context.Background(), `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ($1, 'Intern '||$1, 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2027', 'x', $2, $3)
		RETURNING id`, slug, status, opens).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func input(email string) applications.Input {
	in := applications.Input{
		FullName: "Zoë 山田 🚀", Email: email, University: "Université de Montréal", Degree: roles.Bachelors,
		GradMonth: "5", GradYear: "2028", Why: "Because.", Consent: true,
	}
	in.Normalize()
	return in
}

func TestSubmitStoresEverythingTogether(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "submit", roles.StatusOpen)

	status, err := s.Submit(ctx, role, input("zoe@example.com"), applications.Resume{FileName: "../cv.pdf", Data: pdf}, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !token.Valid(status) {
		t.Fatalf("token %q", status)
	}
	st, err := s.ByToken(ctx, status)
	if err != nil {
		t.Fatal(err)
	}
	if st.FullName != "Zoë 山田 🚀" || st.Stage != applications.Applied || st.RoleTitle != "Intern submit" {
		t.Errorf("status %+v", st)
	}
	if len(st.History) != 1 || st.History[0].ToStage != applications.Applied {
		t.Errorf("history %+v", st.History)
	}
	var name string
	var size int
	if err := pool.QueryRow(ctx, `SELECT file_name, size FROM resumes r JOIN applications a ON a.id = r.application_id WHERE a.id = `+byToken, status).Scan(&name, &size); err != nil {
		t.Fatal(err)
	}
	if name != "cv.pdf" || size != len(pdf) {
		t.Errorf("resume %q %d", name, size)
	}
}

// TestSubmitIsAtomic makes the resume insert fail (the schema refuses
// bytes that are not a PDF) after the application row went in: nothing
// may remain.
// byToken finds an application's id by a status token ($1), as the store
// does: only hashes are stored.
const byToken = `(SELECT application_id FROM application_links WHERE token_hash = sha256(convert_to($1, 'UTF8')))`

func TestSubmitIsAtomic(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "atomic", roles.StatusOpen)
	events := testkit.Count(t, pool, `SELECT count(*) FROM application_events`)

	_, err := s.Submit(ctx, role, input("atomic@example.com"), applications.Resume{FileName: "x.pdf", Data: []byte("<html>")}, now, nil)
	if err == nil {
		t.Fatal("the schema must refuse a resume that is not a PDF")
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM applications WHERE role_id = $1`, role); n != 0 {
		t.Fatalf("%d applications left behind by a failed submit", n)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM application_events`); n != events {
		t.Fatalf("%d events left behind", n-events)
	}
	// The same student can then apply properly.
	if _, err := s.Submit(ctx, role, input("atomic@example.com"), applications.Resume{FileName: "x.pdf", Data: pdf}, now, nil); err != nil {
		t.Fatal(err)
	}
}

func TestDuplicateEmailAnyCase(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "dupe", roles.StatusOpen)
	other := newRole(t, pool, "dupe-other", roles.StatusOpen)
	resume := applications.Resume{FileName: "cv.pdf", Data: pdf}

	first := input("Sam@Example.com")
	token, err := s.Submit(ctx, role, first, resume, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, role, input("sam@EXAMPLE.com"), resume, now, nil); !errors.Is(err, applications.ErrDuplicate) {
		t.Fatalf("another form, same email in other case: %v", err)
	}
	// The same form again (same key): the submitter may get a new link
	// to their own application.
	_, err = s.Submit(ctx, role, first, resume, now, nil)
	re, ok := errors.AsType[*applications.ResubmittedError](err)
	if !ok {
		t.Fatalf("resubmitted form: %v", err)
	}
	again, err := s.NewLink(ctx, re.ApplicationID)
	if err != nil {
		t.Fatal(err)
	}
	a, errA := s.ByToken(ctx, token)
	b, errB := s.ByToken(ctx, again)
	if errA != nil || errB != nil || a.ID != b.ID || again == token {
		t.Fatalf("the new link %q and the first %q open applications %d and %d (%v %v)", again, token, b.ID, a.ID, errB, errA)
	}
	// The same form with another email cannot reuse the key.
	changed := first
	changed.Email = "someone.else@example.com"
	if _, err := s.Submit(ctx, role, changed, resume, now, nil); !errors.Is(err, applications.ErrFormReused) {
		t.Fatalf("reused form: %v", err)
	}
	// Another role is another application.
	if _, err := s.Submit(ctx, other, input("sam@example.com"), resume, now, nil); err != nil {
		t.Fatalf("other role: %v", err)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM applications WHERE lower(email) = 'sam@example.com'`); n != 2 {
		t.Fatalf("%d applications, want 2", n)
	}
}

// TestConcurrentDoubleSubmit: twenty submits of the same email at once,
// as from frantic double clicks in several tabs, store exactly one.
func TestConcurrentDoubleSubmit(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "race", roles.StatusOpen)

	const n = 20
	errs := testkit.Race(n, func(i int) error {
		in := input("race@example.com")
		if i%2 == 0 {
			in.Email = strings.ToUpper(in.Email)
		}
		_, err := s.Submit(ctx, role, in, applications.Resume{FileName: "cv.pdf", Data: pdf}, now, nil)
		return err
	})
	testkit.ExactlyOneWins(t, errs, applications.ErrDuplicate)
	if got := testkit.Count(t, pool, `SELECT count(*) FROM applications WHERE role_id = $1`, role); got != 1 {
		t.Fatalf("%d rows", got)
	}
	if got := testkit.Count(t, pool, `SELECT count(*) FROM resumes r JOIN applications a ON a.id = r.application_id WHERE a.role_id = $1`, role); got != 1 {
		t.Fatalf("%d resumes", got)
	}
}

func TestClosedOrDraftRoleRefuses(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	resume := applications.Resume{FileName: "cv.pdf", Data: pdf}
	for _, status := range []roles.Status{roles.StatusClosed, roles.StatusDraft} {
		role := newRole(t, pool, "refuse-"+string(status), status)
		if _, err := s.Submit(ctx, role, input("a@example.com"), resume, now, nil); !errors.Is(err, applications.ErrRoleClosed) {
			t.Errorf("%s role: %v", status, err)
		}
	}
	expired := newRole(t, pool, "refuse-expired", roles.StatusOpen)
	if _, err := pool.Exec(ctx, `UPDATE roles SET closes_at = $2 WHERE id = $1`, expired, now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, expired, input("a@example.com"), resume, now, nil); !errors.Is(err, applications.ErrRoleClosed) {
		t.Errorf("expired role: %v", err)
	}
}

func TestWithdraw(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "withdraw", roles.StatusOpen)
	status, err := s.Submit(ctx, role, input("w@example.com"), applications.Resume{FileName: "cv.pdf", Data: pdf}, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Withdraw(ctx, status, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Withdraw(ctx, status, nil); err != nil {
		t.Fatalf("withdrawing twice: %v", err)
	}
	st, _ := s.ByToken(ctx, status)
	if st.Stage != applications.Withdrawn || len(st.History) != 2 || *st.History[1].FromStage != applications.Applied {
		t.Fatalf("after withdraw: %+v", st)
	}
	hired, _ := s.Submit(ctx, role, input("h@example.com"), applications.Resume{FileName: "cv.pdf", Data: pdf}, now, nil)
	if _, err := pool.Exec(ctx, `UPDATE applications SET stage = 'hired' WHERE id = `+byToken, hired); err != nil {
		t.Fatal(err)
	}
	if err := s.Withdraw(ctx, hired, nil); !errors.Is(err, applications.ErrNotWithdrawable) {
		t.Fatalf("withdraw hired: %v", err)
	}
	if err := s.Withdraw(ctx, token.New(), nil); !errors.Is(err, applications.ErrNotFound) {
		t.Fatalf("unknown status: %v", err)
	}
	if _, err := s.ByToken(ctx, "not-a-status"); !errors.Is(err, applications.ErrNotFound) {
		t.Fatalf("junk status: %v", err)
	}
}

// TestConcurrentSameForm: one form submitted twenty times at once (a
// frantic double click): one application, and every other submit finds
// it again through the form's key (and gets a link of its own to it).
func TestConcurrentSameForm(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "same-form", roles.StatusOpen)
	in := input("clicker@example.com") // one key for all
	const n = 20
	tokens := make([]string, n)
	errs := testkit.Race(n, func(i int) error {
		token, err := s.Submit(ctx, role, in, applications.Resume{FileName: "cv.pdf", Data: pdf}, now, nil)
		if re, ok := errors.AsType[*applications.ResubmittedError](err); ok {
			token, err = s.NewLink(ctx, re.ApplicationID)
		}
		tokens[i] = token
		return err
	})
	for _, err := range errs {
		if err != nil {
			t.Fatalf("unexpected: %v", err)
		}
	}
	opened := map[int64]bool{}
	for _, tok := range tokens {
		st, err := s.ByToken(ctx, tok)
		if err != nil {
			t.Fatalf("token %q: %v", tok, err)
		}
		opened[st.ID] = true
	}
	if len(opened) != 1 {
		t.Fatalf("the tokens open %d different applications, want one", len(opened))
	}
	if got := testkit.Count(t, pool, `SELECT count(*) FROM applications WHERE role_id = $1`, role); got != 1 {
		t.Fatalf("%d rows", got)
	}
}
