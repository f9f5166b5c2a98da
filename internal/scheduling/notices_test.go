package scheduling_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/scheduling"
	"example.com/careers/internal/testkit"
	"example.com/careers/web"
)

// mailingStore is the store as cmd/careers wires it, with its own
// working queue (an instance) and rules.
func mailingStore(t *testing.T, pool *pgxpool.Pool, rules scheduling.Rules) *scheduling.Store {
	t.Helper()
	q := jobs.New(pool, jobs.Options{Work: true, Logger: slog.New(slog.DiscardHandler)})
	ob := mail.NewOutbox(pool, q, mail.Recorder{}, "careers.test")
	jobs.Add(q, ob.Worker())
	la, _ := time.LoadLocation("America/Los_Angeles")
	s := scheduling.NewStore(pool, scheduling.Options{Rules: rules, Queue: q, Outbox: ob,
		Write:     web.BookingMail{SiteName: "Internships", BaseURL: "http://careers.test", Location: la, Cutoff: rules.Cutoff}.Message,
		Organizer: scheduling.Person{Name: "Internships, Program Team", Email: "internships@careers.test"}})
	s.Register(q)
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = q.Stop(c)
	})
	return s
}

// calendars returns the invitations mailed to address, oldest first, as
// (method, sequence, uid, start).
func calendars(t *testing.T, pool *pgxpool.Pool, address string) [][4]string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `
		SELECT calendar_method, calendar FROM outgoing_mail WHERE recipient = $1 AND calendar <> '' ORDER BY id`, address)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][4]string
	for rows.Next() {
		var method, raw string
		if err := rows.Scan(&method, &raw); err != nil {
			t.Fatal(err)
		}
		cal, err := ical.NewDecoder(strings.NewReader(raw)).Decode()
		if err != nil {
			t.Fatalf("an invitation does not parse: %v", err)
		}
		ev := cal.Events()[0]
		uid, _ := ev.Props.Text(ical.PropUID)
		start, _ := ev.DateTimeStart(time.UTC)
		if m, _ := cal.Props.Text(ical.PropMethod); m != method {
			t.Errorf("METHOD %q in a message marked %q", m, method)
		}
		out = append(out, [4]string{method, ev.Props.Get(ical.PropSequence).Value, uid, start.Format(time.RFC3339)})
	}
	return out
}

