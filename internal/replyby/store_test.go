package replyby_test

import (
	"context"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/replyby"
	"example.com/careers/internal/testkit"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var la = func() *time.Location {
	l, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	return l
}()

func rules() replyby.Rules {
	return replyby.Rules{
		Defaults: replyby.Levels{Applied: 10, TakeHome: 5, Interview: 5},
		Calendar: replyby.NewCalendar(la, []time.Time{time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}),
		WarnDays: 2,
	}
}

type fixture struct {
	pool  *pgxpool.Pool
	apps  *applications.Store
	store *replyby.Store
	role  int64
}

func newFixture(t *testing.T, slug string) fixture {
	t.Helper()
	pool := dbtest.Pool(t)
	f := fixture{pool: pool, apps: applications.NewStore(pool), store: replyby.NewStore(pool, rules())}
	f.apps.ReplyBy = f.store.RefreshTx
	if err := pool.QueryRow(context.Background(), `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ($1, 'Reply Intern', 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2027', 'x', 'open', now() - interval '1 day')
		RETURNING id`, slug).Scan(&f.role); err != nil {
		t.Fatal(err)
	}
	return f
}

// apply makes an application and backdates its stage to entered.
func (f fixture) apply(t *testing.T, name string, entered time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	in := applications.Input{FullName: name, Email: strconv.FormatInt(time.Now().UnixNano(), 36) + "@example.com", University: "Universidad de Chile",
		Degree: "bachelors", GradMonth: "5", GradYear: "2028", Why: "Porque sí.", Consent: true, SubmissionKey: "key-" + strconv.FormatInt(time.Now().UnixNano(), 10)}
	in.Normalize()
	tok, err := f.apps.Submit(ctx, f.role, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4 x")}, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.apps.ByToken(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if st.ReplyBy == nil {
		t.Fatal("a new application has no reply-by")
	}
	f.enteredAt(t, st.ID, entered)
	return st.ID
}

func (f fixture) enteredAt(t *testing.T, id int64, at time.Time) {
	t.Helper()
	if _, err := f.pool.Exec(context.Background(), `UPDATE applications SET stage_entered_at = $2 WHERE id = $1`, id, at); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Refresh(context.Background(), id); err != nil {
		t.Fatal(err)
	}
}

func (f fixture) replyBy(t *testing.T, id int64) *time.Time {
	t.Helper()
	var due *time.Time
	if err := f.pool.QueryRow(context.Background(), `SELECT reply_by FROM applications WHERE id = $1`, id).Scan(&due); err != nil {
		t.Fatal(err)
	}
	return due
}

func at(s string) time.Time {
	v, err := time.ParseInLocation("2006-01-02 15:04", s, la)
	if err != nil {
		panic(err)
	}
	return v
}

func day(s string) time.Time { return at(s + " 00:00") } // the midnight that starts it

// TestReplyByFollowsTheStage: applying counts 10 working days over
// Thanksgiving; a take-home owes nothing until handed in, then 5 days
// from the hand-in; an interview round counts from its interview once a
// time is set; an offer owes none; a role's own level wins and applies
// to its open applications at once.
func TestReplyByFollowsTheStage(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "reply-by-stages")
	id := f.apply(t, "Zoë O'Connor-Ngũgĩ", at("2026-11-20 15:00"))
	// 23, 24, 25, (26, 27 holidays), 30, 1, 2, 3, 4, 7, 8: the 10th
	// working day is Tuesday 8 December; due at the midnight ending it.
	if got := f.replyBy(t, id); got == nil || !got.Equal(day("2026-12-09")) {
		t.Fatalf("applied: reply-by %v", got)
	}
	move := func(from, to applications.Stage) {
		t.Helper()
		m := applications.Move{ID: id, From: from, To: to, Override: "Scorecards are not this test's subject."}
		if err := f.apps.MoveStages(ctx, audit.CLI, []applications.Move{m}, nil); err != nil {
			t.Fatal(err)
		}
	}
	move(applications.Applied, applications.TakeHome)
	if got := f.replyBy(t, id); got != nil {
		t.Fatalf("take-home not handed in: reply-by %v", got)
	}
	var answered *time.Time
	if err := f.pool.QueryRow(ctx, `SELECT reply_by FROM application_events WHERE application_id = $1 AND to_stage = 'take_home'`, id).Scan(&answered); err != nil ||
		answered == nil || !answered.Equal(day("2026-12-09")) {
		t.Fatalf("the move's event keeps the reply-by it answered: %v %v", answered, err)
	}
	// A hand-in on Friday 4 December: five working days to Friday 11.
	if err := pgx.BeginFunc(ctx, f.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO take_homes (application_id, body, sent_at, sent_by, first_due_at, due_at)
			VALUES ($1, 'task', $2, 'x', $3, $3)`, id, at("2026-12-01 09:00"), at("2026-12-08 09:00")); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO take_home_submissions (application_id, kind, link, submitted_at) VALUES ($1, 'link', 'https://example.com/w', $2)`,
			id, at("2026-12-04 17:00")); err != nil {
			return err
		}
		return f.apps.RefreshReplyBy(ctx, tx, id)
	}); err != nil {
		t.Fatal(err)
	}
	if got := f.replyBy(t, id); got == nil || !got.Equal(day("2026-12-12")) {
		t.Fatalf("handed in: reply-by %v", got)
	}

	move(applications.TakeHome, applications.Interview1)
	f.enteredAt(t, id, at("2026-12-07 10:00"))
	if got := f.replyBy(t, id); got == nil || !got.Equal(day("2026-12-15")) {
		t.Fatalf("interview round, no time yet: reply-by %v (from entering the round)", got)
	}
	iv, err := accounts.NewStore(f.pool).Create(ctx, audit.CLI, accounts.NewAccount{Email: "iv-reply@example.com", Name: "Łucja Wróbel",
		Password: "a long enough password", Interviewer: true})
	if err != nil {
		t.Fatal(err)
	}
	when := at("2026-12-10 14:00")
	if err := f.apps.AssignAt(ctx, audit.CLI, id, applications.Interview1, iv.ID, &when); err != nil {
		t.Fatal(err)
	}
	if got := f.replyBy(t, id); got == nil || !got.Equal(day("2026-12-18")) {
		t.Fatalf("interview on 10 December: reply-by %v", got)
	}

	// The role's own level: three working days from the interview.
	if err := f.store.SetRoleLevels(ctx, f.role, replyby.Levels{Interview: 3}); err != nil {
		t.Fatal(err)
	}
	if got := f.replyBy(t, id); got == nil || !got.Equal(day("2026-12-16")) {
		t.Fatalf("role's own level: reply-by %v", got)
	}
	move(applications.Interview1, applications.Offer)
	if got := f.replyBy(t, id); got != nil {
		t.Fatalf("offer: reply-by %v", got)
	}
}

