package questions_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/testkit"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var recruiter = audit.Actor{Label: "Test recruiter"}

func newRole(t *testing.T, pool *pgxpool.Pool, slug string) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(), `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ($1, 'Questioned Intern', 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2027', 'x', 'open', now() - interval '1 day')
		RETURNING id`, slug).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func labels(t *testing.T, s *questions.Store, role int64) string {
	t.Helper()
	qs, err := s.ForRole(context.Background(), role)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, q := range qs {
		if q.Position != i {
			t.Fatalf("question %q at position %d, index %d", q.Label, q.Position, i)
		}
		out = append(out, q.Label)
	}
	return strings.Join(out, ",")
}

func TestOrderMoveRemoveCopy(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := questions.NewStore(pool)
	role, other := newRole(t, pool, "order-a"), newRole(t, pool, "order-b")
	var qs []questions.Question
	for _, l := range []string{"A", "B", "C"} {
		q, _ := questions.Parse(questions.Form{Kind: "short_text", Label: l})
		qs = append(qs, q)
	}
	if err := s.Add(ctx, recruiter, role, qs); err != nil {
		t.Fatal(err)
	}
	got, _ := s.ForRole(ctx, role)
	if err := s.Move(ctx, recruiter, role, got[2].ID, true); err != nil {
		t.Fatal(err)
	}
	if l := labels(t, s, role); l != "A,C,B" {
		t.Fatalf("after moving C up: %s", l)
	}
	if err := s.Move(ctx, recruiter, role, got[0].ID, true); err != nil { // already first
		t.Fatal(err)
	}
	if err := s.Remove(ctx, recruiter, role, got[0].ID); err != nil {
		t.Fatal(err)
	}
	if l := labels(t, s, role); l != "C,B" {
		t.Fatalf("after removing A: %s", l)
	}
	if err := s.Remove(ctx, recruiter, other, got[1].ID); err == nil {
		t.Fatal("removed another role's question")
	}
	n, err := s.Copy(ctx, recruiter, other, role)
	if err != nil || n != 2 {
		t.Fatalf("copy: %d, %v", n, err)
	}
	if l := labels(t, s, other); l != "C,B" {
		t.Fatalf("copied: %s", l)
	}
}

// TestTwoEditorsAddAtOnce: positions stay whole when two recruiters add
// questions to one role at the same moment.
func TestTwoEditorsAddAtOnce(t *testing.T) {
	pool := dbtest.Pool(t)
	s := questions.NewStore(pool)
	role := newRole(t, pool, "two-editors")
	errs := testkit.Race(2, func(i int) error {
		q, _ := questions.Parse(questions.Form{Kind: "yes_no", Label: []string{"One?", "Two?"}[i]})
		return s.Add(context.Background(), recruiter, role, []questions.Question{q})
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if l := labels(t, s, role); l != "One?,Two?" && l != "Two?,One?" {
		t.Fatalf("labels %s", l)
	}
}

// TestAnswersKeepTheQuestionAsSeen: editing or removing a question after
// a student answered it leaves the stored answer and its question text
// as they were.
func TestAnswersKeepTheQuestionAsSeen(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := questions.NewStore(pool)
	apps := applications.NewStore(pool)
	role := newRole(t, pool, "kept-answers")
	q, _ := questions.Parse(questions.Form{Kind: "single_choice", Label: "Ciudad preferida", Options: "São Paulo\nLos Gatos", Required: true})
	if err := s.Add(ctx, recruiter, role, []questions.Question{q}); err != nil {
		t.Fatal(err)
	}
	qs, _ := s.ForRole(ctx, role)
	answers, errs := questions.Read(qs, questions.Values{Fields: map[string][]string{qs[0].Field(): {"São Paulo"}}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	in := applications.Input{FullName: "Ngozi O'Brien-Øvergård", Email: "ngozi@example.edu", University: "UFRJ", Degree: "bachelors",
		GradMonth: "6", GradYear: "2028", Why: "Because.", Consent: true}
	in.Normalize()
	tok, err := apps.Submit(ctx, role, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4")}, time.Now(), nil, questions.Save(answers))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := apps.ByToken(ctx, tok)

	edited, _ := questions.Parse(questions.Form{Kind: "single_choice", Label: "Which office?", Options: "Los Gatos\nLos Angeles"})
	if err := s.Update(ctx, recruiter, role, qs[0].ID, edited); err != nil {
		t.Fatal(err)
	}
	got, err := s.ForApplication(ctx, st.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("answers %v, %v", got, err)
	}
	if got[0].Label != "Ciudad preferida" || got[0].Display() != "São Paulo" || strings.Join(got[0].Options, "|") != "São Paulo|Los Gatos" {
		t.Fatalf("after the edit the answer reads %+v", got[0])
	}
	if err := s.Remove(ctx, recruiter, role, qs[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _ = s.ForApplication(ctx, st.ID)
	if len(got) != 1 || got[0].Label != "Ciudad preferida" || got[0].QuestionID != nil {
		t.Fatalf("after removing the question: %+v", got)
	}
}

// TestAnswersRollBackWithTheApplication: an answer the database refuses
// leaves no application behind (one transaction).
func TestAnswersRollBackWithTheApplication(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	apps := applications.NewStore(pool)
	role := newRole(t, pool, "rolled-back")
	tooLong := strings.Repeat("x", 10001) // over the column's CHECK
	in := applications.Input{FullName: "Léa Dubois", Email: "lea@example.edu", University: "Sorbonne", Degree: "bachelors",
		GradMonth: "6", GradYear: "2028", Why: "Because.", Consent: true}
	in.Normalize()
	_, err := apps.Submit(ctx, role, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4")}, time.Now(), nil,
		questions.Save([]questions.Answer{{Kind: questions.LongText, Label: "Essay", Text: tooLong}}))
	if err == nil {
		t.Fatal("an answer over the limit was stored")
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM applications WHERE role_id = $1`, role); n != 0 {
		t.Fatalf("%d applications stored without their answers", n)
	}
}
