package takehomes_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/takehomes"
	"example.com/careers/internal/testkit"
	"example.com/careers/web"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var recruiter = audit.Actor{Label: "Test recruiter"}

// instance is one serving process's queue, as cmd/careers wires it: the
// mail worker and the take-home reminders over the shared database.
type instance struct {
	queue *jobs.Queue
	store *takehomes.Store
}

func newInstance(t *testing.T, pool *pgxpool.Pool) instance {
	t.Helper()
	q := jobs.New(pool, jobs.Options{Work: true, Logger: slog.New(slog.DiscardHandler)})
	ob := mail.NewOutbox(pool, q, mail.Recorder{}, "careers.test")
	jobs.Add(q, ob.Worker())
	la, _ := time.LoadLocation("America/Los_Angeles")
	apps := applications.NewStore(pool)
	s := takehomes.NewStore(pool, q, apps, ob, web.TakeHomeMail{SiteName: "Internships", BaseURL: "http://careers.test", Location: la}.Message)
	s.Register(q)
	apps.AfterMove = s.AfterMove
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return instance{queue: q, store: s}
}

// apply stores an application to role and returns its id.
func apply(t *testing.T, pool *pgxpool.Pool, role int64, name, email string) int64 {
	t.Helper()
	in := applications.Input{FullName: name, Email: email, University: "Universidad de los Andes", Degree: "bachelors",
		GradMonth: "5", GradYear: "2028", Why: "Because I love it.", Consent: true, SubmissionKey: "key-" + email + "-0123456789"}
	in.Normalize()
	s := applications.NewStore(pool)
	tok, err := s.Submit(context.Background(), role, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4 cv")}, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.ByToken(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

// TestDueSoonReminderOnceAcrossInstances runs two instances of the queue
// over one database. The student whose work is not in hears once, even
// with the reminder queued twice; the student whose work came in early
// hears nothing, and their reminder is cancelled.
func TestDueSoonReminderOnceAcrossInstances(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	one, two := newInstance(t, pool), newInstance(t, pool)
	var role int64
	if err := pool.QueryRow(ctx, `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ('reminded', 'Reminded Intern', 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2027', 'x', 'open', now() - interval '1 day')
		RETURNING id`).Scan(&role); err != nil {
		t.Fatal(err)
	}
	if err := one.store.SaveTask(ctx, recruiter, takehomes.Task{RoleID: role, Body: "Write a tiny player.", AllowanceHours: 48}); err != nil {
		t.Fatal(err)
	}
	late := apply(t, pool, role, "Þórunn O'Brien-Åberg", "late@example.com")
	early := apply(t, pool, role, "陳美玲", "early@example.com")

	// Sent "48 hours ago" by one instance: due in 24 hours, so its
	// reminder is due now. Then queued again, plainly (no uniqueness), by
	// the other instance, as a second scheduler might.
	now := time.Now()
	if _, err := one.store.Send(ctx, recruiter, []int64{late}, now.Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	due := now // sent 48 hours ago with 48 hours allowed
	if err := two.queue.Insert(ctx, takehomes.DueSoonArgs{ApplicationID: late, DueAt: due.Unix()}, nil); err != nil {
		t.Fatal(err)
	}
	// The early student's reminder is a few seconds away, and their work
	// comes in before it.
	if _, err := two.store.Send(ctx, recruiter, []int64{early}, now.Add(3*time.Second-48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := two.store.Submit(ctx, early, takehomes.Work{Link: "https://github.com/early/player"}, now.Add(-47*time.Hour)); err != nil {
		t.Fatal(err)
	}

	// Wait for the late student's reminder, then past the early one's.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		done := testkit.Count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'take_home_due_soon' AND state = 'completed'
			AND (args->>'application_id')::bigint = $1`, late)
		if done >= 2 && time.Since(now) > 5*time.Second {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of the 2 reminder jobs of the late student completed", done)
		}
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'take_home_due_soon' AND recipient = 'late@example.com'
		AND position('Þórunn' IN text_body) > 0`); n != 1 {
		t.Errorf("the late student got %d reminders, want 1", n)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'take_home_due_soon' AND recipient = 'early@example.com'`); n != 0 {
		t.Errorf("the student whose work came in early got %d reminders", n)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'take_home_due_soon' AND state = 'cancelled'
		AND (args->>'application_id')::bigint = $1`, early); n != 1 {
		t.Errorf("the early student's reminder was not cancelled")
	}
}

// TestGradersAndRecruitersReminded: a day after the work came in, the
// grader without a scorecard is mailed and the one with a scorecard is
// not; a request for more time that waits reaches the recruiter who sent
// the take-home, and nobody else.
func TestGradersAndRecruitersReminded(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	one := newInstance(t, pool)
	staff := accounts.NewStore(pool)
	newAccount := func(n accounts.NewAccount) accounts.Account {
		acc, err := staff.Create(ctx, audit.CLI, n)
		if err != nil {
			t.Fatal(err)
		}
		return acc
	}
	sender := newAccount(accounts.NewAccount{Email: "amara@example.com", Name: "Amara Nwosu", Password: "long enough password 1"})
	newAccount(accounts.NewAccount{Email: "other-rec@example.com", Name: "Other Recruiter", Password: "long enough password 2"})
	slow := newAccount(accounts.NewAccount{Email: "slow@example.com", Name: "Søren Kierkegård", Password: "long enough password 3", Interviewer: true})
	done := newAccount(accounts.NewAccount{Email: "done@example.com", Name: "Done Grader", Password: "long enough password 4", Interviewer: true})
	var role int64
	if err := pool.QueryRow(ctx, `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ('graded', 'Graded Intern', 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2027', 'x', 'open', now() - interval '1 day')
		RETURNING id`).Scan(&role); err != nil {
		t.Fatal(err)
	}
	if err := one.store.SaveTask(ctx, recruiter, takehomes.Task{RoleID: role, Body: "Grade me.", AllowanceHours: 72}); err != nil {
		t.Fatal(err)
	}
	graded := apply(t, pool, role, "Aroha Ngāti", "graded@example.com")
	waiting := apply(t, pool, role, "José Ñandú", "waiting@example.com")
	apps := applications.NewStore(pool)
	for _, iv := range []int64{slow.ID, done.ID} {
		if err := apps.Assign(ctx, audit.CLI, graded, applications.TakeHome, iv); err != nil {
			t.Fatal(err)
		}
	}
	// Sent three days ago by Amara; the work came in 25 hours ago, and one
	// grader has written theirs; the other student asked for more time
	// three hours ago.
	now := time.Now()
	by := audit.Actor{AccountID: sender.ID, Label: "Amara Nwosu (amara@example.com)"}
	if _, err := one.store.Send(ctx, by, []int64{graded, waiting}, now.Add(-60*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO scorecards (application_id, stage, account_id, kit, ratings, evidence, recommendation)
		VALUES ($1, 'take_home', $2, '{}', '{}', '{}', 'yes')`, graded, done.ID); err != nil {
		t.Fatal(err)
	}
	if err := one.store.Submit(ctx, graded, takehomes.Work{Link: "https://github.com/aroha/work"}, now.Add(-25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := one.store.RequestExtension(ctx, waiting, "Tengo exámenes esta semana.", now.Add(-3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		n := testkit.Count(t, pool, `SELECT count(*) FROM river_job WHERE kind IN ('take_home_grade', 'take_home_extension') AND state = 'completed'
			AND (args->>'application_id')::bigint IN ($1, $2)`, graded, waiting)
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of the 2 reminder jobs completed", n)
		}
	}
	for _, c := range []struct {
		kind, to, text string
		want           int
	}{
		{"take_home_grade", "slow@example.com", "Aroha Ngāti", 1},
		{"take_home_grade", "done@example.com", "", 0},
		{"take_home_extension_waiting", "amara@example.com", "José Ñandú", 1},
		{"take_home_extension_waiting", "other-rec@example.com", "", 0},
	} {
		if n := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE kind = $1 AND recipient = $2 AND position($3 IN text_body) > 0`,
			c.kind, c.to, c.text); n != c.want {
			t.Errorf("%s to %s: %d, want %d", c.kind, c.to, n, c.want)
		}
	}
}

// TestSendAndDecideRaces: two sends at once give one take-home, one
// mail and no error; an extension never shortens the time, and is not
// decided once the application has left the stage.
func TestSendAndDecideRaces(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	one := newInstance(t, pool)
	var role int64
	if err := pool.QueryRow(ctx, `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ('raced', 'Raced Intern', 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2027', 'x', 'open', now() - interval '1 day')
		RETURNING id`).Scan(&role); err != nil {
		t.Fatal(err)
	}
	if err := one.store.SaveTask(ctx, recruiter, takehomes.Task{RoleID: role, Body: "Race me.", AllowanceHours: 72}); err != nil {
		t.Fatal(err)
	}
	id := apply(t, pool, role, "Élodie Brontë", "raced@example.com")
	now := time.Now()
	errs := testkit.Race(4, func(int) error {
		_, err := one.store.Send(ctx, recruiter, []int64{id}, now)
		return err
	})
	for _, err := range errs {
		if err != nil {
			t.Fatalf("a send at the same time failed: %v", err)
		}
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'take_home_sent' AND recipient = 'raced@example.com'`); n != 1 {
		t.Errorf("%d take-home mails, want 1", n)
	}
	if err := one.store.RequestExtension(ctx, id, "Family wedding abroad.", now); err != nil {
		t.Fatal(err)
	}
	th, err := one.store.ForApplication(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := one.store.DecideExtension(ctx, recruiter, id, true, th.DueAt.Add(-time.Hour), now); !errors.Is(err, takehomes.ErrBadDue) {
		t.Errorf("granting less time: %v, want ErrBadDue", err)
	}
	if err := applications.NewStore(pool).MoveStages(ctx, recruiter, []applications.Move{{ID: id, From: "take_home", To: "rejected"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := one.store.DecideExtension(ctx, recruiter, id, true, th.DueAt.Add(time.Hour), now); !errors.Is(err, takehomes.ErrStageOver) {
		t.Errorf("granting after the stage: %v, want ErrStageOver", err)
	}
}