// TestLateListAndDigest: the late list holds exactly the applications
// past or within two working days of their reply-by, earliest first;
// the digest goes once a day to each recruiter and admin (not to
// interviewers), however many instances run it, and not before 8 a.m.
// or on a weekend.
func TestLateListAndDigest(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "reply-by-late")
	// Ten working days from each, Thanksgiving off: by Monday 30
	// November (late on Wednesday 2 December), by Friday 4 December (the
	// second working day from then: near), by Friday 11 (not yet).
	late := f.apply(t, "Seán Ó Briain", at("2026-11-12 10:00"))
	near := f.apply(t, "山田 花子", at("2026-11-18 10:00"))
	later := f.apply(t, "Mỹ Nguyễn", at("2026-11-25 10:00"))
	now := at("2026-12-02 09:30")
	list, err := f.store.Late(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range list.Rows {
		ids = append(ids, r.ID)
	}
	if len(ids) != 2 || ids[0] != late || ids[1] != near || list.Overdue != 1 || !list.Rows[0].Overdue || list.Rows[1].Overdue {
		t.Fatalf("late list %v (overdue %d, %+v), want [%d %d] with the first overdue; %d is not due", ids, list.Overdue, list.Rows, late, near, later)
	}

	staff := accounts.NewStore(f.pool)
	for _, a := range []accounts.NewAccount{
		{Email: "rec-reply@example.com", Name: "Nguyễn Thị Ánh", Password: "a long enough password"},
		{Email: "admin-reply@example.com", Name: "Þóra Guðmundsdóttir", Password: "a long enough password", Admin: true},
		{Email: "iv-late@example.com", Name: "Ōta Hiroshi", Password: "a long enough password", Interviewer: true},
	} {
		if _, err := staff.Create(ctx, audit.CLI, a); err != nil {
			t.Fatal(err)
		}
	}
	q := jobs.New(f.pool, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
	ob := mail.NewOutbox(f.pool, q, mail.Recorder{}, "careers.test")
	worker := func(clock time.Time) *replyby.DigestWorker {
		return &replyby.DigestWorker{Pool: f.pool, Store: f.store, Outbox: ob, Now: func() time.Time { return clock },
			Write: func(_ context.Context, to replyby.Recipient, l replyby.LateList, d time.Time) (mail.Message, error) {
				return mail.Message{Kind: "reply_by_digest", Key: replyby.DigestKey(to.AccountID, d), To: to.Email,
					Subject: strconv.Itoa(len(l.Rows)) + " late", Text: "x"}, nil
			}}
	}
	digests := func() int {
		return testkit.Count(t, f.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'reply_by_digest'`)
	}
	// Too early, then on a Saturday: nothing.
	if err := worker(at("2026-12-02 07:59")).Work(ctx, nil); err != nil || digests() != 0 {
		t.Fatalf("before 8: %d digests, %v", digests(), err)
	}
	if err := worker(at("2026-12-05 10:00")).Work(ctx, nil); err != nil || digests() != 0 {
		t.Fatalf("Saturday: %d digests, %v", digests(), err)
	}
	// Two instances, twice each, on Wednesday morning: one each.
	errs := testkit.Race(4, func(i int) error {
		return worker(at("2026-12-02 08:05").Add(time.Duration(i)*20*time.Minute)).Work(ctx, nil)
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := digests(); n != 2 {
		t.Fatalf("%d digests, want one for the recruiter and one for the admin", n)
	}
	if n := testkit.Count(t, f.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'reply_by_digest' AND recipient = 'iv-late@example.com'`); n != 0 {
		t.Fatal("an interviewer got the digest")
	}
	// The next working day brings the next one.
	if err := worker(at("2026-12-03 09:00")).Work(ctx, nil); err != nil || digests() != 4 {
		t.Fatalf("next day: %d digests, %v", digests(), err)
	}
}