// TestInvitationsFollowTheBooking: booked, moved to another
// interviewer's slot, cancelled: the student gets REQUEST 0, REQUEST 1,
// CANCEL 2 for one UID; the first interviewer REQUEST 0 then CANCEL 1;
// the second REQUEST 1 then CANCEL 2; reminders move and then go.
func TestInvitationsFollowTheBooking(t *testing.T) {
	f := newFixture(t, "invitations")
	ctx := context.Background()
	s := mailingStore(t, f.pool, scheduling.Rules{})
	other, err := accounts.NewStore(f.pool).Create(ctx, audit.CLI, accounts.NewAccount{Email: "other-iv@example.com", Name: "Ōtsuka Hana",
		Password: "long enough password 3", Interviewer: true})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(5 * 24 * time.Hour).Truncate(time.Hour)
	first := f.slot(t, start, 1)
	if err := s.Add(ctx, recruiter, []scheduling.NewSlot{{RoleID: f.role, Stage: applications.Interview1, AccountID: other.ID,
		Start: start.Add(24 * time.Hour), Length: time.Hour, Place: "Room 7; Building B", Capacity: 1}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	var second int64
	_ = f.pool.QueryRow(ctx, `SELECT id FROM interview_slots WHERE account_id = $1`, other.ID).Scan(&second)
	id := f.application(t)
	var email string
	_ = f.pool.QueryRow(ctx, `SELECT email FROM applications WHERE id = $1`, id).Scan(&email)

	b, err := s.Book(ctx, f.apps, id, first, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	reminders := func(state string) int {
		return testkit.Count(t, f.pool, `SELECT count(*) FROM river_job WHERE kind = 'interview_reminder' AND state = $1
			AND (args->>'booking_id')::bigint = $2`, state, b.ID)
	}
	if n := reminders("scheduled"); n != 2 {
		t.Fatalf("%d reminders scheduled after booking, want 2 (24 h and 1 h)", n)
	}
	if _, err := s.Reschedule(ctx, f.apps, id, second, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n, c := reminders("scheduled"), reminders("cancelled"); n != 2 || c != 2 {
		t.Fatalf("after the move: %d scheduled, %d cancelled; want 2 and 2", n, c)
	}
	if _, err := s.Cancel(ctx, id, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := reminders("scheduled"); n != 0 {
		t.Fatalf("%d reminders still scheduled after the cancel", n)
	}

	t1, t2 := start.UTC().Format(time.RFC3339), start.Add(24*time.Hour).UTC().Format(time.RFC3339)
	for who, want := range map[string][][4]string{
		email:                  {{"REQUEST", "0", b.UID, t1}, {"REQUEST", "1", b.UID, t2}, {"CANCEL", "2", b.UID, t2}},
		f.interviewer.Email:    {{"REQUEST", "0", b.UID, t1}, {"CANCEL", "1", b.UID, t2}},
		"other-iv@example.com": {{"REQUEST", "1", b.UID, t2}, {"CANCEL", "2", b.UID, t2}},
	} {
		got := calendars(t, f.pool, who)
		if len(got) != len(want) {
			t.Errorf("%s got %d invitations, want %d: %v", who, len(got), len(want), got)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s invitation %d: %v, want %v", who, i, got[i], want[i])
			}
		}
	}
	// The student's never names the interviewer; the interviewer's names
	// the student.
	if n := testkit.Count(t, f.pool, `SELECT count(*) FROM outgoing_mail WHERE recipient = $1
		AND (position('Chidinma' IN calendar) > 0 OR position('Chidinma' IN text_body) > 0 OR position('Ōtsuka' IN text_body) > 0)`, email); n != 0 {
		t.Error("the student's mail names an interviewer")
	}
}

// TestRemindersOnceAcrossInstancesAndNotAfterCancel: with two instances
// working the queue, the reminder of a booking goes once to each of
// student and interviewer; a booking cancelled first gets none.
func TestRemindersOnceAcrossInstancesAndNotAfterCancel(t *testing.T) {
	f := newFixture(t, "reminders")
	ctx := context.Background()
	rules := scheduling.Rules{Cutoff: time.Minute, Reminders: []time.Duration{time.Hour}}
	one, two := mailingStore(t, f.pool, rules), mailingStore(t, f.pool, rules)
	// Starting an hour and three seconds from now: the reminder is due in
	// three seconds.
	start := time.Now().Add(time.Hour + 3*time.Second)
	kept, dropped := f.slot(t, start, 1), f.slot(t, start.Add(2*time.Hour), 1)
	a, c := f.application(t), f.application(t)
	booked, err := one.Book(ctx, f.apps, a, kept, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := two.Book(ctx, f.apps, c, dropped, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := two.Cancel(ctx, c, time.Now()); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if testkit.Count(t, f.pool, `SELECT count(*) FROM river_job WHERE kind = 'interview_reminder' AND state = 'completed'
			AND (args->>'booking_id')::bigint = $1`, booked.ID) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the reminder did not run")
		}
	}
	var emailA, emailC string
	_ = f.pool.QueryRow(ctx, `SELECT email FROM applications WHERE id = $1`, a).Scan(&emailA)
	_ = f.pool.QueryRow(ctx, `SELECT email FROM applications WHERE id = $1`, c).Scan(&emailC)
	if n := testkit.Count(t, f.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'interview_reminder' AND recipient = $1`, emailA); n != 1 {
		t.Errorf("the student got %d reminders, want 1", n)
	}
	if n := testkit.Count(t, f.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'interview_reminder' AND recipient = $1`, f.interviewer.Email); n != 1 {
		t.Errorf("the interviewer got %d reminders, want 1", n)
	}
	if n := testkit.Count(t, f.pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'interview_reminder' AND recipient = $1`, emailC); n != 0 {
		t.Errorf("the cancelled booking's student got %d reminders", n)
	}
}

// TestLongerInterviewArranged: an application given 15 more minutes
// (an adjustment) gets invitations that end 15 minutes after its slot.
func TestLongerInterviewArranged(t *testing.T) {
	f := newFixture(t, "longer-interview")
	ctx := context.Background()
	s := mailingStore(t, f.pool, scheduling.Rules{})
	start := time.Now().Add(6 * 24 * time.Hour).Truncate(time.Hour)
	slot := f.slot(t, start, 1) // 45 minutes
	id := f.application(t)
	if _, err := f.pool.Exec(ctx, `UPDATE applications SET interview_extra_minutes = 15 WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Book(ctx, f.apps, id, slot, time.Now()); err != nil {
		t.Fatal(err)
	}
	var email, raw string
	_ = f.pool.QueryRow(ctx, `SELECT email FROM applications WHERE id = $1`, id).Scan(&email)
	for _, who := range []string{email, f.interviewer.Email} {
		if err := f.pool.QueryRow(ctx, `SELECT calendar FROM outgoing_mail WHERE recipient = $1 AND calendar <> '' ORDER BY id DESC LIMIT 1`, who).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		cal, err := ical.NewDecoder(strings.NewReader(raw)).Decode()
		if err != nil {
			t.Fatal(err)
		}
		end, err := cal.Events()[0].DateTimeEnd(time.UTC)
		if err != nil || !end.Equal(start.Add(60*time.Minute)) {
			t.Fatalf("%s's invitation ends %s (%v), want an hour after %s", who, end, err, start)
		}
	}
}
