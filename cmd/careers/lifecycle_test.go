package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/privacy"
)

// lifecycleRole inserts an open role of season; the slug gets a random
// tail so tests can run again in the same database.
func lifecycleRole(t *testing.T, pool *pgxpool.Pool, slug, title, season string) int64 {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	var id int64
	err := pool.QueryRow(context.Background(), `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ($1, $2, 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors,masters}', $3, 'x', 'open', now() - interval '1 day')
		RETURNING id`, slug+"-"+hex.EncodeToString(b[:]), title, season).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// storeApplication stores an application the way the apply form does.
func storeApplication(t *testing.T, s *applications.Store, role int64, in applications.Input, resume []byte) int64 {
	t.Helper()
	id, _ := storeApplicationWithLink(t, s, role, in, resume)
	return id
}

// storeApplicationWithLink also returns the status token, which only
// the student (and this test) holds.
func storeApplicationWithLink(t *testing.T, s *applications.Store, role int64, in applications.Input, resume []byte) (int64, string) {
	t.Helper()
	in.Normalize()
	token, err := s.Submit(context.Background(), role, in, applications.Resume{FileName: "cv.pdf", Data: resume}, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.ByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return st.ID, token
}

// idleSince makes an application look untouched since at (the updated_at
// trigger is off for that one update).
func idleSince(t *testing.T, pool *pgxpool.Pool, id int64, at time.Time) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `ALTER TABLE applications DISABLE TRIGGER applications_updated_at`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET created_at = $2, updated_at = $2 WHERE id = $1`, id, at); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE application_events SET created_at = $2 WHERE application_id = $1`, id, at); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `ALTER TABLE applications ENABLE TRIGGER applications_updated_at`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func erasedAt(t *testing.T, pool *pgxpool.Pool, id int64) *time.Time {
	t.Helper()
	var at *time.Time
	if err := pool.QueryRow(context.Background(), `SELECT erased_at FROM applications WHERE id = $1`, id).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at
}

// exportee is the person the export tests ask about: Unicode in every
// field that allows it, and characters JSON and HTML treat specially.
var exportee = applications.Input{
	FullName: "Zoë Ñúñez-山田 \"Z\" <b>&", Email: "Zoe.Nunez@Example.com", Phone: "+34 600 000 000",
	University: "Universitat Politècnica de València", Degree: "masters", GradMonth: "6", GradYear: "2028",
	LinkedIn: "https://www.linkedin.com/in/zo%C3%AB", GitHub: "https://github.com/zoe", Portfolio: "https://zoë.example",
	Why: "Porque me encanta el cine 🎬\nSecond line.", Consent: true,
}

func TestExportCommand(t *testing.T) {
	ctx := context.Background()
	url := dbtest.URL(t)
	env := map[string]string{"DATABASE_URL": url}
	pool, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s := applications.NewStore(pool)
	// The address carries a random tag, so the test runs again (-count)
	// in the same database without finding the last run's data.
	var tagBytes [4]byte
	_, _ = rand.Read(tagBytes[:])
	tag := hex.EncodeToString(tagBytes[:])
	email := func(local, domain string) string { return local + "+" + tag + "@" + domain }

	past := lifecycleRole(t, pool, "export-past", "Data Engineering Intern", "Summer 2026")
	current := lifecycleRole(t, pool, "export-now", "Studio Ops Intern — Animação", "Summer 2027")
	other := lifecycleRole(t, pool, "export-other", "Other Intern", "Summer 2027")
	resume1 := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0, 0xff, 0x80, '\n'}, 300)...)
	resume2 := []byte("%PDF-1.4 second résumé")
	in := exportee
	in.Email = email("Zoe.Nunez", "Example.com")
	first, firstToken := storeApplicationWithLink(t, s, past, in, resume1)
	second := exportee
	second.Email = email("zoe.nunez", "example.COM") // the same person, typed differently
	second.SubmissionKey = ""
	secondID, secondToken := storeApplicationWithLink(t, s, current, second, resume2)
	someoneElse := exportee
	someoneElse.Email, someoneElse.FullName, someoneElse.SubmissionKey = "other@example.com", "Other Person", ""
	storeApplication(t, s, other, someoneElse, resume2)

	// The private status tokens, credentials the export must leave out
	// (the database holds only their hashes), and the confirmation mail's
	// body, which carries the first one (recorded mail keeps its links
	// for a while).
	statusLink := "https://careers.example/applications/" + firstToken
	mailText := "Thank you for applying. Follow your application at " + statusLink

	recruiter := audit.Actor{Label: "Rita Recruiter (rita@company.example)"}
	if err := s.MoveStages(ctx, recruiter, []applications.Move{{ID: first, From: "applied", To: "take_home"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.AddNote(ctx, recruiter, first, "Strong SQL; talked about Ñ handling"); err != nil {
		t.Fatal(err)
	}
	// The take-home: the task as sent, the request for more time, and
	// the work (a link), all the applicant's to have.
	if _, err := pool.Exec(ctx, `
		INSERT INTO take_homes (application_id, body, sent_at, sent_by, first_due_at, due_at, extension_reason, extension_requested_at, extension_decision)
		VALUES ($1, 'Model the catalogue', now(), 'Rita', now() + interval '3 days', now() + interval '5 days', 'Exámenes finales', now(), 'granted')`, first); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO take_home_submissions (application_id, kind, link, submitted_at) VALUES ($1, 'link', 'https://github.com/zoe/catalogue', now())`, first); err != nil {
		t.Fatal(err)
	}
	// A booked interview time (its interviewer is not named in the export).
	iv, err := accounts.NewStore(pool).Create(ctx, audit.CLI, accounts.NewAccount{Email: "hidden-iv@company.example", Name: "Hidden Interviewer",
		Password: "long enough password 1", Interviewer: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		WITH sl AS (INSERT INTO interview_slots (role_id, stage, account_id, during, place, capacity, booked, created_by)
		            SELECT role_id, 'interview_1', $2, tstzrange('2027-01-11T17:00Z', '2027-01-11T17:45Z', '[)'), 'Room 4', 1, 1, 'test'
		            FROM applications WHERE id = $1 RETURNING id)
		INSERT INTO interview_bookings (application_id, stage, slot_id, uid) SELECT $1, 'interview_1', id, 'uid-export@interviews' FROM sl`, first, iv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO alert_subscriptions (email, areas, degree_level, confirmed_at)
		VALUES ($1, '{technology,business}', 'masters', now())`, email("ZOE.NUNEZ", "example.com")); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO outgoing_mail (kind, idempotency_key, recipient, subject, text_body, html_body, state)
		VALUES ('application_received', 'application-' || $1::bigint || '-received', $2,
		        'We received your application', $3, $4, 'recorded')`, first, email("Zoe.Nunez", "Example.com"),
		mailText, "<p>"+mailText+"</p>"); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := run(ctx, []string{"careers", "export", "--email", "  " + email("zoe.nunez", "EXAMPLE.com") + " "}, envFrom(env), nil, &out); err != nil {
		t.Fatal(err)
	}
	var got privacy.PersonalData
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode: %v\n%s", err, out.String())
	}
	// The documented field names, indented, and text as typed.
	for _, want := range []string{`  "applications": [`, `"full_name": "Zoë Ñúñez-山田 \"Z\" <b>&"`, `"data_base64": "`,
		`"alert_subscriptions": [`, `"messages": [`, `"graduation": "2028-06"`, `"by": "recruiter"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %s", want)
		}
	}
	// Neither the status tokens (credentials), nor the mail's body that
	// carries one, nor the recruiter's name.
	for what, secret := range map[string]string{
		"the first application's status token": firstToken, "the second application's status token": secondToken,
		"the mail's status link": "/applications/", "the mail's text": "Thank you for applying",
		"the recruiter's name": "Rita", "the recruiter's address": "rita@company.example",
	} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("the export holds %s (%q)", what, secret)
		}
	}

	if len(got.Applications) != 2 || got.Applications[0].ID != first || got.Applications[1].ID != secondID {
		t.Fatalf("applications: %+v", got.Applications)
	}
	a := got.Applications[0]
	checks := []struct{ field, got, want string }{
		{"email", got.Email, email("zoe.nunez", "EXAMPLE.com")},
		{"role.slug", a.Role.Slug[:len("export-past")], "export-past"},
		{"role.title", a.Role.Title, "Data Engineering Intern"},
		{"role.season", a.Role.Season, "Summer 2026"},
		{"full_name", a.FullName, exportee.FullName},
		{"email", a.Email, email("Zoe.Nunez", "Example.com")},
		{"phone", a.Phone, exportee.Phone},
		{"university", a.University, exportee.University},
		{"degree_level", a.DegreeLevel, "masters"},
		{"graduation", a.Graduation, "2028-06"},
		{"linkedin_url", a.LinkedInURL, exportee.LinkedIn},
		{"github_url", a.GitHubURL, exportee.GitHub},
		{"portfolio_url", a.Portfolio, exportee.Portfolio},
		{"why", a.Why, exportee.Why},
		{"stage", string(a.Stage), "take_home"},
		{"second role.title", got.Applications[1].Role.Title, "Studio Ops Intern — Animação"},
		{"second email", got.Applications[1].Email, email("zoe.nunez", "example.COM")},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	for _, ts := range []time.Time{a.ConsentedAt, a.CreatedAt, a.UpdatedAt} {
		if time.Since(ts) > time.Hour || ts.Location() != time.UTC {
			t.Errorf("timestamp %v: want a recent UTC time", ts)
		}
	}
	wantEvents := []string{"stage//applied//applicant", "stage/applied/take_home//recruiter", "note///Strong SQL; talked about Ñ handling/recruiter"}
	var events []string
	for _, e := range a.Events {
		events = append(events, strings.Join([]string{e.Kind, e.FromStage, e.ToStage, e.Note, e.By}, "/"))
	}
	if !slices.Equal(events, wantEvents) {
		t.Errorf("events:\n got %q\nwant %q", events, wantEvents)
	}
	sum := sha256.Sum256(resume1)
	if r := a.Resume; r == nil || !bytes.Equal(r.Data, resume1) || r.Size != len(resume1) || r.FileName != "cv.pdf" ||
		r.ContentType != "application/pdf" || r.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("resume: %+v", a.Resume)
	}
	if th := a.TakeHome; th == nil || th.Task != "Model the catalogue" || th.ExtensionReason == nil || *th.ExtensionReason != "Exámenes finales" ||
		th.ExtensionDecision == nil || *th.ExtensionDecision != "granted" || th.Work == nil || th.Work.Link != "https://github.com/zoe/catalogue" ||
		th.DueAt.Location() != time.UTC {
		t.Errorf("take-home: %+v", a.TakeHome)
	}
	if iv := a.Interviews; len(iv) != 1 || iv[0].Stage != "interview_1" || iv[0].Place != "Room 4" ||
		iv[0].Start.Format(time.RFC3339) != "2027-01-11T17:00:00Z" || iv[0].CancelledAt != nil {
		t.Errorf("interviews: %+v", a.Interviews)
	}
	if strings.Contains(out.String(), "Hidden Interviewer") || strings.Contains(out.String(), "hidden-iv@") {
		t.Error("the export names the interviewer")
	}
	if got.Applications[1].TakeHome != nil {
		t.Errorf("the second application was sent no take-home: %+v", got.Applications[1].TakeHome)
	}
	if r := got.Applications[1].Resume; r == nil || !bytes.Equal(r.Data, resume2) {
		t.Errorf("second resume: %+v", r)
	}
	if len(got.AlertSubscriptions) != 1 || got.AlertSubscriptions[0].Email != email("ZOE.NUNEZ", "example.com") ||
		!slices.Equal(got.AlertSubscriptions[0].Areas, []string{"technology", "business"}) ||
		got.AlertSubscriptions[0].DegreeLevel != "masters" || got.AlertSubscriptions[0].ConfirmedAt == nil ||
		got.AlertSubscriptions[0].UnsubscribedAt != nil {
		t.Errorf("alerts: %+v", got.AlertSubscriptions)
	}
	if len(got.Messages) != 1 || got.Messages[0].Subject != "We received your application" || got.Messages[0].State != "recorded" {
		t.Errorf("messages: %+v", got.Messages)
	}
	var detail string
	if err := pool.QueryRow(ctx, `SELECT actor || ': ' || detail FROM audit_log WHERE action = 'applicant.export' ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil {
		t.Fatalf("no audit entry: %v", err)
	}
	if want := fmt.Sprintf("command line: applications [%d %d], 1 alert subscriptions, 1 messages", first, secondID); detail != want {
		t.Errorf("audit %q, want %q", detail, want)
	}

	// An address nobody used: a clear error (exit 1), nothing printed.
	out.Reset()
	err = run(ctx, []string{"careers", "export", "--email", "nobody@example.com"}, envFrom(env), nil, &out)
	if !errors.Is(err, privacy.ErrNoPersonalData) || out.Len() != 0 {
		t.Fatalf("no match: %v, printed %q", err, out.String())
	}
	if _, usage := errors.AsType[usageError](err); usage {
		t.Fatal("no match is not a usage mistake")
	}
	err = run(ctx, []string{"careers", "export"}, envFrom(env), nil, io.Discard)
	if _, usage := errors.AsType[usageError](err); !usage {
		t.Fatalf("missing --email: %v", err)
	}
	// An erased application is not found by its old address.
	if err := privacy.NewStore(pool).Erase(ctx, recruiter, secondID, time.Now()); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"careers", "export", "--email", email("zoe.nunez", "example.com")}, envFrom(env), nil, &out); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), `"full_name"`); got != 1 {
		t.Errorf("after erasing one, the export shows %d applications", got)
	}
}

