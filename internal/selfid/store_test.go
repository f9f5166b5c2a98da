package selfid_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/selfid"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func role(t *testing.T, pool *pgxpool.Pool, title, season string) int64 {
	t.Helper()
	slug := "selfid-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	var id int64
	if err := pool.QueryRow(context.Background(), `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		VALUES ($1, $2, 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', $3, 'x', 'open', now() - interval '1 day')
		RETURNING id`, slug, title, season).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func applicant(t *testing.T, pool *pgxpool.Pool, roleID int64, name, email string) int64 {
	t.Helper()
	s := applications.NewStore(pool)
	in := applications.Input{FullName: name, Email: email, University: "Universidad de Chile", Degree: "bachelors",
		GradMonth: "5", GradYear: "2028", Why: "Por qué no.", Consent: true}
	in.Normalize()
	tok, err := s.Submit(context.Background(), roleID, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4 x")}, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.ByToken(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

func TestSaveReplaceRemove(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := selfid.NewStore(pool)
	id := applicant(t, pool, role(t, pool, "Data Intern", "Summer 2027"), "Siobhán O'Connor-Ngũgĩ", "siobhan@example.com")
	if a, err := s.ForApplication(ctx, id); err != nil || a != nil {
		t.Fatalf("before: %+v %v", a, err)
	}
	first := selfid.Answers{Gender: "female", Race: "black", Veteran: "not_protected", Disability: "no"}
	if err := s.Save(ctx, id, first, time.Now()); err != nil {
		t.Fatal(err)
	}
	changed := selfid.Answers{Gender: "female", Race: "two_or_more", Veteran: selfid.Decline, Disability: "yes"}
	if err := s.Save(ctx, id, changed, time.Now()); err != nil {
		t.Fatal(err)
	}
	a, err := s.ForApplication(ctx, id)
	if err != nil || a == nil || a.Race != "two_or_more" || a.Veteran != selfid.Decline || a.Disability != "yes" {
		t.Fatalf("after the change: %+v %v", a, err)
	}
	var rows int
	_ = pool.QueryRow(ctx, `SELECT count(*) FROM self_identifications WHERE application_id = $1`, id).Scan(&rows)
	if rows != 1 {
		t.Fatalf("%d rows, want one per application", rows)
	}
	// The table refuses what Read would: the schema holds the rule too.
	if err := s.Save(ctx, id, selfid.Answers{Gender: "unknown", Race: "white", Veteran: "no", Disability: "no"}, time.Now()); err == nil {
		t.Error("an unknown answer was stored")
	}
	if err := s.Remove(ctx, id); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.ForApplication(ctx, id); a != nil {
		t.Fatal("the answers were not removed")
	}
	if err := s.Save(ctx, 999999999, first, time.Now()); !errors.Is(err, selfid.ErrNotFound) {
		t.Fatalf("no such application: %v", err)
	}
}

func TestRead(t *testing.T) {
	form := map[string]string{selfid.Gender: "male", selfid.Race: "asian"}
	a, problems := selfid.Read(func(k string) string { return form[k] })
	if problems != nil || a.Gender != "male" || a.Race != "asian" || a.Veteran != selfid.Decline || a.Disability != selfid.Decline {
		t.Fatalf("%+v %v", a, problems)
	}
	form[selfid.Disability] = "maybe"
	if _, problems := selfid.Read(func(k string) string { return form[k] }); problems[selfid.Disability] == "" || len(problems) != 1 {
		t.Fatalf("an unknown answer: %v", problems)
	}
}

// Counts come per season and role through the application's role; the
// report never shows a count under 5.
func TestCountsAndReport(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := selfid.NewStore(pool)
	season := "Summer " + strconv.FormatInt(time.Now().UnixNano(), 36)
	big, small := role(t, pool, "Ingeniería de datos", season), role(t, pool, "Дизайн", season)
	names := []string{"Zoë Ñúñez", "Bjørn Ødegård", "Mỹ Nguyễn", "Renée D'Arcy", "Łukasz Żółć", "山田 花子", "Ana-María Núñez"}
	for i, n := range names {
		id := applicant(t, pool, big, n, "big"+strconv.Itoa(i)+"@example.com")
		g := "female"
		if i == 0 {
			g = "male"
		}
		if err := s.Save(ctx, id, selfid.Answers{Gender: g, Race: "asian", Veteran: "not_protected", Disability: "no"}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for i, n := range []string{"Olúwadámilọ́lá Adébáyọ̀", "Seán Ó Briain"} {
		id := applicant(t, pool, small, n, "small"+strconv.Itoa(i)+"@example.com")
		if err := s.Save(ctx, id, selfid.Answers{Gender: "female", Race: "white", Veteran: "protected", Disability: "yes"}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	counts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var rep *selfid.SeasonReport
	for _, r := range selfid.Report(counts) {
		if r.Season == season {
			rep = &r
		}
	}
	if rep == nil || rep.Withheld || rep.Total != 9 || len(rep.Roles) != 2 {
		t.Fatalf("report: %+v", rep)
	}
	// The role of two is withheld whole, and with it the other (or the
	// season's 9 minus 7 would give it back).
	if !rep.Answered[0].Withheld || !rep.Answered[1].Withheld {
		t.Errorf("answered: %+v", rep.Answered)
	}
	for _, tb := range rep.Tables {
		for _, row := range append(tb.Rows, tb.Totals) {
			for _, c := range row {
				if !c.Withheld && c.N > 0 && c.N < selfid.MinCount {
					t.Errorf("%s shows %d", tb.Question.Key, c.N)
				}
			}
		}
	}
}
