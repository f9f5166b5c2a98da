package sources

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
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/text"
)

// Limits and form fields.
const (
	MaxNameRunes = 120
	// MaxCodeLen keeps short links short; a code is a Clean value
	// without '.' and '_'.
	MaxCodeLen = 40
	FieldName  = "name"
	FieldCode  = "code"
	FieldRole  = "role"
)

// Errors.
var (
	ErrNotFound  = errors.New("source not found")
	ErrCodeTaken = errors.New("source code taken")
)

// Source is a named source and how many applications came through it.
type Source struct {
	ID     int64  `db:"id"`
	Code   string `db:"code"`
	Name   string `db:"name"`
	RoleID *int64 `db:"role_id"`
	// RoleSlug and RoleTitle name the role the short link lands on; the
	// slug is "" when there is none, or the role is a draft.
	RoleSlug     string    `db:"role_slug"`
	RoleTitle    string    `db:"role_title"`
	CreatedBy    string    `db:"created_by"`
	CreatedAt    time.Time `db:"created_at"`
	Applications int       `db:"applications"`
}

// Landing is where the short link sends a visitor, the source's tag
// added: the role's page when it has a published role, else the list of
// open roles.
func (s Source) Landing() string {
	path := "/roles"
	if s.RoleSlug != "" {
		path = "/roles/" + s.RoleSlug
	}
	return Tag{Source: s.Code}.AddTo(path)
}

// ShortPath is the short link's path.
func (s Source) ShortPath() string { return "/s/" + s.Code }

// New is a source to create, as typed in the admin form.
type New struct {
	Name string
	// Code is the short link's last segment; "" makes one from Name.
	Code   string
	RoleID int64
	// derived is set by Check when Code was made from Name.
	derived bool
}

// Problems are the form's errors, keyed by field.
type Problems map[string]string

// Check cleans n and returns its problems.
func (n *New) Check() Problems {
	p := Problems{}
	n.Name = text.Line(n.Name, MaxNameRunes+1)
	switch {
	case n.Name == "":
		p[FieldName] = "Enter a name recruiters will recognise, such as the fair or club."
	case text.Runes(n.Name) > MaxNameRunes:
		p[FieldName] = "Keep the name to " + strconv.Itoa(MaxNameRunes) + " characters or fewer."
	}
	typed := strings.TrimSpace(n.Code)
	n.derived = typed == ""
	if n.derived {
		n.Code = code(n.Name)
	} else {
		n.Code = code(typed)
		if n.Code != strings.ToLower(typed) {
			p[FieldCode] = "Use only lower-case letters, digits and hyphens (for example " + orExample(n.Code) + ")."
		}
	}
	if n.Code == "" && p[FieldName] == "" && p[FieldCode] == "" {
		p[FieldCode] = "The name has no letters or digits to make a link from: enter a code of letters, digits and hyphens."
	}
	return p
}

func orExample(c string) string {
	if c == "" {
		return "fall-fair"
	}
	return c
}

// code is a Clean value without '.' and '_' and without trailing
// hyphens, at most MaxCodeLen long.
func code(s string) string {
	c := strings.NewReplacer(".", "-", "_", "-").Replace(Clean(s))
	for strings.Contains(c, "--") {
		c = strings.ReplaceAll(c, "--", "-")
	}
	return strings.TrimRight(c[:min(len(c), MaxCodeLen)], "-")
}

// Store reads and writes sources.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Create stores a checked source. A code made from the name gets a
// number added when taken ("fall-fair-2"); a typed one that is taken
// returns ErrCodeTaken, since its links may already be printed.
func (s *Store) Create(ctx context.Context, by audit.Actor, n New) (Source, error) {
	var roleID *int64
	if n.RoleID != 0 {
		roleID = &n.RoleID
	}
	base := n.Code
	for attempt := 1; attempt <= 20; attempt++ {
		c := base
		if attempt > 1 {
			suffix := "-" + strconv.Itoa(attempt)
			c = strings.TrimRight(base[:min(len(base), MaxCodeLen-len(suffix))], "-") + suffix
		}
		var id int64
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := tx.QueryRow(ctx, `
				INSERT INTO sources (code, name, role_id, created_by) VALUES ($1, $2, $3, $4)
				RETURNING id`, c, n.Name, roleID, by.Label).Scan(&id); err != nil {
				return err
			}
			return audit.Record(ctx, tx, by, "source.create", c, n.Name)
		})
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23505" {
			if !n.derived {
				return Source{}, ErrCodeTaken
			}
			continue
		}
		if err != nil {
			return Source{}, fmt.Errorf("create source: %w", err)
		}
		return s.ByID(ctx, id)
	}
	return Source{}, ErrCodeTaken
}

const (
	sourceFields = `s.id, s.code, s.name, s.role_id,
	CASE WHEN r.status <> 'draft' THEN r.slug ELSE '' END AS role_slug, coalesce(r.title, '') AS role_title,
	s.created_by, s.created_at, `
	sourceFrom    = ` FROM sources s LEFT JOIN roles r ON r.id = s.role_id`
	sourceColumns = sourceFields + `(SELECT count(*) FROM applications a WHERE a.source = s.code) AS applications` + sourceFrom
	// namedColumns leave the count out, for lists that only name sources.
	namedColumns = sourceFields + `0 AS applications` + sourceFrom
)

// List returns every source with its applications counted, newest
// first.
func (s *Store) List(ctx context.Context) ([]Source, error) { return s.list(ctx, sourceColumns) }

// Named returns every source without counting (Applications is 0), by
// name: the choices of a filter.
func (s *Store) Named(ctx context.Context) ([]Source, error) {
	list, err := s.list(ctx, namedColumns)
	slices.SortFunc(list, func(a, b Source) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return list, err
}

func (s *Store) list(ctx context.Context, columns string) ([]Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+columns+` ORDER BY s.created_at DESC, s.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Source])
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return list, nil
}

// ByID returns the source with id.
func (s *Store) ByID(ctx context.Context, id int64) (Source, error) {
	return db.One(ctx, s.pool, pgx.RowToStructByName[Source], ErrNotFound, `SELECT `+sourceColumns+` WHERE s.id = $1`, id)
}

// ByCode returns the source whose short link ends in code.
func (s *Store) ByCode(ctx context.Context, c string) (Source, error) {
	if c == "" || c != code(c) {
		return Source{}, ErrNotFound
	}
	return db.One(ctx, s.pool, pgx.RowToStructByName[Source], ErrNotFound, `SELECT `+sourceColumns+` WHERE s.code = $1`, c)
}
