// Package bulkseed fills the database with large, made-up but plausible
// datasets for benchmarks: tens of thousands of roles and a million
// applications, written with COPY so the load takes seconds, and the same
// for the same seed so two runs measure the same data.
package bulkseed

import (
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/roles"
)

// Options says how much to add.
type Options struct {
	Roles        int
	Applications int
	// Seed makes the data reproducible: the same seed gives the same rows.
	Seed uint64
	// Season names the season the roles belong to.
	Season string
	// PastSeasons adds that many earlier seasons (a year apart, named
	// from Season's year), each with a quarter of Roles, all closed; the
	// applications are shared evenly among all the seasons.
	PastSeasons int
	// Now anchors publication and application dates: everything happened
	// in the sixty days before it.
	Now time.Time
}

// Result counts what was added.
type Result struct {
	Roles, Applications int
}

// Run adds opt.Roles roles and opt.Applications applications (spread over
// every open role, old and new) in one transaction, so an interrupted load
// leaves nothing behind.
func Run(ctx context.Context, pool *pgxpool.Pool, opt Options) (Result, error) {
	var res Result
	if opt.Roles < 0 || opt.Applications < 0 || opt.PastSeasons < 0 {
		return res, fmt.Errorf("bulk seed: counts must not be negative")
	}
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// Slugs must not clash with earlier runs: number new ones after
		// the roles already there.
		var base int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM roles`).Scan(&base); err != nil {
			return err
		}
		gen := newGenerator(opt, base)
		for gen.past = 0; gen.past <= opt.PastSeasons; gen.past++ {
			count := opt.Roles
			if gen.past > 0 {
				count = opt.Roles / 4
			}
			gen.offset = res.Roles
			n, err := tx.CopyFrom(ctx, pgx.Identifier{"roles"},
				[]string{"slug", "title", "team", "area", "locations", "work_mode", "degree_levels",
					"season", "description", "status", "opens_at", "closes_at", "created_at",
					"pay_min", "pay_max", "pay_currency", "pay_unit"},
				&source{n: count, row: gen.role})
			if err != nil {
				return fmt.Errorf("copy roles: %w", err)
			}
			res.Roles += int(n)
		}
		if opt.Applications == 0 {
			return nil
		}

		// The published roles of each season, the current one first.
		gen.roleIDs = make([][]int64, opt.PastSeasons+1)
		for k := range gen.roleIDs {
			rows, err := tx.Query(ctx, `SELECT id FROM roles WHERE status <> 'draft' AND season = $1 ORDER BY id`, seasonName(opt.Season, k))
			if err != nil {
				return err
			}
			if gen.roleIDs[k], err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
				return err
			}
			if len(gen.roleIDs[k]) == 0 {
				return fmt.Errorf("no published role in %s to apply to: add roles first", seasonName(opt.Season, k))
			}
		}
		var first int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) + 1 FROM applications`).Scan(&first); err != nil {
			return err
		}
		gen.firstApp = first
		n, err := tx.CopyFrom(ctx, pgx.Identifier{"applications"},
			[]string{"role_id", "submission_key", "full_name", "email", "phone", "university",
				"degree_level", "graduation", "why", "consented_at", "stage", "created_at", "updated_at",
				"stage_entered_at", "reply_by"},
			&source{n: opt.Applications, row: gen.application})
		if err != nil {
			return fmt.Errorf("copy applications: %w", err)
		}
		res.Applications = int(n)

		// Every application has its resume and its first event, as one
		// sent through the form would. The new rows are those with ids
		// above the largest before the load: the seed is meant for a
		// database nobody else writes to meanwhile.
		if _, err := tx.Exec(ctx, `
			INSERT INTO resumes (application_id, file_name, content_type, size, data, created_at)
			SELECT id, 'resume.pdf', 'application/pdf', octet_length($2::bytea), $2::bytea, created_at
			FROM applications WHERE id >= $1`, first, tinyPDF); err != nil {
			return fmt.Errorf("resumes: %w", err)
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO application_events (application_id, kind, to_stage, actor, created_at)
			SELECT id, 'stage', 'applied', 'applicant', created_at FROM applications WHERE id >= $1`, first); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		if _, err := tx.Exec(ctx, historySQL, first, opt.Now); err != nil {
			return fmt.Errorf("history: %w", err)
		}
		return nil
	})
	if err != nil {
		return Result{}, fmt.Errorf("bulk seed: %w", err)
	}
	// Fresh statistics, so the planner sees the new sizes at once, and a
	// visibility map, so index-only scans need not visit the heap: what
	// autovacuum would do a little later.
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE roles, applications, resumes, application_events`); err != nil {
		return res, fmt.Errorf("bulk seed: vacuum: %w", err)
	}
	return res, nil
}

