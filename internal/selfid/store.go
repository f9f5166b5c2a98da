package selfid

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/db"
)

// ErrNotFound: the application does not exist or was erased.
var ErrNotFound = errors.New("application not found")

// Store keeps the answers in self_identifications.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store over pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// ForApplication returns application id's answers, nil when the student
// has given none. Only the student's own status page calls it.
func (s *Store) ForApplication(ctx context.Context, id int64) (*Answers, error) {
	a, err := db.One(ctx, s.pool, pgx.RowToStructByName[Answers], ErrNotFound, `
		SELECT gender, race_ethnicity, veteran_status, disability_status, answered_at, updated_at
		FROM self_identifications WHERE application_id = $1`, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("self-identification: %w", err)
	}
	return &a, nil
}

// Save stores or replaces application id's answers (checked by Read).
// The application row is read FOR SHARE: an erasure holds it FOR UPDATE,
// so answers never land on an application erased meanwhile (ErrNotFound).
func (s *Store) Save(ctx context.Context, id int64, a Answers, now time.Time) error {
	tag, err := s.pool.Exec(ctx, `
		INSERT INTO self_identifications
			(application_id, gender, race_ethnicity, veteran_status, disability_status, answered_at, updated_at)
		SELECT a.id, $2, $3, $4, $5, $6, $6 FROM applications a
		WHERE a.id = $1 AND a.erased_at IS NULL
		FOR SHARE
		ON CONFLICT (application_id) DO UPDATE SET
			gender = EXCLUDED.gender, race_ethnicity = EXCLUDED.race_ethnicity,
			veteran_status = EXCLUDED.veteran_status, disability_status = EXCLUDED.disability_status,
			updated_at = EXCLUDED.updated_at`,
		id, a.Gender, a.Race, a.Veteran, a.Disability, now)
	if err != nil {
		return fmt.Errorf("save self-identification: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// Remove deletes application id's answers, at the student's request
// (removing none is not an error).
func (s *Store) Remove(ctx context.Context, id int64) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM self_identifications WHERE application_id = $1`, id); err != nil {
		return fmt.Errorf("remove self-identification: %w", err)
	}
	return nil
}
