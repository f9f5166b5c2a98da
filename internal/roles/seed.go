package roles

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed seeddata/roles.yaml
var seedYAML []byte

// seedRole is one demo role as written in seeddata/roles.yaml.
type seedRole struct {
	Title     string   `yaml:"title"`
	Team      string   `yaml:"team"`
	Area      Area     `yaml:"area"`
	Locations []string `yaml:"locations"`
	Mode      WorkMode `yaml:"mode"`
	Degrees   []Degree `yaml:"degrees"`
	Status    Status   `yaml:"status"`
	Summary   string   `yaml:"summary"`
	Do        []string `yaml:"do"`
	Bring     []string `yaml:"bring"`
	Pay       *seedPay `yaml:"pay"`
	Benefits  string   `yaml:"benefits"`
}

// seedPay is a demo role's pay range, as in Pay.
type seedPay struct {
	Min      int     `yaml:"min"`
	Max      int     `yaml:"max"`
	Currency string  `yaml:"currency"`
	Unit     PayUnit `yaml:"unit"`
}

// args are the pay columns as query arguments: all nil without a range.
func (p *seedPay) args() []any {
	if p == nil {
		return []any{nil, nil, nil, nil}
	}
	return []any{p.Min, p.Max, p.Currency, string(p.Unit)}
}

// SeedOptions places the demo roles in a season.
type SeedOptions struct {
	// Season is the season's name, such as "Summer 2027".
	Season string
	// PostingOpens is when the first demo roles were published.
	PostingOpens time.Time
	// RecruitingCloses is when a few demo roles close.
	RecruitingCloses time.Time
	// Now caps publication times, so no role is published in the future.
	Now time.Time
	// IfEmpty seeds only when the roles table has no rows at all.
	IfEmpty bool
	// PayRule is the site's pay transparency rule: a demo role published
	// where it needs a pay range and has none fails the seed, as
	// publishing it by hand would.
	PayRule PayRule
}

// Seed inserts the demo roles and reports how many it added. Roles are
// matched by slug, so running it again adds nothing.
func (s *Store) Seed(ctx context.Context, opt SeedOptions) (int, error) {
	var list []seedRole
	if err := yaml.Unmarshal(seedYAML, &list); err != nil {
		return 0, fmt.Errorf("seed data: %w", err)
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("seed: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit

	if opt.IfEmpty {
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM roles)`).Scan(&any); err != nil {
			return 0, fmt.Errorf("seed: %w", err)
		}
		if any {
			return 0, nil
		}
	}
	added := 0
	for i, r := range list {
		status := r.Status
		if status == "" {
			status = StatusOpen
		}
		var opens, closes *time.Time
		if status != StatusDraft {
			// Spread publication over the posting weeks, two days apart.
			t := opt.PostingOpens.Add(time.Duration(i*2) * 24 * time.Hour)
			if t.After(opt.Now) {
				t = opt.Now.Add(-time.Duration(len(list)-i) * time.Hour)
			}
			opens = &t
		}
		if status != StatusDraft {
			if err := opt.PayRule.check(r.Locations, r.Pay != nil, false); err != nil {
				return 0, fmt.Errorf("seed %q: %w", r.Title, err)
			}
		}
		switch {
		case status == StatusClosed:
			c := opens.Add(21 * 24 * time.Hour)
			closes = &c
		case status == StatusOpen && i%7 == 3:
			// A few roles close at the end of recruiting; the rest stay
			// open until a recruiter closes them.
			c := opt.RecruitingCloses
			closes = &c
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season,
			                   description, status, opens_at, closes_at, benefits, pay_min, pay_max, pay_currency, pay_unit)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
			ON CONFLICT (slug) DO NOTHING`,
			append([]any{Slugify(r.Title), r.Title, r.Team, r.Area, r.Locations, r.Mode, r.Degrees, opt.Season,
				r.description(opt.Season), status, opens, closes, r.Benefits}, r.Pay.args()...)...)
		if err != nil {
			return 0, fmt.Errorf("seed %q: %w", r.Title, err)
		}
		added += int(tag.RowsAffected())
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("seed: %w", err)
	}
	return added, nil
}

// description builds the role's markdown from its parts.
func (r seedRole) description(season string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n## What you'll do\n\n", r.Summary)
	for _, d := range r.Do {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	b.WriteString("\n## What you'll bring\n\n")
	for _, d := range r.Bring {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	fmt.Fprintf(&b, "\n## About the internship\n\nThis is a twelve-week internship in the %s program. "+
		"You join the %s team as a full member, with a mentor and a program of events "+
		"for interns all summer.\n", season, r.Team)
	return b.String()
}
