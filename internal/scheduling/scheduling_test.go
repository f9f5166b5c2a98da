package scheduling_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/scheduling"
	"example.com/careers/internal/testkit"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var recruiter = audit.Actor{Label: "Test recruiter"}

// fixture is a role, an interviewer and a way to make applications at
// the first interview round.
type fixture struct {
	pool        *pgxpool.Pool
	apps        *applications.Store
	store       *scheduling.Store
	role        int64
	interviewer accounts.Account
	n           int
}

func newFixture(t *testing.T, slug string) *fixture {
	t.Helper()
	ctx := context.Background()
	pool := dbtest.Pool(t)
	f := &fixture{pool: pool, apps: applications.NewStore(pool), store: scheduling.NewStore(pool, scheduling.Options{})}
	if err := pool.QueryRow(ctx, `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ($1, 'Scheduled Intern', 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2027', 'x', 'open', now() - interval '1 day')
		RETURNING id`, slug).Scan(&f.role); err != nil {
		t.Fatal(err)
	}
	var err error
	f.interviewer, err = accounts.NewStore(pool).Create(ctx, audit.CLI, accounts.NewAccount{
		Email: slug + "@example.com", Name: "Chidinma O'Connor-Nakamura", Password: "long enough password 1", Interviewer: true})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// application makes an application at interview round 1.
func (f *fixture) application(t *testing.T) int64 {
	t.Helper()
	f.n++
	in := applications.Input{FullName: fmt.Sprintf("Sørina Ñúñez %d", f.n), Email: fmt.Sprintf("s%d-%d@example.com", f.role, f.n),
		University: "IIT Madras", Degree: "bachelors", GradMonth: "5", GradYear: "2028", Why: "Because.", Consent: true}
	in.Normalize()
	tok, err := f.apps.Submit(context.Background(), f.role, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4 cv")}, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.apps.ByToken(context.Background(), tok)
	if _, err := f.pool.Exec(context.Background(), `UPDATE applications SET stage = 'interview_1' WHERE id = $1`, st.ID); err != nil {
		t.Fatal(err)
	}
	return st.ID
}

// slot publishes one slot and returns its id.
func (f *fixture) slot(t *testing.T, start time.Time, capacity int) int64 {
	t.Helper()
	ctx := context.Background()
	if err := f.store.Add(ctx, recruiter, []scheduling.NewSlot{{RoleID: f.role, Stage: applications.Interview1, AccountID: f.interviewer.ID,
		Start: start, Length: 45 * time.Minute, Place: "https://meet.example.com/abc", Capacity: capacity}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := f.pool.QueryRow(ctx, `SELECT id FROM interview_slots WHERE role_id = $1 AND lower(during) = $2`, f.role, start).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestLastSeatRace: two students race for the last seat, twenty times:
// each time one booking, the other told it was taken, and the slot never
// holds more than its capacity.
func TestLastSeatRace(t *testing.T) {
	f := newFixture(t, "race-seat")
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	for round := range 20 {
		slot := f.slot(t, start.Add(time.Duration(round)*time.Hour), 1)
		a, b := f.application(t), f.application(t)
		errs := testkit.Race(2, func(i int) error {
			_, err := f.store.Book(context.Background(), f.apps, []int64{a, b}[i], slot, time.Now())
			return err
		})
		testkit.ExactlyOneWins(t, errs, scheduling.ErrTaken)
		if n := testkit.Count(t, f.pool, `SELECT count(*) FROM interview_bookings WHERE slot_id = $1 AND cancelled_at IS NULL`, slot); n != 1 {
			t.Fatalf("round %d: %d bookings of a one-seat slot", round, n)
		}
		if n := testkit.Count(t, f.pool, `SELECT booked FROM interview_slots WHERE id = $1`, slot); n != 1 {
			t.Fatalf("round %d: the slot counts %d booked", round, n)
		}
	}
}

// TestInterviewerNeverDoubleBooked: overlapping slots for one interviewer
// are refused by the database, even from two connections at once; another
// interviewer at the same time is fine.
func TestInterviewerNeverDoubleBooked(t *testing.T) {
	f := newFixture(t, "no-overlap")
	ctx := context.Background()
	start := time.Now().Add(96 * time.Hour).Truncate(time.Hour)
	f.slot(t, start, 1)
	err := f.store.Add(ctx, recruiter, []scheduling.NewSlot{{RoleID: f.role, Stage: applications.Interview1, AccountID: f.interviewer.ID,
		Start: start.Add(30 * time.Minute), Length: time.Hour, Place: "Room 4", Capacity: 1}}, time.Now())
	if oe, ok := errors.AsType[*scheduling.OverlapError](err); !ok || !oe.Start.Equal(start.Add(30*time.Minute)) {
		t.Fatalf("an overlapping slot: %v", err)
	}
	// Two instances (two pools) add overlapping slots at once: one wins.
	later := start.Add(24 * time.Hour)
	other, err := db.Open(ctx, dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	stores := []*scheduling.Store{f.store, scheduling.NewStore(other, scheduling.Options{})}
	for round := range 10 {
		at := later.Add(time.Duration(round) * 2 * time.Hour)
		errs := testkit.Race(2, func(i int) error {
			return stores[i].Add(ctx, recruiter, []scheduling.NewSlot{{RoleID: f.role, Stage: applications.Interview1, AccountID: f.interviewer.ID,
				Start: at.Add(time.Duration(i) * 15 * time.Minute), Length: time.Hour, Place: "Room 4", Capacity: 1}}, time.Now())
		})
		wins := 0
		for _, err := range errs {
			if err == nil {
				wins++
			} else if _, ok := errors.AsType[*scheduling.OverlapError](err); !ok {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d overlapping slots stored", round, wins)
		}
	}
	if n := testkit.Count(t, f.pool, `
		SELECT count(*) FROM interview_slots a JOIN interview_slots b ON a.account_id = b.account_id AND a.id < b.id AND a.during && b.during`); n != 0 {
		t.Fatalf("%d overlapping pairs in the database", n)
	}
	// Another interviewer at the very same time is fine.
	second, err := accounts.NewStore(f.pool).Create(ctx, audit.CLI, accounts.NewAccount{Email: "second-iv@example.com", Name: "Second",
		Password: "long enough password 2", Interviewer: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Add(ctx, recruiter, []scheduling.NewSlot{{RoleID: f.role, Stage: applications.Interview1, AccountID: second.ID,
		Start: start, Length: 45 * time.Minute, Place: "Room 5", Capacity: 1}}, time.Now()); err != nil {
		t.Fatalf("another interviewer at the same time: %v", err)
	}
}

// TestWeeklyPatternAcrossDaylightSaving: 09:00 and 14:30 on Mondays and
// Thursdays in Los Angeles, across the November 1, 2026 change, are
// those times on the clock before and after (7 hours behind UTC before,
// 8 after), and a time in the spring-forward gap is skipped.
func TestWeeklyPatternAcrossDaylightSaving(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	starts, err := scheduling.Pattern{
		From: time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC),
		Weekdays: []time.Weekday{time.Monday, time.Thursday}, Times: []string{"09:00", "14:30"}, Location: la,
	}.Starts()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2026-10-26T16:00:00Z", "2026-10-26T21:30:00Z", // Monday, PDT (UTC-7)
		"2026-10-29T16:00:00Z", "2026-10-29T21:30:00Z", // Thursday, PDT
		"2026-11-02T17:00:00Z", "2026-11-02T22:30:00Z", // Monday, PST (UTC-8)
		"2026-11-05T17:00:00Z", "2026-11-05T22:30:00Z", // Thursday, PST
	}
	if len(starts) != len(want) {
		t.Fatalf("%d starts, want %d: %v", len(starts), len(want), starts)
	}
	for i, s := range starts {
		if got := s.UTC().Format(time.RFC3339); got != want[i] {
			t.Errorf("start %d = %s, want %s", i, got, want[i])
		}
	}
	// A student in Kolkata reads the first at 21:30 IST, the fifth at 22:30.
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	if got := starts[0].In(kolkata).Format("Mon 15:04 MST"); got != "Mon 21:30 IST" {
		t.Errorf("in Kolkata: %s", got)
	}
	if got := starts[4].In(kolkata).Format("Mon 15:04 MST"); got != "Mon 22:30 IST" {
		t.Errorf("in Kolkata after the change: %s", got)
	}
	// 02:30 on March 8, 2026 does not exist in Los Angeles: skipped.
	gap, err := scheduling.Pattern{From: time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC),
		Weekdays: []time.Weekday{time.Sunday}, Times: []string{"02:30", "10:00"}, Location: la}.Starts()
	if err != nil || len(gap) != 1 || gap[0].UTC().Format(time.RFC3339) != "2026-03-08T17:00:00Z" {
		t.Errorf("the spring-forward gap: %v %v", gap, err)
	}
}

// TestRescheduleAndCancelRules: a booking moves within the limit and
// the cutoff, keeps its UID and counts up its sequence; a cancel frees
// the seat; too close to the interview nothing changes.
func TestRescheduleAndCancelRules(t *testing.T) {
	f := newFixture(t, "moves")
	ctx := context.Background()
	base := time.Now().Add(120 * time.Hour).Truncate(time.Hour)
	s1, s2, s3 := f.slot(t, base, 1), f.slot(t, base.Add(2*time.Hour), 1), f.slot(t, base.Add(4*time.Hour), 1)
	id := f.application(t)
	b, err := f.store.Book(ctx, f.apps, id, s1, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Book(ctx, f.apps, id, s2, time.Now()); !errors.Is(err, scheduling.ErrAlreadyBooked) {
		t.Fatalf("booking twice: %v", err)
	}
	var at time.Time
	if err := f.pool.QueryRow(ctx, `SELECT interview_at FROM interview_assignments WHERE application_id = $1 AND account_id = $2`, id, f.interviewer.ID).Scan(&at); err != nil || !at.Equal(base) {
		t.Fatalf("the interviewer is not assigned at the booked time: %v %v", at, err)
	}
	b2, err := f.store.Reschedule(ctx, f.apps, id, s2, time.Now())
	if err != nil || b2.UID != b.UID || b2.Sequence != 1 || !b2.Slot.Start.Equal(base.Add(2*time.Hour)) {
		t.Fatalf("reschedule: %+v %v", b2, err)
	}
	if _, err := f.store.Reschedule(ctx, f.apps, id, s3, time.Now()); err != nil {
		t.Fatalf("second reschedule: %v", err)
	}
	if _, err := f.store.Reschedule(ctx, f.apps, id, s1, time.Now()); !errors.Is(err, scheduling.ErrLimit) {
		t.Fatalf("a third reschedule: %v", err)
	}
	for slot, want := range map[int64]int{s1: 0, s2: 0, s3: 1} {
		if n := testkit.Count(t, f.pool, `SELECT booked FROM interview_slots WHERE id = $1`, slot); n != want {
			t.Errorf("slot %d counts %d booked, want %d", slot, n, want)
		}
	}
	// Within 12 hours of the interview: no cancel here.
	if _, err := f.store.Cancel(ctx, id, base.Add(-8*time.Hour)); !errors.Is(err, scheduling.ErrTooLate) {
		t.Fatalf("cancel within the cutoff: %v", err)
	}
	c, err := f.store.Cancel(ctx, id, time.Now())
	if err != nil || c.Sequence != 3 || c.UID != b.UID {
		t.Fatalf("cancel: %+v %v", c, err)
	}
	if n := testkit.Count(t, f.pool, `SELECT booked FROM interview_slots WHERE id = $1`, s3); n != 0 {
		t.Error("the cancelled seat is not free")
	}
	if err := f.store.Remove(ctx, recruiter, f.role, s3); !errors.Is(err, scheduling.ErrBooked) {
		t.Errorf("removing a slot with a (cancelled) booking: %v", err)
	}
	s4 := f.slot(t, base.Add(6*time.Hour), 1)
	if err := f.store.Remove(ctx, recruiter, f.role, s4); err != nil {
		t.Errorf("removing an unbooked slot: %v", err)
	}
}
