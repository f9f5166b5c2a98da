package applications

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"example.com/careers/internal/audit"
)

// MatchTarget is a role an application may be matched with.
type MatchTarget struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
	Team  string `db:"team"`
}

// Errors of matching.
var (
	// ErrNoMatch: the target is not an open role of the same season, or
	// is the application's own role.
	ErrNoMatch = errors.New("that role cannot take this application")
	// ErrMatchDuplicate: the same address already applied to the target.
	ErrMatchDuplicate = errors.New("this address already applied to that role")
	// ErrMatchEnded: a decided application (hired, rejected, withdrawn)
	// stays where it ended.
	ErrMatchEnded = errors.New("the application has ended")
)

// matchable is the SQL condition for a target role r2 of application a
// (whose role is r): open, same season, another role.
const matchable = `r2.status = 'open' AND (r2.closes_at IS NULL OR r2.closes_at > now())
	AND lower(btrim(r2.season)) = lower(btrim(r.season)) AND r2.id <> r.id`

// MatchTargets lists the open roles of the same season that application
// id could be matched with, by team and title.
func (s *Store) MatchTargets(ctx context.Context, id int64) ([]MatchTarget, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT r2.id, r2.title, r2.team FROM applications a JOIN roles r ON r.id = a.role_id, roles r2
		WHERE a.id = $1 AND `+matchable+`
		ORDER BY lower(r2.team), lower(r2.title) LIMIT 300`, id)
	if err != nil {
		return nil, fmt.Errorf("match targets: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[MatchTarget])
}

// Match moves application id to another open role of the same season:
// after interviews, a student may fit another team better. Its stage,
// history, interviewers, scorecards and status links go with it; notify
// tells the student (kind "matched", To the stage, RoleTitle the new
// role).
func (s *Store) Match(ctx context.Context, by audit.Actor, id, target int64, notify Notify) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var n Notice
		var fromTitle string
		var erased bool
		err := tx.QueryRow(ctx, `
			SELECT a.stage, a.email, a.full_name, r.title, a.erased_at IS NOT NULL
			FROM applications a JOIN roles r ON r.id = a.role_id WHERE a.id = $1 FOR UPDATE OF a`, id).
			Scan(&n.To, &n.Email, &n.FullName, &fromTitle, &erased)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		case erased:
			return ErrErased
		case !n.To.Open():
			return ErrMatchEnded
		}
		err = tx.QueryRow(ctx, `
			SELECT r2.title FROM applications a JOIN roles r ON r.id = a.role_id, roles r2
			WHERE a.id = $1 AND r2.id = $2 AND `+matchable+` FOR SHARE OF r2`, id, target).Scan(&n.RoleTitle)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNoMatch
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET role_id = $2 WHERE id = $1`, id, target); err != nil {
			return err
		}
		note := "Matched with " + n.RoleTitle + " (applied to " + fromTitle + ")"
		if err := tx.QueryRow(ctx, `
			INSERT INTO application_events (application_id, kind, note, actor, account_id)
			VALUES ($1, 'match', $2, $3, $4) RETURNING id`, id, note, by.Label, nullID(by.AccountID)).Scan(&n.EventID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, by, "application.matched", "application "+strconv.FormatInt(id, 10),
			"role "+strconv.FormatInt(target, 10)); err != nil {
			return err
		}
		if notify == nil {
			return nil
		}
		n.Kind, n.ApplicationID = "matched", id
		if n.Token, err = newLink(ctx, tx, id); err != nil {
			return err
		}
		return notify(ctx, tx, n)
	})
	// The unique (role, address) index is the duplicate guard, races
	// included.
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23505" {
		return ErrMatchDuplicate
	}
	return err
}
