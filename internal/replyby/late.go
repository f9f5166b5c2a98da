package replyby

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/applications"
)

// LateLimit bounds the late list a page or a mail shows; past it they
// say how many more.
const LateLimit = 200

// Late is an application past its reply-by, or near it.
type Late struct {
	ID        int64              `db:"id"`
	FullName  string             `db:"full_name"`
	RoleID    int64              `db:"role_id"`
	RoleTitle string             `db:"role_title"`
	Stage     applications.Stage `db:"stage"`
	ReplyBy   time.Time          `db:"reply_by"`
	// Overdue is true past the reply-by; else it is near.
	Overdue bool `db:"-"`
}

// LateList is the late list: the applications whose reply-by is past or
// within the warning days, the earliest first.
type LateList struct {
	Rows []Late
	// Overdue counts the rows past their reply-by; More says the list
	// was cut at LateLimit.
	Overdue int
	More    bool
}

// Late returns the late list at now: past due, or due by the end of the
// WarnDays-th working day after today.
func (s *Store) Late(ctx context.Context, now time.Time) (LateList, error) {
	var l LateList
	until := s.Rules.Calendar.Due(now, s.Rules.WarnDays)
	rows, err := s.pool.Query(ctx, `
		SELECT a.id, a.full_name, a.role_id, r.title AS role_title, a.stage, a.reply_by
		FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE a.reply_by IS NOT NULL AND a.reply_by <= $1 AND a.erased_at IS NULL
		ORDER BY a.reply_by, a.id LIMIT `+fmt.Sprint(LateLimit+1), until)
	if err != nil {
		return l, fmt.Errorf("late list: %w", err)
	}
	if l.Rows, err = pgx.CollectRows(rows, pgx.RowToStructByName[Late]); err != nil {
		return l, fmt.Errorf("late list: %w", err)
	}
	if len(l.Rows) > LateLimit {
		l.Rows, l.More = l.Rows[:LateLimit], true
	}
	for i := range l.Rows {
		if l.Rows[i].Overdue = !l.Rows[i].ReplyBy.After(now); l.Rows[i].Overdue {
			l.Overdue++
		}
	}
	return l, nil
}
