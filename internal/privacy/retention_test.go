package privacy_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/privacy"
	"example.com/careers/internal/testkit"
)

const currentSeason = "Summer 2027"

var retention = privacy.Retention{CurrentSeason: currentSeason, Months: 24}

// seasonRole inserts an open role of season and returns its id. The
// slug gets a number, so the tests run again (-count) in one database.
func seasonRole(t *testing.T, pool *pgxpool.Pool, slug, season string) int64 {
	t.Helper()
	slug += "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	var id int64
	err := pool.QueryRow(context.Background(), `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ($1, 'Intern '||$1, 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', $2, 'x', 'open', now() - interval '1 day')
		RETURNING id`, slug, season).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// person is an applicant whose every personal field is unique, so a
// search of the whole database can tell whether any of it is left.
type person struct {
	id                                 int64
	name, email, phone, uni, link, why string
	resumeName, resumeMark, note       string
}

func newPerson(tag string) person {
	return person{
		name: "Ådné " + tag + " Öztürk", email: "p-" + tag + "@example.com", phone: "+1 555 01" + tag,
		uni: "Universität " + tag, link: "https://github.com/u-" + tag, why: "Answer " + tag + " ✓",
		resumeName: "cv-" + tag + ".pdf", resumeMark: "resume-bytes-" + tag, note: "Note about " + tag,
	}
}

// apply submits p to role with a note and two messages keyed by the
// application, as the site writes them.
func apply(t *testing.T, pool *pgxpool.Pool, s *applications.Store, role int64, p person) person {
	t.Helper()
	ctx := context.Background()
	in := applications.Input{
		FullName: p.name, Email: p.email, Phone: p.phone, University: p.uni, Degree: "bachelors",
		GradMonth: "5", GradYear: "2028", GitHub: p.link, Why: p.why, Consent: true,
	}
	in.Normalize()
	token, err := s.Submit(ctx, role, in, applications.Resume{FileName: p.resumeName, Data: []byte("%PDF-1.4 " + p.resumeMark)}, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.ByToken(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	p.id = st.ID
	if err := s.AddNote(ctx, recruiter, p.id, p.note); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"received", "event-1"} {
		_, err := pool.Exec(ctx, `
			INSERT INTO outgoing_mail (kind, idempotency_key, recipient, subject, text_body, html_body, application_id)
			VALUES ('application_received', $1, $2, 'About your application', 'Dear '||$3, '<p>Dear '||$3||'</p>', $4)`,
			mail.Key("application", p.id, suffix), p.email, p.name, p.id)
		if err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// age moves an application's creation, last change and events back to
// at, as if it had been idle since. The updated_at trigger would stamp
// now(), so it is off for this one update.
func age(t *testing.T, pool *pgxpool.Pool, id int64, at time.Time) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, q := range []string{
			`ALTER TABLE applications DISABLE TRIGGER applications_updated_at`,
			`UPDATE applications SET created_at = $2, updated_at = $2 WHERE id = $1`,
			`UPDATE application_events SET created_at = $2 WHERE application_id = $1`,
			`ALTER TABLE applications ENABLE TRIGGER applications_updated_at`,
		} {
			var args []any
			if strings.Contains(q, "$1") {
				args = []any{id, at}
			}
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// leftovers lists where any of needles still appears in a text, bytea or
// jsonb column of any table.
func leftovers(t *testing.T, pool *pgxpool.Pool, needles ...string) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `
		SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type IN ('text', 'bytea', 'jsonb', 'ARRAY')`)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([3]string, error) {
		var c [3]string
		err := r.Scan(&c[0], &c[1], &c[2])
		return c, err
	})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, needle := range needles {
		for _, c := range cols {
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE position($1 IN %q::text) > 0`, c[0], c[1])
			if c[2] == "bytea" {
				q = fmt.Sprintf(`SELECT count(*) FROM %q WHERE position(convert_to($1, 'UTF8') IN %q) > 0`, c[0], c[1])
			}
			var n int
			if err := pool.QueryRow(ctx, q, needle).Scan(&n); err != nil {
				t.Fatalf("%s.%s: %v", c[0], c[1], err)
			}
			if n > 0 {
				found = append(found, fmt.Sprintf("%q in %s.%s", needle, c[0], c[1]))
			}
		}
	}
	return found
}

// missingData lists which of p's personal data is no longer anywhere.
func missingData(t *testing.T, pool *pgxpool.Pool, p person) []string {
	t.Helper()
	var missing []string
	for _, needle := range p.needles() {
		if len(leftovers(t, pool, needle)) == 0 {
			missing = append(missing, needle)
		}
	}
	return missing
}

func (p person) needles() []string {
	return []string{p.name, p.email, p.phone, p.uni, p.link, p.why, p.resumeName, p.resumeMark, p.note}
}

// stageCounts is the count of applications by role and stage.
func stageCounts(t *testing.T, pool *pgxpool.Pool) map[string]int {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT role_id || '/' || stage, count(*)::int FROM applications GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	var k string
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&k, &n}, func() error { m[k] = n; return nil }); err != nil {
		t.Fatal(err)
	}
	return m
}

func retentionAudit(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `
		SELECT actor || ': ' || detail FROM audit_log WHERE action = 'applications.retention' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// clearExpired anonymises what earlier tests left expired, so each test
// counts only its own applications.
func clearExpired(t *testing.T, s *privacy.Store, now time.Time) {
	t.Helper()
	if _, err := s.AnonymiseExpired(context.Background(), privacy.RetentionActor, now, retention); err != nil {
		t.Fatal(err)
	}
}

func TestAnonymiseExpired(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s, apps := privacy.NewStore(pool), applications.NewStore(pool)
	now := time.Now()
	clearExpired(t, s, now)
	past := seasonRole(t, pool, "retention-past", "Summer 2025")
	current := seasonRole(t, pool, "retention-current", "  summer 2027 ") // same season, other spelling
	longAgo := now.AddDate(0, -30, 0)

	// Expired: a past season, idle for 30 months; one moved through
	// stages before going idle.
	expired := apply(t, pool, apps, past, newPerson("x1"))
	age(t, pool, expired.id, longAgo)
	moved := apply(t, pool, apps, past, newPerson("x2"))
	if err := apps.MoveStages(ctx, recruiter, []applications.Move{{ID: moved.id, From: "applied", To: "rejected"}}, nil); err != nil {
		t.Fatal(err)
	}
	age(t, pool, moved.id, longAgo)
	// Kept: idle as long but in the current season; in a past season but
	// with a note 6 months ago; in a past season and applied today.
	currentOld := apply(t, pool, apps, current, newPerson("k1"))
	age(t, pool, currentOld.id, longAgo)
	noted := apply(t, pool, apps, past, newPerson("k2"))
	age(t, pool, noted.id, longAgo)
	if _, err := pool.Exec(ctx, `UPDATE application_events SET created_at = $2 WHERE application_id = $1 AND kind = 'note'`,
		noted.id, now.AddDate(0, -6, 0)); err != nil {
		t.Fatal(err)
	}
	recent := apply(t, pool, apps, past, newPerson("k3"))
	// Idle events, but the row itself changed last week (the trigger
	// stamps updated_at).
	touched := apply(t, pool, apps, past, newPerson("k5"))
	age(t, pool, touched.id, longAgo)
	if _, err := pool.Exec(ctx, `UPDATE applications SET updated_at = $2 WHERE id = $1`, touched.id, now.AddDate(0, 0, -7)); err != nil {
		t.Fatal(err)
	}
	// Just inside the limit: idle for 23 months.
	edge := apply(t, pool, apps, past, newPerson("k4"))
	age(t, pool, edge.id, now.AddDate(0, -23, 0))

	before := stageCounts(t, pool)
	auditBefore := len(retentionAudit(t, pool))

	n, err := s.AnonymiseExpired(ctx, privacy.RetentionActor, now, retention)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("anonymised %d applications, want 2", n)
	}
	for _, p := range []person{expired, moved} {
		if found := leftovers(t, pool, p.needles()...); len(found) > 0 {
			t.Errorf("application %d: personal data left: %v", p.id, found)
		}
		d, err := apps.ByID(ctx, p.id)
		if err != nil {
			t.Fatal(err)
		}
		if d.ErasedAt == nil || d.FullName != "Erased applicant" || d.Email != fmt.Sprintf("erased-%d@erased.invalid", p.id) ||
			d.Phone != "" || d.University != "Erased" || d.GitHub != "" || d.Why != "Erased" || d.ResumeName != nil {
			t.Errorf("application %d not anonymised: %+v", p.id, d)
		}
		for _, e := range d.Events {
			if e.Note != "" {
				t.Errorf("application %d: note left: %q", p.id, e.Note)
			}
		}
		if c := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE application_id = $1`, p.id); c != 0 {
			t.Errorf("application %d: %d messages left", p.id, c)
		}
		// The event rows stay (the history of stages feeds the counts).
		if len(d.Events) < 2 {
			t.Errorf("application %d: events gone: %+v", p.id, d.Events)
		}
	}
	for _, p := range []person{currentOld, noted, recent, edge, touched} {
		if missing := missingData(t, pool, p); len(missing) > 0 {
			t.Errorf("application %d must be untouched; gone: %q", p.id, missing)
		}
		d, err := apps.ByID(ctx, p.id)
		if err != nil || d.ErasedAt != nil || d.FullName != p.name || d.ResumeName == nil || *d.ResumeName != p.resumeName {
			t.Errorf("application %d must be untouched: %+v %v", p.id, d, err)
		}
		if c := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE application_id = $1`, p.id); c != 2 {
			t.Errorf("application %d: %d messages, want 2", p.id, c)
		}
	}
	if after := stageCounts(t, pool); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("counts by role and stage changed:\nbefore %v\nafter  %v", before, after)
	}
	entries := retentionAudit(t, pool)[auditBefore:]
	if len(entries) != 1 || !strings.HasPrefix(entries[0], "system (retention job): 2 applications of past seasons") {
		t.Fatalf("audit entries: %q", entries)
	}

	// A second run finds nothing and writes nothing.
	n, err = s.AnonymiseExpired(ctx, privacy.RetentionActor, now, retention)
	if err != nil || n != 0 {
		t.Fatalf("second run: %d, %v", n, err)
	}
	if got := len(retentionAudit(t, pool)) - auditBefore; got != 1 {
		t.Fatalf("second run wrote audit entries: %d in all", got)
	}
	if after := stageCounts(t, pool); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("counts changed on the second run")
	}
}

// The retention job and a recruiter's erasure leave the same row, so the
// admin pages and counts treat both alike.
func TestAnonymiseMatchesErase(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s, apps := privacy.NewStore(pool), applications.NewStore(pool)
	now := time.Now()
	clearExpired(t, s, now)
	role := seasonRole(t, pool, "retention-same", "Summer 2024")
	a := apply(t, pool, apps, role, newPerson("s1"))
	b := apply(t, pool, apps, role, newPerson("s2"))
	age(t, pool, a.id, now.AddDate(-3, 0, 0))
	if _, err := s.AnonymiseExpired(ctx, privacy.RetentionActor, now, retention); err != nil {
		t.Fatal(err)
	}
	if err := s.Erase(ctx, recruiter, b.id, now); err != nil {
		t.Fatal(err)
	}
	da, _ := apps.ByID(ctx, a.id)
	db, _ := apps.ByID(ctx, b.id)
	norm := func(d applications.Detail, id int64) string {
		d.ID, d.CreatedAt, d.ErasedAt, d.Events, d.ConsentedAt = 0, time.Time{}, nil, nil, time.Time{}
		d.Email = strings.Replace(d.Email, fmt.Sprint(id), "ID", 1)
		return fmt.Sprintf("%+v", d)
	}
	if norm(da, a.id) != norm(db, b.id) {
		t.Fatalf("retention and erasure differ:\n%s\n%s", norm(da, a.id), norm(db, b.id))
	}
}

// A backlog larger than a batch is done in several transactions, one
// audit entry each, and two runs at once share it without doing any
// application twice.
func TestAnonymiseExpiredInBatches(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := privacy.NewStore(pool)
	now := time.Now()
	clearExpired(t, s, now)
	role := seasonRole(t, pool, "retention-bulk", "Summer 2023")
	const total = 2*privacy.RetentionBatch + 3
	_, err := pool.Exec(ctx, `
		WITH a AS (
			INSERT INTO applications (role_id, submission_key, full_name, email, university, degree_level,
			                          graduation, why, consented_at, created_at, updated_at)
			SELECT $1, 'bulk-key-' || $1::bigint || '-' || lpad(i::text, 8, '0'), 'Bulk Person ' || i,
			       'bulk' || i || '@example.com', 'Bulk U', 'masters', '2028-05-01', 'Why ' || i, $2, $2, $2
			FROM generate_series(1, $3) AS i RETURNING id
		)
		INSERT INTO resumes (application_id, file_name, content_type, size, data)
		SELECT id, 'bulk.pdf', 'application/pdf', 9, '%PDF-1.4 '::bytea FROM a`,
		role, now.AddDate(-3, 0, 0), total)
	if err != nil {
		t.Fatal(err)
	}
	auditBefore := len(retentionAudit(t, pool))

	counts := make([]int, 2)
	errs := testkit.Race(len(counts), func(i int) (err error) {
		counts[i], err = s.AnonymiseExpired(ctx, privacy.RetentionActor, now, retention)
		return err
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// One run may stop early when the other holds the rest, but that one
	// goes on until nothing is left.
	if got := counts[0] + counts[1]; got != total {
		t.Fatalf("anonymised %d+%d, want %d in all", counts[0], counts[1], total)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM applications WHERE role_id = $1 AND erased_at IS NULL`, role); n != 0 {
		t.Fatalf("%d applications left", n)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM resumes r JOIN applications a ON a.id = r.application_id WHERE a.role_id = $1`, role); n != 0 {
		t.Fatalf("%d resumes left", n)
	}
	entries := retentionAudit(t, pool)[auditBefore:]
	sum := 0
	for _, e := range entries {
		var n int
		if _, err := fmt.Sscanf(strings.TrimPrefix(e, "system (retention job): "), "%d applications", &n); err != nil {
			t.Fatalf("audit entry %q: %v", e, err)
		}
		if n < 1 || n > privacy.RetentionBatch {
			t.Errorf("audit entry of %d applications", n)
		}
		sum += n
	}
	if sum != total || len(entries) < 3 {
		t.Fatalf("audit entries count %d applications in %d entries, want %d in 3 or more: %q", sum, len(entries), total, entries)
	}
}

// A failure part-way through a batch leaves every application of the
// batch as it was: never a row anonymised with its resume still there.
func TestAnonymiseExpiredIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s, apps := privacy.NewStore(pool), applications.NewStore(pool)
	now := time.Now()
	clearExpired(t, s, now)
	role := seasonRole(t, pool, "retention-fail", "Summer 2022")
	a := apply(t, pool, apps, role, newPerson("f1"))
	b := apply(t, pool, apps, role, newPerson("f2"))
	age(t, pool, a.id, now.AddDate(-3, 0, 0))
	age(t, pool, b.id, now.AddDate(-3, 0, 0))
	// Deleting b's resume fails, after a's mail, fields and resume went.
	for _, q := range []string{
		`CREATE FUNCTION refuse_resume_delete() RETURNS trigger LANGUAGE plpgsql AS $$
		 BEGIN IF OLD.application_id = ` + fmt.Sprint(b.id) + ` THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN OLD; END $$`,
		`CREATE TRIGGER refuse_resume_delete BEFORE DELETE ON resumes FOR EACH ROW EXECUTE FUNCTION refuse_resume_delete()`,
	} {
		if _, err := pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		_, _ = pool.Exec(context.Background(), `DROP TRIGGER IF EXISTS refuse_resume_delete ON resumes`)
		_, _ = pool.Exec(context.Background(), `DROP FUNCTION IF EXISTS refuse_resume_delete()`)
	})
	auditBefore := len(retentionAudit(t, pool))
	n, err := s.AnonymiseExpired(ctx, privacy.RetentionActor, now, retention)
	if err == nil || !strings.Contains(err.Error(), "disk on fire") || n != 0 {
		t.Fatalf("run = %d, %v; want 0 and the error", n, err)
	}
	for _, p := range []person{a, b} {
		if missing := missingData(t, pool, p); len(missing) > 0 {
			t.Errorf("application %d was partly anonymised; gone: %q", p.id, missing)
		}
		if c := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE application_id = $1`, p.id); c != 2 {
			t.Errorf("application %d: %d messages, want 2", p.id, c)
		}
	}
	if got := len(retentionAudit(t, pool)) - auditBefore; got != 0 {
		t.Errorf("%d audit entries for a run that changed nothing", got)
	}
	if _, err := pool.Exec(ctx, `DROP TRIGGER refuse_resume_delete ON resumes`); err != nil {
		t.Fatal(err)
	}
	if n, err := s.AnonymiseExpired(ctx, privacy.RetentionActor, now, retention); err != nil || n != 2 {
		t.Fatalf("after the fault: %d, %v", n, err)
	}
}

func TestRetentionNeedsMonthsAndSeason(t *testing.T) {
	s := privacy.NewStore(nil)
	for _, r := range []privacy.Retention{{CurrentSeason: currentSeason}, {Months: 24}, {CurrentSeason: currentSeason, Months: -1}} {
		if _, err := s.AnonymiseExpired(context.Background(), privacy.RetentionActor, time.Now(), r); err == nil {
			t.Errorf("%+v must be refused", r)
		}
	}
}