// historySQL gives each new application ($1 its first id) the stage
// moves that led to its stage, so reports have a history to count: the
// pipeline's stages in order up to the current one (half of those past
// the take-home skip it), and for a rejection or withdrawal a stage
// between applied and round two first. The moves share the time from
// applying to 90 days later (or $2, now) in random parts, and each
// carries a reply-by ten days after the move before it, so some are late.
// The random parts come from hashing the ids, so a seed repeats.
const historySQL = `
	INSERT INTO application_events (application_id, kind, from_stage, to_stage, actor, created_at, reply_by)
	SELECT id, 'stage', from_stage, to_stage, 'bench-recruiter@example.com',
	       created_at + span * sum(part) OVER w, created_at + span * (sum(part) OVER w - part) + interval '10 days'
	FROM (
		SELECT p.id, p.created_at, p.span, m.j, p.path[m.j - 1] AS from_stage, p.path[m.j] AS to_stage,
		       (0.2 + (hashint8(p.id * 16 + m.j) & 1023) / 1280.0) / cardinality(p.path) AS part
		FROM (
			SELECT id, created_at, least(created_at + interval '90 days', $2::timestamptz) - created_at AS span,
			       CASE WHEN (hashint8(id * 7) & 1) = 0 AND reach >= 3 THEN array_remove(pipe[1:reach], 'take_home')
			            ELSE pipe[1:reach] END || ending AS path
			FROM (
				SELECT a.id, a.created_at, c.pipe,
				       CASE WHEN a.stage IN ('rejected', 'withdrawn') THEN 1 + (hashint8(a.id) & 3)
				            ELSE array_position(c.pipe, a.stage) END AS reach,
				       CASE WHEN a.stage IN ('rejected', 'withdrawn') THEN ARRAY[a.stage] ELSE '{}'::text[] END AS ending
				FROM applications a,
				     (SELECT ARRAY['applied', 'take_home', 'interview_1', 'interview_2', 'interview_3', 'offer', 'hired'] AS pipe) AS c
				WHERE a.id >= $1
			) AS staged
		) AS p
		CROSS JOIN LATERAL generate_series(2, cardinality(p.path)) AS m (j)
	) AS moves
	WINDOW w AS (PARTITION BY id ORDER BY j)`

// seasonName names the season k years before season, by its year when
// it ends with one ("Summer 2027" gives "Summer 2024" for k = 3).
func seasonName(season string, k int) string {
	if k == 0 {
		return season
	}
	if i := len(season) - 4; i >= 0 {
		if year, err := strconv.Atoi(season[i:]); err == nil {
			return season[:i] + strconv.Itoa(year-k)
		}
	}
	return fmt.Sprintf("%s (%d years before)", season, k)
}

// tinyPDF stands in for every seeded resume: a valid, empty one-page PDF.
var tinyPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n")

// source feeds CopyFrom one generated row at a time, so a million rows
// never sit in memory together.
type source struct {
	n, i int
	row  func(i int) []any
	cur  []any
}

func (s *source) Next() bool {
	if s.i >= s.n {
		return false
	}
	s.cur = s.row(s.i)
	s.i++
	return true
}

func (s *source) Values() ([]any, error) { return s.cur, nil }
func (s *source) Err() error             { return nil }

type generator struct {
	rng  *rand.Rand
	opt  Options
	base int64
	// firstApp numbers the new applications' email addresses, which
	// must not repeat an earlier run's.
	firstApp int64
	// roleIDs holds each season's published roles, the current first.
	roleIDs [][]int64
	// past is the season whose roles are being made (0 the current),
	// offset how many roles earlier seasons took.
	past, offset int
}

