package questions

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/audit"
)

// MaxPerRole is the most questions a role's form may hold: far above the
// 12 the editor warns at, low enough that no form grows without bound.
const MaxPerRole = 40

// Errors of the store.
var (
	ErrNotFound = errors.New("question not found")
	ErrTooMany  = fmt.Errorf("a role holds at most %d questions", MaxPerRole)
)

// Store reads and writes role_questions and application_answers.
type Store struct{ pool *pgxpool.Pool }

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const questionColumns = `id, role_id, position, kind, label, help, required, max_chars, options, knockouts, requirement`

// ForRole lists role's questions in form order.
func (s *Store) ForRole(ctx context.Context, roleID int64) ([]Question, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+questionColumns+` FROM role_questions WHERE role_id = $1 ORDER BY position`, roleID)
	if err != nil {
		return nil, fmt.Errorf("questions: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Question])
}

// Question returns role's question id.
func (s *Store) Question(ctx context.Context, roleID, id int64) (Question, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+questionColumns+` FROM role_questions WHERE role_id = $1 AND id = $2`, roleID, id)
	if err != nil {
		return Question{}, fmt.Errorf("question: %w", err)
	}
	q, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Question])
	if errors.Is(err, pgx.ErrNoRows) {
		return Question{}, ErrNotFound
	}
	return q, err
}

// Add appends qs to role's form, in order.
func (s *Store) Add(ctx context.Context, by audit.Actor, roleID int64, qs []Question) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockRole(ctx, tx, roleID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM role_questions WHERE role_id = $1`, roleID).Scan(&n); err != nil {
			return err
		}
		if n+len(qs) > MaxPerRole {
			return ErrTooMany
		}
		for i, q := range qs {
			if _, err := tx.Exec(ctx, `
				INSERT INTO role_questions (role_id, position, kind, label, help, required, max_chars, options, knockouts, requirement)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				roleID, n+i, q.Kind, q.Label, q.Help, q.Required, q.MaxChars, nonNil(q.Options), nonNil(q.Knockouts), q.Requirement); err != nil {
				return fmt.Errorf("add question: %w", err)
			}
		}
		return audit.Record(ctx, tx, by, "role.questions_added", roleSubject(roleID), strconv.Itoa(len(qs)))
	})
}

// Copy appends every question of role from to role to.
func (s *Store) Copy(ctx context.Context, by audit.Actor, to, from int64) (int, error) {
	qs, err := s.ForRole(ctx, from)
	if err != nil {
		return 0, err
	}
	if len(qs) == 0 {
		return 0, nil
	}
	return len(qs), s.Add(ctx, by, to, qs)
}

// Update replaces question id of role with q (its place kept). Answers
// already given keep the question as it was.
func (s *Store) Update(ctx context.Context, by audit.Actor, roleID, id int64, q Question) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE role_questions SET kind = $3, label = $4, help = $5, required = $6, max_chars = $7, options = $8,
			       knockouts = $9, requirement = $10
			WHERE role_id = $1 AND id = $2`,
			roleID, id, q.Kind, q.Label, q.Help, q.Required, q.MaxChars, nonNil(q.Options), nonNil(q.Knockouts), q.Requirement)
		if err != nil {
			return fmt.Errorf("update question: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, by, "role.question_changed", roleSubject(roleID), strconv.FormatInt(id, 10))
	})
}

// Remove deletes question id of role and closes the gap it leaves.
func (s *Store) Remove(ctx context.Context, by audit.Actor, roleID, id int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockRole(ctx, tx, roleID); err != nil {
			return err
		}
		var pos int
		err := tx.QueryRow(ctx, `DELETE FROM role_questions WHERE role_id = $1 AND id = $2 RETURNING position`, roleID, id).Scan(&pos)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("remove question: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE role_questions SET position = position - 1 WHERE role_id = $1 AND position > $2`, roleID, pos); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "role.question_removed", roleSubject(roleID), strconv.FormatInt(id, 10))
	})
}

// Move moves question id of role one place up (toward the top) or down;
// at either end it stays.
func (s *Store) Move(ctx context.Context, by audit.Actor, roleID, id int64, up bool) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockRole(ctx, tx, roleID); err != nil {
			return err
		}
		var pos int
		err := tx.QueryRow(ctx, `SELECT position FROM role_questions WHERE role_id = $1 AND id = $2`, roleID, id).Scan(&pos)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		other := pos + 1
		if up {
			other = pos - 1
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM role_questions WHERE role_id = $1 AND position = $2)`, roleID, other).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return nil // at the top or the bottom already
		}
		// The order's uniqueness is checked at commit, so the two
		// positions can be swapped in one statement.
		if _, err := tx.Exec(ctx, `
			UPDATE role_questions SET position = CASE position WHEN $2 THEN $3 ELSE $2 END
			WHERE role_id = $1 AND position IN ($2, $3)`, roleID, pos, other); err != nil {
			return fmt.Errorf("move question: %w", err)
		}
		return audit.Record(ctx, tx, by, "role.question_moved", roleSubject(roleID), strconv.FormatInt(id, 10))
	})
}

// lockRole takes role's row so that two editors changing its questions
// at once keep the positions whole; a missing role is ErrNotFound.
func lockRole(ctx context.Context, tx pgx.Tx, roleID int64) error {
	tag, err := tx.Exec(ctx, `SELECT FROM roles WHERE id = $1 FOR NO KEY UPDATE`, roleID)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

func roleSubject(id int64) string { return "role " + strconv.FormatInt(id, 10) }