func TestRetentionCommand(t *testing.T) {
	ctx := context.Background()
	url := dbtest.URL(t)
	pool, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s := applications.NewStore(pool)
	env := map[string]string{"DATABASE_URL": url}
	// Whatever earlier tests left expired goes first.
	if err := run(ctx, []string{"careers", "retention", "run"}, envFrom(env), nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	// The embedded site.yaml's season is Summer 2027.
	// A role of the current season, so the command has no reason to warn
	// that site.yaml's season matches none.
	lifecycleRole(t, pool, "retention-cli-now", "Current Intern", "Summer 2027")
	old := lifecycleRole(t, pool, "retention-cli", "Old Intern", "Summer 2024")
	in := exportee
	in.Email = "retention-cli@example.com"
	expired := storeApplication(t, s, old, in, []byte("%PDF-1.4 old"))
	in.Email, in.SubmissionKey = "retention-cli-2@example.com", ""
	kept := storeApplication(t, s, old, in, []byte("%PDF-1.4 kept"))
	idleSince(t, pool, expired, time.Now().AddDate(0, -13, 0))
	idleSince(t, pool, kept, time.Now().AddDate(0, -11, 0))

	var out bytes.Buffer
	env["RETENTION_MONTHS"] = "12"
	if err := run(ctx, []string{"careers", "retention", "run"}, envFrom(env), nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "retention: anonymised 1 applications of seasons other than Summer 2027") {
		t.Errorf("output %q", out.String())
	}
	if erasedAt(t, pool, expired) == nil || erasedAt(t, pool, kept) != nil {
		t.Errorf("want %d anonymised and %d kept", expired, kept)
	}
	var actor string
	if err := pool.QueryRow(ctx, `SELECT actor FROM audit_log WHERE action = 'applications.retention' ORDER BY id DESC LIMIT 1`).Scan(&actor); err != nil || actor != "command line" {
		t.Errorf("audit actor %q, %v", actor, err)
	}
	for _, args := range [][]string{{"careers", "retention"}, {"careers", "retention", "walk"}} {
		if _, usage := errors.AsType[usageError](run(ctx, args, envFrom(env), nil, io.Discard)); !usage {
			t.Errorf("%v must be a usage error", args)
		}
	}
	env["RETENTION_MONTHS"] = "24m"
	if err := run(ctx, []string{"careers", "retention", "run"}, envFrom(env), nil, io.Discard); err == nil || !strings.Contains(err.Error(), "RETENTION_MONTHS") {
		t.Errorf("RETENTION_MONTHS=24m: %v", err)
	}
}

// TestServeRunsRetention: serve schedules the retention job through
// River: a leader inserts it when it starts (RunOnStart), a worker runs
// it, and the expired application is anonymised without anyone asking.
func TestServeRunsRetention(t *testing.T) {
	ctx := context.Background()
	url := dbtest.URL(t)
	pool, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s := applications.NewStore(pool)
	old := lifecycleRole(t, pool, "retention-serve", "Old Intern", "Summer 2023")
	in := exportee
	in.Email = "retention-serve@example.com"
	expired := storeApplication(t, s, old, in, []byte("%PDF-1.4 old"))
	idleSince(t, pool, expired, time.Now().AddDate(-3, 0, 0))
	// A run inserted within the hour would stand in for the one serve
	// inserts at start (unique by period): clear earlier tests' runs.
	if _, err := pool.Exec(ctx, `DELETE FROM river_job WHERE kind = $1`, privacy.RetentionArgs{}.Kind()); err != nil {
		t.Fatal(err)
	}

	logs := serveInProcess(t, map[string]string{"DATABASE_URL": url, "ADDR": freeAddr(t), "SHUTDOWN_DELAY": "0s"})
	// River elects a leader within seconds; one left behind by an
	// earlier test in this database expires within its TTL.
	deadline := time.Now().Add(45 * time.Second)
	for erasedAt(t, pool, expired) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the retention job never anonymised application %d; logs:\n%s", expired, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	var actor string
	if err := pool.QueryRow(ctx, `SELECT actor FROM audit_log WHERE action = 'applications.retention' ORDER BY id DESC LIMIT 1`).Scan(&actor); err != nil ||
		actor != privacy.RetentionActor.Label {
		t.Errorf("audit actor %q, %v", actor, err)
	}
	if !strings.Contains(logs.String(), "retention run") {
		t.Errorf("no log line for the run:\n%s", logs.String())
	}
}

// The README's backup and restore commands, run for real: pg_dump of a
// database holding an application with a resume, pg_restore into a fresh
// database, and the rows compared.
func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	url := dbtest.URL(t)
	pgDump, pgRestore := dbtest.PGTool(t, "pg_dump"), dbtest.PGTool(t, "pg_restore")
	pool, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s := applications.NewStore(pool)
	role := lifecycleRole(t, pool, "backup", "Backup Intern", "Summer 2027")
	in := exportee
	in.Email = "backup@example.com"
	resume := make([]byte, 200_000)
	_, _ = rand.Read(resume)
	copy(resume, "%PDF-1.7\n")
	id := storeApplication(t, s, role, in, resume)
	if err := s.AddNote(ctx, audit.Actor{Label: "Backup recruiter"}, id, "Ñote to keep"); err != nil {
		t.Fatal(err)
	}

	// A scratch database of our own, dropped at the end.
	var b [6]byte
	_, _ = rand.Read(b[:])
	scratch := "careers_restore_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close(context.Background()) })
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+scratch); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+scratch+" WITH (FORCE)"); err != nil {
			t.Errorf("drop %s: %v", scratch, err)
		}
	})
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + scratch
	restoredURL := u.String()

	dump := filepath.Join(t.TempDir(), "careers.dump")
	for _, c := range [][]string{
		{pgDump, "--format=custom", "--file=" + dump, "--dbname=" + url},
		{pgRestore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname=" + restoredURL, dump},
	} {
		cmdCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		out, err := exec.CommandContext(cmdCtx, c[0], c[1:]...).CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("%s: %v\n%s", filepath.Base(c[0]), err, out)
		}
	}

	restored, err := db.Open(ctx, restoredURL)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	// Every row of these tables, every column, as PostgreSQL prints it
	// (bytea in hex, so resumes compare byte for byte).
	compared := 0
	for _, table := range []string{"roles", "applications", "resumes", "application_events", "outgoing_mail", "audit_log", "goose_db_version"} {
		q := fmt.Sprintf(`SELECT coalesce(array_agg(t::text ORDER BY t::text), '{}') FROM %s t`, table)
		var want, got []string
		if err := pool.QueryRow(ctx, q).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if err := restored.QueryRow(ctx, q).Scan(&got); err != nil {
			t.Fatalf("restored %s: %v", table, err)
		}
		if !slices.Equal(want, got) {
			t.Errorf("%s: %d rows before, %d restored, or they differ", table, len(want), len(got))
		}
		compared += len(want)
	}
	var data []byte
	if err := restored.QueryRow(ctx, `SELECT data FROM resumes WHERE application_id = $1`, id).Scan(&data); err != nil || !bytes.Equal(data, resume) {
		t.Fatalf("restored resume: %d bytes, equal %v, %v", len(data), bytes.Equal(data, resume), err)
	}
	t.Logf("compared %d rows across 7 tables; the %d-byte resume is identical", compared, len(resume))

	// The README's check after a restore: the same migrations, applied
	// at the same times, nothing pending.
	var before, after bytes.Buffer
	for _, c := range []struct {
		url string
		out *bytes.Buffer
	}{{url, &before}, {restoredURL, &after}} {
		if err := run(ctx, []string{"careers", "migrate", "status"}, envFrom(map[string]string{"DATABASE_URL": c.url}), nil, c.out); err != nil {
			t.Fatal(err)
		}
	}
	if after.String() != before.String() || strings.Contains(after.String(), "Pending") {
		t.Errorf("migrate status on the restored database:\n%s\nbefore:\n%s", after.String(), before.String())
	}
	// And the README's last step: nobody stays signed in.
	if _, err := restored.Exec(ctx, `TRUNCATE sessions`); err != nil {
		t.Fatalf("TRUNCATE sessions: %v", err)
	}
}