func newGenerator(opt Options, base int64) *generator {
	// The starting point joins the seed, so a second run over the first
	// one's rows draws new tokens instead of repeating them.
	return &generator{rng: rand.New(rand.NewPCG(opt.Seed, uint64(base))), opt: opt, base: base} //nolint:gosec // G404: benchmark data must repeat from Options.Seed; its tokens guard nothing real
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *generator) role(i int) []any {
	area := roles.Areas[g.rng.IntN(len(roles.Areas))]
	discipline := g.pick(disciplines[area])
	focus := g.pick(focuses)
	title := discipline + " Intern"
	if focus != "" {
		title = focus + " " + discipline + " Intern"
	}
	team := g.pick(teams[area])
	places := []string{g.pick(cities)}
	for g.rng.IntN(3) == 0 && len(places) < 4 {
		if c := g.pick(cities); c != places[0] {
			places = append(places, c)
		}
	}
	mode := roles.WorkModes[g.rng.IntN(len(roles.WorkModes))]
	var degrees []string
	for _, d := range roles.Degrees {
		if g.rng.IntN(3) > 0 {
			degrees = append(degrees, string(d))
		}
	}
	if len(degrees) == 0 {
		degrees = []string{string(roles.Degrees[g.rng.IntN(len(roles.Degrees))])}
	}
	status := roles.StatusOpen
	// Exactly 91 in every 100 roles are open, 4 drafts and 5 closed, so a
	// dataset's open count is known from its size. Past seasons' roles
	// are all closed.
	switch r := i % 100; {
	case g.past > 0:
		status = roles.StatusClosed
	case r < 4:
		status = roles.StatusDraft
	case r < 9:
		status = roles.StatusClosed
	}
	now := g.seasonNow()
	created := now.Add(-time.Duration(g.rng.Int64N(int64(60 * 24 * time.Hour))))
	var opens, closes *time.Time
	if status != roles.StatusDraft {
		o := created.Add(time.Duration(g.rng.Int64N(int64(time.Hour))))
		opens = &o
		if g.rng.IntN(4) == 0 || g.past > 0 {
			c := now.Add(time.Duration(30+g.rng.IntN(120)) * 24 * time.Hour)
			closes = &c
		}
	}
	slug := fmt.Sprintf("%s-%d", roles.Slugify(title), g.base+int64(g.offset+i)+1)
	return append([]any{slug, title, team, string(area), places, string(mode), degrees, seasonName(g.opt.Season, g.past),
		g.description(title, team, focus, discipline), string(status), opens, closes, created}, pay(i)...)
}

// pay is role i's pay range columns: hourly, monthly and yearly ranges,
// one in ten in euros and one in six without a range, so the list's pay
// filter and sort meet every case. Made from i, not the random source,
// so the rest of a seed's data stays what it was before roles had pay.
func pay(i int) []any {
	if i%6 == 5 {
		return []any{nil, nil, nil, nil}
	}
	currency := "USD"
	if i%10 == 3 {
		currency = "EUR"
	}
	switch i % 3 {
	case 0:
		low := 20 + (i*7)%45
		return []any{low, low + (i%4)*5, currency, "hour"}
	case 1:
		low := 3000 + (i*13)%40*150
		return []any{low, low + (i%3)*500, currency, "month"}
	}
	low := 40000 + (i*17)%50*1000
	return []any{low, low + (i%5)*2000, currency, "year"}
}

func (g *generator) description(title, team, focus, discipline string) string {
	topic := g.pick(topics)
	if focus == "" {
		focus = "core"
	}
	return fmt.Sprintf("Spend the summer with %s on %s, shipping %s work that real people use.\n\n"+
		"## What you will do\n\n- %s\n- %s\n- Present what you built to the %s group at the end of the summer\n\n"+
		"## What you bring\n\n- Coursework or projects in %s\n- %s\n",
		team, topic, lower(focus), g.pick(tasks), g.pick(tasks), team, lower(discipline), g.pick(skills))
}

// seasonNow is the moment that stands for "now" in the season being
// made: a year earlier for each season back.
func (g *generator) seasonNow() time.Time { return g.opt.Now.AddDate(-g.past, 0, 0) }

func (g *generator) application(i int) []any {
	// The seasons take turns, so each gets its share.
	g.past = i % len(g.roleIDs)
	ids := g.roleIDs[g.past]
	created := g.seasonNow().Add(-time.Duration(g.rng.Int64N(int64(60 * 24 * time.Hour))))
	// A few roles draw most applications, as in life.
	role := ids[int(float64(len(ids))*g.rng.Float64()*g.rng.Float64())]
	family := g.pick(familyStems) + g.pick(familyEndings)
	if g.rng.IntN(10) < 3 {
		family = g.pick(familyNames)
	}
	name := g.pick(givenNames) + " " + family
	stage := stages[g.rng.IntN(len(stages))]
	grad := time.Date(2027+g.rng.IntN(3), time.Month(1+g.rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
	return []any{role, g.token(18), name,
		fmt.Sprintf("applicant%d@example.edu", g.firstApp+int64(i)),
		"", g.pick(universities), string(roles.Degrees[g.rng.IntN(len(roles.Degrees))]), grad,
		"I want to learn from people who ship things students use every day.", created, stage, created, created,
		created, replyBy(stage, created)}
}

// replyBy is a new application's reply-by moment: fourteen days on, an
// approximation of the default ten working days. Without it the app's
// hourly job would compute each one, one UPDATE at a time, during the
// benchmarks. Later stages count from the day the application entered
// them, which the seed does not track (stage_entered_at stays the day
// of applying), so they have none, as before the job reaches them.
func replyBy(stage string, created time.Time) any {
	if stage != "applied" {
		return nil
	}
	return created.Add(14 * 24 * time.Hour)
}

func (g *generator) token(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.rng.Uint32()) //nolint:gosec // G115: keeping the low byte is the point
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
