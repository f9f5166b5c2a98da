package roles

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/text"
)

// Input is what a recruiter types into the role form.
type Input struct {
	Title       string
	Team        string
	Area        Area
	Locations   string // one per line
	Mode        WorkMode
	Degrees     []Degree
	Season      string
	Description string
	ClosesAt    string // YYYY-MM-DD, optional
	// The pay range: whole amounts, an ISO 4217 code and a PayUnit; both
	// amounts empty for none.
	PayMin, PayMax, PayCurrency, PayUnit string
	Benefits                             string
	// Translations are the title and description in each other language
	// the site speaks, written beside the English ones.
	Translations []TranslationInput
}

// InputOf fills the form from a role, for editing.
func InputOf(r Role, loc *time.Location) Input {
	in := Input{
		Title: r.Title, Team: r.Team, Area: r.Area, Locations: strings.Join(r.Locations, "\n"),
		Mode: r.WorkMode, Degrees: r.DegreeLevels, Season: r.Season, Description: r.Description,
	}
	if r.ClosesAt != nil {
		in.ClosesAt = r.ClosesAt.In(loc).Format(time.DateOnly)
	}
	in.PayCurrency, in.PayUnit, in.Benefits = PayFilterCurrency, string(PerHour), r.Benefits
	if p, ok := r.Pay(); ok {
		in.PayMin, in.PayMax, in.PayCurrency, in.PayUnit = strconv.Itoa(p.Min), strconv.Itoa(p.Max), p.Currency, string(p.Unit)
	}
	return in
}

// checked is a validated Input in storable form.
type checked struct {
	title, team, season, description string
	area                             Area
	mode                             WorkMode
	locations                        []string
	degrees                          []Degree
	closesAt                         *time.Time
	pay                              *checkedPay
	benefits                         string
	translations                     []Translation
}

// payArgs are c's pay columns as query arguments: all nil without a range.
func (c checked) payArgs() []any {
	if c.pay == nil {
		return []any{nil, nil, nil, nil}
	}
	return []any{c.pay.min, c.pay.max, c.pay.currency, string(c.pay.unit)}
}

// Validate returns problems by field name, or an empty map. loc is the
// site's time zone: a closing date means the end of that day there.
func (in *Input) Validate(loc *time.Location) (checked, map[string]string) {
	errs := map[string]string{}
	c := checked{
		title:       text.Line(in.Title, 300),
		team:        text.Line(in.Team, 200),
		season:      text.Line(in.Season, 100),
		description: text.Block(in.Description, 25000),
		area:        in.Area,
		mode:        in.Mode,
	}
	in.Title, in.Team, in.Season, in.Description = c.title, c.team, c.season, c.description
	if c.title == "" || text.Runes(c.title) > 200 {
		errs["title"] = "Enter a title of at most 200 characters."
	}
	if c.team == "" || text.Runes(c.team) > 120 {
		errs["team"] = "Enter the team, at most 120 characters."
	}
	if !slices.Contains(Areas, c.area) {
		errs["area"] = "Choose the area."
	}
	for _, l := range strings.Split(in.Locations, "\n") {
		if l = text.Line(l, 200); l != "" && !slices.Contains(c.locations, l) {
			c.locations = append(c.locations, l)
		}
	}
	in.Locations = strings.Join(c.locations, "\n")
	if len(c.locations) == 0 || len(c.locations) > 20 || slices.ContainsFunc(c.locations, func(l string) bool { return text.Runes(l) > 120 }) {
		errs["locations"] = "Enter one to twenty locations, one per line, like Los Gatos, CA."
	}
	if !slices.Contains(WorkModes, c.mode) {
		errs["mode"] = "Choose the work mode."
	}
	for _, d := range Degrees {
		if slices.Contains(in.Degrees, d) {
			c.degrees = append(c.degrees, d)
		}
	}
	if len(c.degrees) == 0 {
		errs["degrees"] = "Choose at least one degree level."
	}
	if c.season == "" || text.Runes(c.season) > 60 {
		errs["season"] = "Enter the season, like Summer 2027."
	}
	if c.description == "" || text.Runes(c.description) > 20000 {
		errs["description"] = "Write a description of at most 20,000 characters."
	}
	if s := strings.TrimSpace(in.ClosesAt); s != "" {
		d, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			errs["closes_at"] = "Enter the closing date as YYYY-MM-DD, or leave it empty."
		} else {
			end := d.AddDate(0, 0, 1) // open through the whole closing day
			c.closesAt = &end
		}
	}
	in.validatePay(&c, errs)
	in.validateTranslations(&c, errs)
	return c, errs
}

// AdminRow is a role in the admin list, with its application counts.
type AdminRow struct {
	Role
	Applications int `db:"applications"`
	NewThisWeek  int `db:"new_this_week"`
}

