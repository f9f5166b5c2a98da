package replyby

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/content"
)

// Levels are service levels in working days: from applying, from
// handing in the take-home, from an interview.
type Levels struct {
	Applied   int
	TakeHome  int
	Interview int
}

// For is the level of stage (0: none is owed there).
func (l Levels) For(stage applications.Stage) int {
	switch {
	case stage == applications.Applied:
		return l.Applied
	case stage == applications.TakeHome:
		return l.TakeHome
	case applications.IsInterviewStage(stage):
		return l.Interview
	}
	return 0
}

// Over returns l with each level of o that is set (not 0).
func (l Levels) Over(o Levels) Levels {
	return Levels{cmp.Or(o.Applied, l.Applied), cmp.Or(o.TakeHome, l.TakeHome), cmp.Or(o.Interview, l.Interview)}
}

// Rules are the program's levels, its calendar and how far ahead the
// late list warns.
type Rules struct {
	Defaults Levels
	Calendar Calendar
	WarnDays int
}

// RulesFrom reads the rules from the site's settings.
func RulesFrom(s content.Settings) Rules {
	var holidays []time.Time
	for _, h := range s.ReplyBy.Holidays {
		holidays = append(holidays, h.Time)
	}
	return Rules{
		Defaults: Levels{s.ReplyBy.Applied, s.ReplyBy.TakeHome, s.ReplyBy.Interview},
		Calendar: NewCalendar(s.Location(), holidays),
		WarnDays: s.ReplyBy.WarnDays,
	}
}

// Store computes and reads reply-by moments.
type Store struct {
	pool  *pgxpool.Pool
	Rules Rules
}

// NewStore returns a Store on pool with rules.
func NewStore(pool *pgxpool.Pool, rules Rules) *Store { return &Store{pool: pool, Rules: rules} }

// Start is what an application's reply-by counts from in its stage:
// entering it (applied); the latest hand-in (take-home; none before);
// the interview's end when its time is set, else entering the round, so
// an interview never arranged is late too.
type Start struct {
	Stage     applications.Stage
	Entered   time.Time
	HandedIn  *time.Time
	Interview *time.Time
}

// From is the moment the reply-by counts from, or nil when none is owed.
func (s Start) From() *time.Time {
	switch {
	case s.Stage == applications.Applied:
		return &s.Entered
	case s.Stage == applications.TakeHome:
		return s.HandedIn
	case applications.IsInterviewStage(s.Stage):
		if s.Interview != nil && s.Interview.After(s.Entered) {
			return s.Interview
		}
		return &s.Entered
	}
	return nil
}

// Due is the reply-by moment for start under levels (nil when none).
func (r Rules) Due(start Start, levels Levels) *time.Time {
	from, days := start.From(), levels.For(start.Stage)
	if from == nil || days == 0 {
		return nil
	}
	due := r.Calendar.Due(*from, days)
	return &due
}

// RefreshTx recomputes application id's reply-by in tx (wire it as
// applications.Store.ReplyBy). An erased or unknown application is left
// alone.
func (s *Store) RefreshTx(ctx context.Context, tx pgx.Tx, id int64) error {
	var st Start
	var own Levels
	err := tx.QueryRow(ctx, `
		SELECT a.stage, a.stage_entered_at,
		       coalesce(r.reply_by_applied, 0), coalesce(r.reply_by_take_home, 0), coalesce(r.reply_by_interview, 0),
		       (SELECT ths.submitted_at FROM take_home_submissions ths WHERE ths.application_id = a.id),
		       greatest(
		           (SELECT max(upper(sl.during)) FROM interview_bookings b JOIN interview_slots sl ON sl.id = b.slot_id
		            WHERE b.application_id = a.id AND b.stage = a.stage AND b.cancelled_at IS NULL),
		           (SELECT max(ia.interview_at) FROM interview_assignments ia WHERE ia.application_id = a.id AND ia.stage = a.stage))
		FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE a.id = $1 AND a.erased_at IS NULL`, id).
		Scan(&st.Stage, &st.Entered, &own.Applied, &own.TakeHome, &own.Interview, &st.HandedIn, &st.Interview)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reply-by: %w", err)
	}
	due := s.Rules.Due(st, s.Rules.Defaults.Over(own))
	if _, err := tx.Exec(ctx, `UPDATE applications SET reply_by = $2 WHERE id = $1`, id, due); err != nil {
		return fmt.Errorf("reply-by: %w", err)
	}
	return nil
}

// Refresh recomputes application id's reply-by in a transaction of its
// own.
func (s *Store) Refresh(ctx context.Context, id int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return s.RefreshTx(ctx, tx, id) })
}

// RoleLevels returns role id's own levels (0 where it keeps the site's).
func (s *Store) RoleLevels(ctx context.Context, id int64) (Levels, error) {
	var l Levels
	err := s.pool.QueryRow(ctx, `
		SELECT coalesce(reply_by_applied, 0), coalesce(reply_by_take_home, 0), coalesce(reply_by_interview, 0)
		FROM roles WHERE id = $1`, id).Scan(&l.Applied, &l.TakeHome, &l.Interview)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, ErrRoleNotFound
	}
	return l, err
}

// ErrRoleNotFound: no role has the id.
var ErrRoleNotFound = errors.New("role not found")

// refreshBatch bounds one pass over a role's open applications.
const refreshBatch = 500

// SetRoleLevels stores role id's own levels (0 keeps the site's) and
// recomputes the reply-by of its open applications, a batch per
// transaction, so the new promise holds from now on for everyone.
func (s *Store) SetRoleLevels(ctx context.Context, id int64, l Levels) error {
	nullable := func(n int) *int {
		if n == 0 {
			return nil
		}
		return &n
	}
	tag, err := s.pool.Exec(ctx, `
		UPDATE roles SET reply_by_applied = $2, reply_by_take_home = $3, reply_by_interview = $4 WHERE id = $1`,
		id, nullable(l.Applied), nullable(l.TakeHome), nullable(l.Interview))
	if err != nil {
		return fmt.Errorf("role reply-by: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrRoleNotFound
	}
	return s.refreshWhere(ctx, `role_id = $1`, id)
}

// RefreshOpen recomputes every open application's reply-by: after the
// site's levels or holidays change, and for applications made before
// reply-by dates existed (the digest job runs it when it finds any).
func (s *Store) RefreshOpen(ctx context.Context) error { return s.refreshWhere(ctx, `TRUE`) }

// refreshWhere recomputes the open applications matching where (a
// constant), in id order, a batch per transaction.
func (s *Store) refreshWhere(ctx context.Context, where string, args ...any) error {
	after := int64(0)
	for {
		var ids []int64
		rows, err := s.pool.Query(ctx, `
			SELECT id FROM applications
			WHERE `+where+` AND id > $`+fmt.Sprint(len(args)+1)+` AND erased_at IS NULL
			  AND stage IN ('applied', 'take_home', 'interview_1', 'interview_2', 'interview_3')
			ORDER BY id LIMIT `+fmt.Sprint(refreshBatch), append(args, after)...)
		if err != nil {
			return fmt.Errorf("refresh reply-by: %w", err)
		}
		if ids, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return fmt.Errorf("refresh reply-by: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			for _, id := range ids {
				if err := s.RefreshTx(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}
