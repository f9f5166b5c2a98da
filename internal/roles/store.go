package roles

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/db"
)

// ChangesChannel is the PostgreSQL notification channel on which every
// change to a role is announced with the role's slug, by the
// roles_notify trigger (migration 00005), whoever writes.
const ChangesChannel = "roles_changed"

// Store reads and writes roles in PostgreSQL.
type Store struct {
	pool   *pgxpool.Pool
	engine Engine
}

// UseEngine makes Search ask e first (see Engine).
func (s *Store) UseEngine(e Engine) { s.engine = e }

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// roleColumns are the columns scanned into Role, in struct-name form.
const roleColumns = `id, slug, title, team, area, locations, work_mode, degree_levels, season,
	description, status, opens_at, closes_at, pay_min, pay_max, pay_currency, pay_unit, benefits,
	created_at, updated_at`

// BySlug returns the role with slug, whatever its status. A slug that
// cannot exist (the schema's own pattern) is not found without asking
// the database, which refuses some bytes outright: a NUL or invalid
// UTF-8 in the URL was a 500 instead of a 404 (TestSQLMetacharactersAreText).
func (s *Store) BySlug(ctx context.Context, slug string) (Role, error) {
	if !ValidSlug(slug) {
		return Role{}, ErrNotFound
	}
	r, err := db.One(ctx, s.pool, pgx.RowToStructByName[Role], ErrNotFound, `SELECT `+roleColumns+` FROM roles WHERE slug = $1`, slug)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Role{}, fmt.Errorf("role by slug: %w", err)
	}
	return r, err
}

// Similar returns up to n open roles like r: the same area, the same team
// first, newest first.
func (s *Store) Similar(ctx context.Context, r Role, n int, now time.Time) ([]Role, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+roleColumns+` FROM roles
		WHERE status = 'open' AND (closes_at IS NULL OR closes_at > $4)
		  AND area = $1 AND id <> $2
		ORDER BY (team = $3) DESC, opens_at DESC, id DESC
		LIMIT $5`, r.Area, r.ID, r.Team, now, n)
	if err != nil {
		return nil, fmt.Errorf("similar roles: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Role])
	if err != nil {
		return nil, fmt.Errorf("similar roles: %w", err)
	}
	return list, nil
}

// Open returns every role open at now, newest first, for the sitemap and
// the feed.
func (s *Store) Open(ctx context.Context, now time.Time) ([]Role, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+roleColumns+` FROM roles
		WHERE status = 'open' AND (closes_at IS NULL OR closes_at > $1)
		ORDER BY opens_at DESC, id DESC`, now)
	if err != nil {
		return nil, fmt.Errorf("open roles: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Role])
}
