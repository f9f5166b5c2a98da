package roles

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/content"
)

// Kits returns the role's own interview kits by stage, or nil when it
// uses the site's defaults.
func (s *Store) Kits(ctx context.Context, id int64) (map[string]content.Kit, error) {
	var raw []byte
	err := s.pool.QueryRow(ctx, `SELECT kits FROM roles WHERE id = $1`, id).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("role kits: %w", err)
	}
	if len(raw) == 0 {
		return nil, nil
	}
	var kits map[string]content.Kit
	if err := json.Unmarshal(raw, &kits); err != nil {
		return nil, fmt.Errorf("role kits: %w", err)
	}
	return kits, nil
}

// SetKits stores the role's own kits (nil: back to the defaults).
// Scorecards already written keep the kit they were written against.
func (s *Store) SetKits(ctx context.Context, by audit.Actor, id int64, kits map[string]content.Kit) error {
	var raw []byte
	if kits != nil {
		var err error
		if raw, err = json.Marshal(kits); err != nil {
			return err
		}
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE roles SET kits = $2 WHERE id = $1`, id, raw)
		if err != nil {
			return fmt.Errorf("role kits: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		detail := "own kits"
		if kits == nil {
			detail = "default kits"
		}
		return audit.Record(ctx, tx, by, "role.kits", "role "+strconv.FormatInt(id, 10), detail)
	})
}