// AdminList returns every role, newest first, with application counts.
func (s *Store) AdminList(ctx context.Context, now time.Time) ([]AdminRow, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+prefixed("r.")+`,
		       count(a.id) AS applications,
		       count(a.id) FILTER (WHERE a.created_at > $1) AS new_this_week
		FROM roles r LEFT JOIN applications a ON a.role_id = r.id
		GROUP BY r.id
		ORDER BY (r.status = 'draft') DESC, r.opens_at DESC NULLS FIRST, r.id DESC`, now.Add(-7*24*time.Hour))
	if err != nil {
		return nil, fmt.Errorf("admin roles: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[AdminRow])
}

// Choice is a role offered in a filter.
type Choice struct {
	ID     int64  `db:"id"`
	Title  string `db:"title"`
	Season string `db:"season"`
}

// Choices lists the limit most recently published roles, plus the role
// include when it is not among them, by title; more says that other
// published roles were left out.
func (s *Store) Choices(ctx context.Context, limit int, include int64) ([]Choice, bool, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, title, season FROM roles WHERE status <> 'draft' ORDER BY opens_at DESC, id DESC LIMIT $1`, limit+1)
	if err != nil {
		return nil, false, fmt.Errorf("role choices: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Choice])
	if err != nil {
		return nil, false, fmt.Errorf("role choices: %w", err)
	}
	more := len(list) > limit
	list = list[:min(len(list), limit)]
	if include != 0 && !slices.ContainsFunc(list, func(c Choice) bool { return c.ID == include }) {
		rows, err := s.pool.Query(ctx, `SELECT id, title, season FROM roles WHERE id = $1`, include)
		if err != nil {
			return nil, false, fmt.Errorf("role choices: %w", err)
		}
		extra, err := pgx.CollectRows(rows, pgx.RowToStructByName[Choice])
		if err != nil {
			return nil, false, fmt.Errorf("role choices: %w", err)
		}
		list = append(list, extra...)
	}
	slices.SortFunc(list, func(a, b Choice) int { return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID)) })
	return list, more, nil
}

// Columns lists the role columns, qualified with alias (such as "r."),
// for queries in other packages that scan into Role.
func Columns(alias string) string { return prefixed(alias) }

// prefixed qualifies roleColumns with a table alias.
func prefixed(alias string) string {
	cols := strings.Split(roleColumns, ",")
	for i, c := range cols {
		cols[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// ByID returns the role with id.
func (s *Store) ByID(ctx context.Context, id int64) (Role, error) {
	return db.One(ctx, s.pool, pgx.RowToStructByName[Role], ErrNotFound, `SELECT `+roleColumns+` FROM roles WHERE id = $1`, id)
}

// Create stores a new draft role with a unique slug made from its title.
func (s *Store) Create(ctx context.Context, by audit.Actor, c checked) (Role, error) {
	var id int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		slug, err := freeSlug(ctx, tx, Slugify(c.title))
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, closes_at,
			                   benefits, pay_min, pay_max, pay_currency, pay_unit)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			append([]any{slug, c.title, c.team, c.area, c.locations, c.mode, c.degrees, c.season, c.description, c.closesAt,
				c.benefits}, c.payArgs()...)...).Scan(&id)
		if err != nil {
			return err
		}
		if err := saveTranslations(ctx, tx, id, c.translations); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "role.create", "role "+slug, "")
	})
	if err != nil {
		return Role{}, fmt.Errorf("create role: %w", err)
	}
	return s.ByID(ctx, id)
}

// freeSlug returns base, or base-2, base-3... whichever is free. The
// unique constraint still guards a race; the caller's transaction fails.
func freeSlug(ctx context.Context, tx pgx.Tx, base string) (string, error) {
	base = strings.TrimRight(base[:min(len(base), 100)], "-")
	rows, err := tx.Query(ctx, `SELECT slug FROM roles WHERE slug = $1 OR slug LIKE $1 || '-%'`, base)
	if err != nil {
		return "", err
	}
	taken, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	slug := base
	for n := 2; slices.Contains(taken, slug); n++ {
		slug = base + "-" + strconv.Itoa(n)
	}
	return slug, nil
}

// Update saves the form over role id, if the role is still as the
// editor loaded it (version is its updated_at then): two recruiters
// editing at once never silently overwrite each other. The slug never
// changes, so shared links keep working. A published role must keep the
// pay range rule requires (a *PayRequiredError, nothing saved).
func (s *Store) Update(ctx context.Context, by audit.Actor, id int64, version time.Time, c checked, rule PayRule) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var slug string
		var status Status
		err := tx.QueryRow(ctx, `
			UPDATE roles SET title = $2, team = $3, area = $4, locations = $5, work_mode = $6, degree_levels = $7,
			                 season = $8, description = $9, closes_at = $10, benefits = $12,
			                 pay_min = $13, pay_max = $14, pay_currency = $15, pay_unit = $16
			WHERE id = $1 AND updated_at = $11 RETURNING slug, status`,
			append([]any{id, c.title, c.team, c.area, c.locations, c.mode, c.degrees, c.season, c.description, c.closesAt, version,
				c.benefits}, c.payArgs()...)...).Scan(&slug, &status)
		if errors.Is(err, pgx.ErrNoRows) {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM roles WHERE id = $1)`, id).Scan(&exists); err != nil {
				return err
			}
			if exists {
				return ErrEditedMeanwhile
			}
			return ErrNotFound
		}
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.ConstraintName == "roles_closes_at_check" {
			return ErrClosesBeforeOpens
		}
		if err != nil {
			return fmt.Errorf("update role: %w", err)
		}
		if err := saveTranslations(ctx, tx, id, c.translations); err != nil {
			return err
		}
		// Checked after the update, on the row as saved: the error rolls
		// it back. A closed role may lose its range; reopening asks again.
		if status == StatusOpen {
			if err := rule.check(c.locations, c.pay != nil, true); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, by, "role.update", "role "+slug, "")
	})
}

