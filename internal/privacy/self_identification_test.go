package privacy_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/privacy"
	"example.com/careers/internal/selfid"
)

// answered stores self-identification answers for application id.
func answered(t *testing.T, pool *pgxpool.Pool, id int64) {
	t.Helper()
	a := selfid.Answers{Gender: "nonbinary", Race: "two_or_more", Veteran: "protected", Disability: "yes"}
	if err := selfid.NewStore(pool).Save(context.Background(), id, a, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func selfIDRows(t *testing.T, pool *pgxpool.Pool, id int64) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM self_identifications WHERE application_id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Erasure keeps the application row, so the foreign key's cascade never
// fires: the answers must be deleted explicitly, by Erase and by the
// retention job alike.
func TestErasureAndRetentionRemoveSelfIdentification(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s, apps := privacy.NewStore(pool), applications.NewStore(pool)
	now := time.Now()
	clearExpired(t, s, now)

	erased := apply(t, pool, apps, seasonRole(t, pool, "selfid-erase", currentSeason), newPerson("s1"))
	answered(t, pool, erased.id)
	if err := s.Erase(ctx, recruiter, erased.id, now); err != nil {
		t.Fatal(err)
	}
	if n := selfIDRows(t, pool, erased.id); n != 0 {
		t.Errorf("erasure left %d self-identification rows", n)
	}
	if err := selfid.NewStore(pool).Save(ctx, erased.id, selfid.Answers{Gender: "decline", Race: "decline", Veteran: "decline", Disability: "decline"}, now); err == nil {
		t.Error("answers were stored on an erased application")
	}

	past := seasonRole(t, pool, "selfid-retention", "Summer 2024")
	expired := apply(t, pool, apps, past, newPerson("s2"))
	answered(t, pool, expired.id)
	age(t, pool, expired.id, now.AddDate(0, -30, 0))
	kept := apply(t, pool, apps, past, newPerson("s3"))
	answered(t, pool, kept.id)
	clearExpired(t, s, now)
	if n := selfIDRows(t, pool, expired.id); n != 0 {
		t.Errorf("retention left %d self-identification rows", n)
	}
	if n := selfIDRows(t, pool, kept.id); n != 1 {
		t.Errorf("retention removed the answers of an application it kept (%d rows)", n)
	}
}

// The student's own export holds their answers, worded as the form
// words them; without answers it says null.
func TestExportHoldsTheStudentsOwnSelfIdentification(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s, apps := privacy.NewStore(pool), applications.NewStore(pool)
	role := seasonRole(t, pool, "selfid-export", currentSeason)
	p := apply(t, pool, apps, role, newPerson("s4"))
	d, err := s.PersonalDataFor(ctx, audit.CLI, p.email, time.Now())
	if err != nil || len(d.Applications) != 1 || d.Applications[0].SelfIdentification != nil {
		t.Fatalf("before answering: %+v %v", d.Applications, err)
	}
	answered(t, pool, p.id)
	d, err = s.PersonalDataFor(ctx, audit.CLI, p.email, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(d.Applications[0].SelfIdentification)
	for _, want := range []string{`"gender":"Non-binary"`, `"race_ethnicity":"Two or More Races"`,
		`"veteran_status":"I identify as one or more of the classifications of protected veteran"`,
		`"disability":"Yes, I have a disability (or previously had one)"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("export lacks %s: %s", want, b)
		}
	}
}
