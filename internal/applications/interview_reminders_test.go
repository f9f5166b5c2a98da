package applications_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/testkit"
	"example.com/careers/web"
)

// TestInterviewerRemindedOfMissingScorecard: a day after the interview,
// the interviewer without a scorecard is mailed once, the one who wrote
// theirs is not; an application that leaves the stage first has its
// reminder cancelled.
func TestInterviewerRemindedOfMissingScorecard(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	q := jobs.New(pool, jobs.Options{Work: true, Logger: slog.New(slog.DiscardHandler)})
	ob := mail.NewOutbox(pool, q, mail.Recorder{}, "careers.test")
	jobs.Add(q, ob.Worker())
	la, _ := time.LoadLocation("America/Los_Angeles")
	jobs.Add(q, &applications.InterviewReminderWorker{Pool: pool, Outbox: ob,
		Write: web.InterviewMail{SiteName: "Internships", BaseURL: "http://careers.test", Location: la}.Message})
	s := applications.NewStore(pool)
	s.Jobs = q
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = q.Stop(c)
	})
	staff := accounts.NewStore(pool)
	var ivs []accounts.Account
	for _, n := range []accounts.NewAccount{
		{Email: "ngozi@example.com", Name: "Ngozi Okonkwo-Adébáyọ̀", Password: "long enough password 1", Interviewer: true},
		{Email: "mateo@example.com", Name: "Mateo D'Angelo", Password: "long enough password 2", Interviewer: true},
	} {
		acc, err := staff.Create(ctx, audit.CLI, n)
		if err != nil {
			t.Fatal(err)
		}
		ivs = append(ivs, acc)
	}
	role := newRole(t, pool, "interview-reminders", roles.StatusOpen)
	submit := func(email string) int64 {
		tok, err := s.Submit(ctx, role, input(email), applications.Resume{FileName: "cv.pdf", Data: pdf}, time.Now(), nil)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := s.ByToken(ctx, tok)
		for _, m := range [][2]applications.Stage{{"applied", "take_home"}, {"take_home", "interview_1"}} {
			if err := s.MoveStages(ctx, audit.CLI, []applications.Move{{ID: st.ID, From: m[0], To: m[1], Override: "test"}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		return st.ID
	}
	met, movedOn := submit("met@example.com"), submit("moved@example.com")

	// Met 25 hours ago: the reminder is due now. Mateo has written his.
	at := time.Now().Add(-25 * time.Hour)
	for _, iv := range ivs {
		if err := s.AssignAt(ctx, audit.CLI, met, applications.Interview1, iv.ID, &at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO scorecards (application_id, stage, account_id, kit, ratings, evidence, recommendation)
		VALUES ($1, 'interview_1', $2, '{}', '{}', '{}', 'yes')`, met, ivs[1].ID); err != nil {
		t.Fatal(err)
	}
	// Meeting tomorrow, but moved on today: nothing to remind.
	tomorrow := time.Now().Add(24 * time.Hour)
	if err := s.AssignAt(ctx, audit.CLI, movedOn, applications.Interview1, ivs[0].ID, &tomorrow); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveStages(ctx, audit.CLI, []applications.Move{{ID: movedOn, From: "interview_1", To: "interview_2", Override: "enough"}}, nil); err != nil {
		t.Fatal(err)
	}

	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if testkit.Count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'interview_scorecard' AND state = 'completed'
			AND (args->>'application_id')::bigint = $1`, met) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the two interviewers' reminder jobs did not run")
		}
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'interview_scorecard' AND recipient = 'ngozi@example.com'
		AND position('Ngozi' IN text_body) > 0 AND position('Interview, round 1' IN text_body) > 0`); n != 1 {
		t.Errorf("Ngozi got %d reminders, want 1", n)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM outgoing_mail WHERE kind = 'interview_scorecard' AND recipient <> 'ngozi@example.com'`); n != 0 {
		t.Errorf("%d reminders to interviewers who did not need one", n)
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM river_job WHERE kind = 'interview_scorecard' AND state = 'cancelled'
		AND (args->>'application_id')::bigint = $1`, movedOn); n != 1 {
		t.Error("the reminder of the application that moved on was not cancelled")
	}
}