// Status changes a recruiter can make.
const (
	ActionPublish = "publish"
	ActionClose   = "close"
	ActionReopen  = "reopen"
)

// Errors of the admin actions.
var (
	ErrClosesBeforeOpens = errors.New("the closing date must come after the role was published")
	ErrClosingPassed     = errors.New("the closing date has passed: change it before publishing")
	ErrBadAction         = errors.New("that change does not apply to this role")
	ErrEditedMeanwhile   = errors.New("the role was changed by someone else since it was loaded")
)

// SetStatus publishes, closes or reopens role id. A role going live in a
// place rule names needs a pay range (a *PayRequiredError otherwise).
// onOpen, when set, runs in the same transaction when the role goes live
// (to schedule alerts).
func (s *Store) SetStatus(ctx context.Context, by audit.Actor, id int64, action string, now time.Time, rule PayRule,
	onOpen func(context.Context, pgx.Tx) error,
) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var status Status
		var closes *time.Time
		var slug string
		var locations []string
		var hasPay bool
		err := tx.QueryRow(ctx, `SELECT status, closes_at, slug, locations, pay_min IS NOT NULL FROM roles WHERE id = $1 FOR UPDATE`,
			id).Scan(&status, &closes, &slug, &locations, &hasPay)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		var sql string
		switch {
		case action == ActionPublish && status == StatusDraft:
			if closes != nil && !closes.After(now) {
				return ErrClosingPassed
			}
			sql = `UPDATE roles SET status = 'open', opens_at = $2 WHERE id = $1`
		case action == ActionClose && status == StatusOpen:
			// The closing time becomes now, unless it already passed.
			sql = `UPDATE roles SET status = 'closed', closes_at = least(coalesce(closes_at, $2), $2) WHERE id = $1`
		case action == ActionReopen && (status == StatusClosed || (status == StatusOpen && closes != nil && !closes.After(now))):
			// A reopened role stays open until closed again by hand; its
			// publication date stays the first one, unless it was later.
			sql = `UPDATE roles SET status = 'open', closes_at = NULL, opens_at = least(opens_at, $2) WHERE id = $1`
		default:
			return ErrBadAction
		}
		if action != ActionClose {
			if err := rule.check(locations, hasPay, false); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, sql, id, now); err != nil {
			return fmt.Errorf("role %s: %w", action, err)
		}
		if onOpen != nil && action != ActionClose {
			if err := onOpen(ctx, tx); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, by, "role."+action, "role "+slug, "")
	})
}

// NextSeason names the season after s: "Summer 2027" becomes "Summer
// 2028". A name without a year gets " (copy)".
func NextSeason(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if year, err := strconv.Atoi(s[i+1:]); err == nil {
		return s[:i+1] + strconv.Itoa(year+1)
	}
	return s + " (copy)"
}

// CopyToNextSeason creates a draft copy of role id for season.
func (s *Store) CopyToNextSeason(ctx context.Context, by audit.Actor, id int64, season string) (Role, error) {
	r, err := s.ByID(ctx, id)
	if err != nil {
		return Role{}, err
	}
	c := checked{
		title: r.Title, team: r.Team, area: r.Area, locations: r.Locations, mode: r.WorkMode,
		degrees: r.DegreeLevels, season: season, description: r.Description, benefits: r.Benefits,
	}
	// The translations come along, reviewed with the rest.
	ts, err := s.Translations(ctx, id)
	if err != nil {
		return Role{}, err
	}
	for _, t := range ts {
		c.translations = append(c.translations, t)
	}
	// Last season's pay is where the next one's starts; the recruiter
	// reviews it before publishing.
	if p, ok := r.Pay(); ok {
		c.pay = &checkedPay{min: p.Min, max: p.Max, currency: p.Currency, unit: p.Unit}
	}
	return s.Create(ctx, by, c)
}
