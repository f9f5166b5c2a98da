package scheduling_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/scheduling"
)

// BenchmarkSlots reads what the scheduling pages read (a student's open
// times, a role's schedule, an interviewer's schedule, who has not
// booked) at a season's size and at a large one, each in a database of
// its own so the sizes do not mix:
//
//	go test -run '^$' -bench Slots -benchmem ./internal/scheduling
func BenchmarkSlots(b *testing.B) {
	for _, size := range []struct {
		name                       string
		roles, interviewers, slots int // slots per interviewer
	}{
		{"season/2400-slots", 20, 40, 60},      // 20 roles, 40 interviewers
		{"large/200000-slots", 500, 1000, 200}, // a big company's several seasons
	} {
		b.Run(size.name, func(b *testing.B) {
			ctx := context.Background()
			pool, err := db.Open(ctx, dbtest.OwnURL(b))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(pool.Close)
			d := seedSlots(b, pool, size.roles, size.interviewers, size.slots)
			store := scheduling.NewStore(pool, scheduling.Options{})
			now := d.now
			for _, q := range []struct {
				name string
				run  func() (int, error)
			}{
				{"OpenFor", func() (int, error) { s, err := store.OpenFor(ctx, d.application, now); return len(s), err }},
				{"ForRole", func() (int, error) { s, err := store.ForRole(ctx, d.role, now); return len(s), err }},
				{"ForInterviewer", func() (int, error) { s, err := store.ForInterviewer(ctx, d.interviewer, now); return len(s), err }},
				{"NotBooked", func() (int, error) { s, err := store.NotBooked(ctx, d.role); return len(s), err }},
			} {
				b.Run(q.name, func(b *testing.B) {
					n, err := q.run()
					if err != nil {
						b.Fatal(err)
					}
					if n == 0 {
						b.Fatalf("%s found nothing: the dataset is wrong", q.name)
					}
					b.ReportAllocs()
					for b.Loop() {
						if _, err := q.run(); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(n), "rows")
				})
			}
		})
	}
}

type slotData struct {
	now                            time.Time
	role, interviewer, application int64
}

// seedSlots makes roles, interviewers and, for each interviewer, a
// 45-minute slot every three hours from a day ago (so none overlap),
// spread over the roles and the three rounds; a quarter of the seats are
// taken. It makes 200 applications at the first role's first round,
// none booked.
func seedSlots(b *testing.B, pool *pgxpool.Pool, roles, interviewers, perInterviewer int) slotData {
	b.Helper()
	ctx := context.Background()
	d := slotData{now: time.Date(2027, time.February, 1, 8, 0, 0, 0, time.UTC)}
	if _, err := pool.Exec(ctx, `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
		SELECT 'bench-role-' || g, 'Bench Intern ' || g, 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}',
		       'Summer 2027', 'x', 'open', now() - interval '1 day' FROM generate_series(1, $1::int) g`, roles); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO accounts (email, name, password_hash, is_interviewer)
		SELECT 'interviewer-' || g || '@example.com', 'Zoë Ó Briain-' || g, '$argon2id$bench', true
		FROM generate_series(1, $1::int) g`, interviewers); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		WITH r AS (SELECT array_agg(id ORDER BY id) ids FROM roles WHERE slug LIKE 'bench-role-%'),
		     a AS (SELECT id, row_number() OVER (ORDER BY id) - 1 k FROM accounts WHERE email LIKE 'interviewer-%')
		INSERT INTO interview_slots (role_id, stage, account_id, during, place, capacity, booked, created_by)
		SELECT r.ids[1 + (a.k + j) % array_length(r.ids, 1)],
		       (ARRAY['interview_1', 'interview_2', 'interview_3'])[1 + j % 3],
		       a.id,
		       tstzrange($1::timestamptz + j * interval '3 hours', $1::timestamptz + j * interval '3 hours' + interval '45 minutes'),
		       'https://meet.example.com/' || a.k || '-' || j,
		       CASE WHEN j % 10 = 0 THEN 6 ELSE 1 END,
		       CASE WHEN j % 4 = 0 THEN 1 ELSE 0 END,
		       'bench'
		FROM r, a, generate_series(0, $2::int - 1) j`, d.now.Add(-24*time.Hour), perInterviewer); err != nil {
		b.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT min(id) FROM roles WHERE slug LIKE 'bench-role-%'`).Scan(&d.role); err != nil {
		b.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT min(id) FROM accounts WHERE email LIKE 'interviewer-%'`).Scan(&d.interviewer); err != nil {
		b.Fatal(err)
	}
	apps := applications.NewStore(pool)
	for i := range 200 {
		in := applications.Input{FullName: fmt.Sprintf("Łucja Nguyễn %d", i), Email: fmt.Sprintf("student-%d@example.com", i),
			University: "IIT Madras", Degree: "bachelors", GradMonth: "5", GradYear: "2028", Why: "Because.", Consent: true}
		in.Normalize()
		tok, err := apps.Submit(ctx, d.role, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4 cv")}, time.Now(), nil)
		if err != nil {
			b.Fatal(err)
		}
		st, err := apps.ByToken(ctx, tok)
		if err != nil {
			b.Fatal(err)
		}
		d.application = st.ID
	}
	if _, err := pool.Exec(ctx, `UPDATE applications SET stage = 'interview_1' WHERE role_id = $1`, d.role); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE interview_slots; ANALYZE applications; ANALYZE accounts`); err != nil {
		b.Fatal(err)
	}
	return d
}
