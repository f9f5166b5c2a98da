package privacy_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/privacy"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// recruiter acts in these tests.
var recruiter = audit.Actor{Label: "Test recruiter"}

// TestEraseLeavesNoPersonalData erases an application and then searches
// every text and bytea column of every table for what the applicant gave.
func TestEraseLeavesNoPersonalData(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s, p := applications.NewStore(pool), privacy.NewStore(pool)
	role := seasonRole(t, pool, "erase", currentSeason)
	in := applications.Input{
		FullName: "Quentin Erasable", Email: "erase-me@example.com", University: "Université de Montréal", Degree: "bachelors",
		GradMonth: "5", GradYear: "2028", Why: "Because.", Consent: true,
	}
	in.Phone = "+1 555 0199 77"
	in.LinkedIn = "https://www.linkedin.com/in/quentin-erasable"
	in.Why = "Unique answer text 9f8e7d"
	in.Normalize()
	now := time.Now()
	token, err := s.Submit(ctx, role, in, applications.Resume{FileName: "quentin.pdf", Data: []byte("%PDF-1.4 quentin-resume-bytes")}, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.ByToken(ctx, token)
	if err := s.AddNote(ctx, recruiter, st.ID, "Spoke with Quentin Erasable at +1 555 0199 77"); err != nil {
		t.Fatal(err)
	}
	// A take-home with the student's work and their reason for more time.
	if _, err := pool.Exec(ctx, `
		INSERT INTO take_homes (application_id, body, sent_at, sent_by, first_due_at, due_at, extension_reason, extension_requested_at)
		VALUES ($1, 'Task for Quentin', $2::timestamptz, 'r', $2::timestamptz + interval '1 day', $2::timestamptz + interval '1 day', 'Quentin has exams 7c6b5a', $2::timestamptz)`, st.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO take_home_submissions (application_id, kind, file_name, content_type, size, data, submitted_at)
		VALUES ($1, 'file', 'quentin-work.zip', 'application/zip', 21, convert_to('PK quentin-work-bytes', 'UTF8'), $2)`, st.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE applications SET time_zone = 'Europe/Paris' WHERE id = $1`, st.ID); err != nil {
		t.Fatal(err)
	}
	if err := p.Erase(ctx, recruiter, st.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := p.Erase(ctx, recruiter, st.ID, now); err != nil {
		t.Fatalf("erasing twice: %v", err)
	}
	for _, needle := range []string{"Quentin", "Erasable", "erase-me@", "555 0199", "quentin-erasable", "9f8e7d", "quentin.pdf", "quentin-resume",
		"7c6b5a", "quentin-work", "Europe/Paris"} {
		rows, err := pool.Query(ctx, `
			SELECT table_name, column_name, data_type FROM information_schema.columns
			WHERE table_schema = 'public' AND data_type IN ('text', 'bytea', 'jsonb')`)
		if err != nil {
			t.Fatal(err)
		}
		var cols [][3]string
		for rows.Next() {
			var tbl, col, typ string
			_ = rows.Scan(&tbl, &col, &typ)
			cols = append(cols, [3]string{tbl, col, typ})
		}
		rows.Close()
		for _, c := range cols {
			var n int
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE position($1 IN %q::text) > 0`, c[0], c[1])
			if c[2] == "bytea" {
				q = fmt.Sprintf(`SELECT count(*) FROM %q WHERE position(convert_to($1, 'UTF8') IN %q) > 0`, c[0], c[1])
			}
			if err := pool.QueryRow(ctx, q, needle).Scan(&n); err != nil {
				t.Fatalf("%s.%s: %v", c[0], c[1], err)
			}
			if n > 0 {
				t.Errorf("%q is still in %s.%s", needle, c[0], c[1])
			}
		}
	}
	d, err := s.ByID(ctx, st.ID)
	if err != nil || d.ErasedAt == nil || d.Stage != applications.Applied {
		t.Fatalf("the anonymised row must stay: %+v %v", d, err)
	}
	if err := s.MoveStages(ctx, recruiter, []applications.Move{{ID: st.ID, From: "applied", To: "take_home"}}, nil); !errors.Is(err, applications.ErrErased) {
		t.Fatalf("moving an erased application: %v", err)
	}
	// The old status link finds nothing and cannot withdraw.
	if _, err := s.ByToken(ctx, token); !errors.Is(err, applications.ErrNotFound) {
		t.Fatalf("status of an erased application: %v, want ErrNotFound", err)
	}
	if err := s.Withdraw(ctx, token, nil); !errors.Is(err, applications.ErrNotFound) {
		t.Fatalf("withdrawing an erased application: %v, want ErrNotFound", err)
	}
	// Its links' hashes are gone too, and no new link can be made.
	var links int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM application_links WHERE application_id = $1`, st.ID).Scan(&links); err != nil || links != 0 {
		t.Fatalf("%d links of the erased application remain (%v)", links, err)
	}
	if _, err := s.NewLink(ctx, st.ID); !errors.Is(err, applications.ErrNotFound) {
		t.Fatalf("a new link to an erased application: %v, want ErrNotFound", err)
	}
}
