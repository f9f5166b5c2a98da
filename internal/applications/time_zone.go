package applications

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"example.com/careers/internal/token"
)

// ErrBadTimeZone: not a time zone this site knows by name.
var ErrBadTimeZone = errors.New("unknown time zone")

// CheckTimeZone accepts an IANA zone name ("America/Chicago", "UTC") that
// the zone database (embedded in the binary) knows. "Local" and "" are
// refused: they mean the server's zone, not the student's.
func CheckTimeZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" || len(name) > 64 {
		return nil, ErrBadTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, ErrBadTimeZone
	}
	return loc, nil
}

// SetTimeZone keeps the zone the student reads their times in, for the
// application with status token tok: the status page and the mails
// about due moments use it.
func (s *Store) SetTimeZone(ctx context.Context, tok, zone string) error {
	loc, err := CheckTimeZone(zone)
	if err != nil {
		return err
	}
	if !token.Valid(tok) {
		return ErrNotFound
	}
	tag, err := s.pool.Exec(ctx, `
		UPDATE applications a SET time_zone = $2 FROM application_links l
		WHERE l.application_id = a.id AND l.token_hash = $1 AND a.erased_at IS NULL`, token.Hash(tok), loc.String())
	if err != nil {
		return fmt.Errorf("set time zone: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}
