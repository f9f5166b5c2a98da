// Package scheduling lets interviewers publish interview times and
// students book them: slots (one seat or a group session), weekly
// patterns across daylight-saving changes, bookings held in one
// transaction, rescheduling and cancelling within the rules, and the
// calendar invitations and reminders they send. SQL for the
// interview_slots and interview_bookings tables lives here.
package scheduling

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/content"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/text"
)

// Store holds slots and bookings in PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	Options
}

// Options configure the store. Without Outbox (and Queue) it sends no
// mail and queues no reminder: the rules alone, for tests of them.
type Options struct {
	Rules Rules
	// Queue takes the reminders; Outbox the invitations, worded by Write.
	Queue  *jobs.Queue
	Outbox *mail.Outbox
	Write  WriteMail
	// Organizer is whom invitations come from (the program's address).
	Organizer Person
	// Now is the clock of work done on another change's behalf (a move
	// out of a round); nil means time.Now.
	Now func() time.Time
}

// NewStore returns the store.
func NewStore(pool *pgxpool.Pool, o Options) *Store {
	o.Rules = o.Rules.withDefaults()
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Store{pool: pool, Options: o}
}

// Rules are the program's scheduling settings.
type Rules struct {
	// Cutoff is how long before an interview it can still be booked,
	// moved or cancelled on the student's page.
	Cutoff time.Duration
	// MaxReschedules is how many times a student may move a booking.
	MaxReschedules int
	// Reminders are how long before an interview student and interviewer
	// are reminded.
	Reminders []time.Duration
	// BookWithin is how long after the invitation to book a student who
	// has not booked is reminded (once).
	BookWithin time.Duration
}

func (r Rules) withDefaults() Rules {
	if r.Cutoff <= 0 {
		r.Cutoff = 12 * time.Hour
	}
	if r.MaxReschedules <= 0 {
		r.MaxReschedules = 2
	}
	if len(r.Reminders) == 0 {
		r.Reminders = []time.Duration{24 * time.Hour, time.Hour}
	}
	if r.BookWithin <= 0 {
		r.BookWithin = 3 * 24 * time.Hour
	}
	return r
}

// Slot is a published interview time.
type Slot struct {
	ID          int64              `db:"id"`
	RoleID      int64              `db:"role_id"`
	Stage       applications.Stage `db:"stage"`
	AccountID   int64              `db:"account_id"`
	Interviewer string             `db:"interviewer"`
	Start       time.Time          `db:"start"`
	End         time.Time          `db:"end"`
	Place       string             `db:"place"`
	Capacity    int                `db:"capacity"`
	Booked      int                `db:"booked"`
}

// Length is the slot's duration.
func (s Slot) Length() time.Duration { return s.End.Sub(s.Start) }

// Open reports whether a seat is free.
func (s Slot) Open() bool { return s.Booked < s.Capacity }

// NewSlot is a slot to publish.
type NewSlot struct {
	RoleID    int64
	Stage     applications.Stage
	AccountID int64
	Start     time.Time
	Length    time.Duration
	Place     string
	Capacity  int
}

// Errors of slots.
var (
	ErrNotFound = errors.New("slot not found")
	ErrBooked   = errors.New("the slot has bookings")
	ErrStage    = errors.New("slots are for the interview rounds")
	ErrPast     = errors.New("the slot starts in the past")
)

// OverlapError says a new slot overlaps one of the interviewer's own.
type OverlapError struct{ Start time.Time }

func (e *OverlapError) Error() string {
	return "overlaps another slot of the same interviewer at " + e.Start.UTC().String()
}

// check validates a new slot at now.
func (n *NewSlot) check(now time.Time) error {
	n.Place = text.Line(n.Place, 500)
	switch {
	case n.Stage != applications.Interview1 && n.Stage != applications.Interview2 && n.Stage != applications.Interview3:
		return ErrStage
	case !n.Start.After(now):
		return ErrPast
	}
	return nil
}

// Add publishes slots in one transaction: all or none. A slot that
// overlaps another of the same interviewer's (already there, or earlier
// in slots) is refused by the database's exclusion constraint, and the
// error names its start.
func (s *Store) Add(ctx context.Context, by audit.Actor, slots []NewSlot, now time.Time) error {
	for i := range slots {
		if err := slots[i].check(now); err != nil {
			return err
		}
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Two transactions inserting overlapping slots for one interviewer
		// can each wait on the other's exclusion check, and PostgreSQL
		// then aborts one as a deadlock instead of reporting the overlap.
		// Taking the interviewers' rows first, in id order, queues such
		// additions one behind the other, so the second meets the
		// constraint and hears which slot overlaps.
		ids := make([]int64, len(slots))
		for i, n := range slots {
			ids[i] = n.AccountID
		}
		if _, err := tx.Exec(ctx, `SELECT FROM accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, ids); err != nil {
			return fmt.Errorf("add slot: %w", err)
		}
		for _, n := range slots {
			during := pgtype.Range[pgtype.Timestamptz]{
				Lower: pgtype.Timestamptz{Time: n.Start, Valid: true}, Upper: pgtype.Timestamptz{Time: n.Start.Add(n.Length), Valid: true},
				LowerType: pgtype.Inclusive, UpperType: pgtype.Exclusive, Valid: true,
			}
			_, err := tx.Exec(ctx, `
				INSERT INTO interview_slots (role_id, stage, account_id, during, place, capacity, created_by)
				SELECT $1, $2, id, $4, $5, $6, $7 FROM accounts WHERE id = $3 AND disabled_at IS NULL`,
				n.RoleID, n.Stage, n.AccountID, during, n.Place, n.Capacity, by.Label)
			if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.ConstraintName == "interview_slots_no_overlap" {
				return &OverlapError{Start: n.Start}
			}
			if err != nil {
				return fmt.Errorf("add slot: %w", err)
			}
		}
		return audit.Record(ctx, tx, by, "slots.added", "role "+strconv.FormatInt(slots[0].RoleID, 10),
			fmt.Sprintf("%d slots, %s", len(slots), slots[0].Stage))
	})
}

// Remove deletes an unbooked slot of role.
func (s *Store) Remove(ctx context.Context, by audit.Actor, roleID, id int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var booked int
		err := tx.QueryRow(ctx, `SELECT booked FROM interview_slots WHERE id = $1 AND role_id = $2 FOR UPDATE`, id, roleID).Scan(&booked)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		// Cancelled bookings keep their slot for the calendar's history.
		var ever bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM interview_bookings WHERE slot_id = $1)`, id).Scan(&ever); err != nil {
			return err
		}
		if booked > 0 || ever {
			return ErrBooked
		}
		if _, err := tx.Exec(ctx, `DELETE FROM interview_slots WHERE id = $1`, id); err != nil {
			return fmt.Errorf("remove slot: %w", err)
		}
		return audit.Record(ctx, tx, by, "slots.removed", "role "+strconv.FormatInt(roleID, 10), "slot "+strconv.FormatInt(id, 10))
	})
}

const slotColumns = `sl.id, sl.role_id, sl.stage, sl.account_id, ac.name AS interviewer,
	lower(sl.during) AS start, upper(sl.during) AS "end", sl.place, sl.capacity, sl.booked`

// ForRole lists role's slots from since on, by start.
func (s *Store) ForRole(ctx context.Context, roleID int64, since time.Time) ([]Slot, error) {
	return s.slots(ctx, `sl.role_id = $1 AND upper(sl.during) > $2`, roleID, since)
}

// OpenFor lists the slots application id may book now: its role's, for
// its current stage, with a free seat, starting after the cutoff.
func (s *Store) OpenFor(ctx context.Context, id int64, now time.Time) ([]Slot, error) {
	return s.slots(ctx, `sl.booked < sl.capacity AND lower(sl.during) > $2
		AND (sl.role_id, sl.stage) = (SELECT role_id, stage FROM applications WHERE id = $1)`, id, now.Add(s.Options.Rules.Cutoff))
}

// slots reads slots matching where (a constant, never input).
func (s *Store) slots(ctx context.Context, where string, args ...any) ([]Slot, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+slotColumns+`
		FROM interview_slots sl JOIN accounts ac ON ac.id = sl.account_id
		WHERE `+where+` ORDER BY lower(sl.during), sl.id LIMIT 1000`, args...)
	if err != nil {
		return nil, fmt.Errorf("slots: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Slot])
}

// Pattern is a weekly pattern of slots: on the given weekdays, at the
// given times of day (in Location, the interviewer's zone), from the
// first date to the last, inclusive.
type Pattern struct {
	From, To time.Time // civil dates (only year, month, day count)
	Weekdays []time.Weekday
	Times    []string // "09:00", "14:30"
	Location *time.Location
}

// Starts returns the pattern's instants, in order. Each is made from the
// civil date and time in Location (time.Date), so 09:00 stays 09:00 on
// both sides of a daylight-saving change; a time that does not exist
// that day (skipped by the clocks) is left out, not moved.
func (p Pattern) Starts() ([]time.Time, error) {
	type hm struct{ h, m int }
	var times []hm
	for _, t := range p.Times {
		t = strings.TrimSpace(t)
		parsed, err := time.Parse("15:04", t)
		if err != nil {
			return nil, fmt.Errorf("time of day %q: want HH:MM", t)
		}
		times = append(times, hm{parsed.Hour(), parsed.Minute()})
	}
	days := map[time.Weekday]bool{}
	for _, d := range p.Weekdays {
		days[d] = true
	}
	var out []time.Time
	from := time.Date(p.From.Year(), p.From.Month(), p.From.Day(), 0, 0, 0, 0, time.UTC)
	to := time.Date(p.To.Year(), p.To.Month(), p.To.Day(), 0, 0, 0, 0, time.UTC)
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if !days[d.Weekday()] {
			continue
		}
		for _, t := range times {
			at := time.Date(d.Year(), d.Month(), d.Day(), t.h, t.m, 0, 0, p.Location)
			if at.Hour() != t.h || at.Minute() != t.m {
				continue // not a time on the clock that day
			}
			out = append(out, at)
		}
		if len(out) > 500 {
			return nil, errors.New("the pattern makes more than 500 slots: choose fewer days or times")
		}
	}
	return out, nil
}

// RulesFrom reads the rules in the site's content (site.yaml), where
// people write hours and days; zeros keep the defaults.
func RulesFrom(c content.Scheduling) Rules {
	r := Rules{Cutoff: time.Duration(c.CutoffHours) * time.Hour, MaxReschedules: c.MaxReschedules,
		BookWithin: time.Duration(c.RemindToBookDays) * 24 * time.Hour}
	for _, h := range c.ReminderHours {
		r.Reminders = append(r.Reminders, time.Duration(h)*time.Hour)
	}
	return r
}

// Booked is a student holding a seat of a slot.
type Booked struct {
	SlotID        int64  `db:"slot_id"`
	ApplicationID int64  `db:"application_id"`
	FullName      string `db:"full_name"`
}

// BookedIn lists who holds the seats of slots, by slot.
func (s *Store) BookedIn(ctx context.Context, slots []Slot) (map[int64][]Booked, error) {
	ids := make([]int64, len(slots))
	for i, sl := range slots {
		ids[i] = sl.ID
	}
	rows, err := s.pool.Query(ctx, `
		SELECT b.slot_id, b.application_id, a.full_name FROM interview_bookings b JOIN applications a ON a.id = b.application_id
		WHERE b.slot_id = ANY ($1) AND b.cancelled_at IS NULL ORDER BY lower(a.full_name)`, ids)
	if err != nil {
		return nil, fmt.Errorf("booked: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Booked])
	if err != nil {
		return nil, fmt.Errorf("booked: %w", err)
	}
	out := map[int64][]Booked{}
	for _, b := range list {
		out[b.SlotID] = append(out[b.SlotID], b)
	}
	return out, nil
}

// ForInterviewer lists account's slots from since on, by start.
func (s *Store) ForInterviewer(ctx context.Context, account int64, since time.Time) ([]Slot, error) {
	return s.slots(ctx, `sl.account_id = $1 AND upper(sl.during) > $2`, account, since)
}

// Waiting is an application in an interview round with no time booked.
type Waiting struct {
	ApplicationID int64              `db:"application_id"`
	FullName      string             `db:"full_name"`
	Stage         applications.Stage `db:"stage"`
}

// NotBooked lists role's applications in an interview round without a
// time booked for it, by name.
func (s *Store) NotBooked(ctx context.Context, roleID int64) ([]Waiting, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT a.id AS application_id, a.full_name, a.stage FROM applications a
		WHERE a.role_id = $1 AND a.erased_at IS NULL AND a.stage IN ('interview_1', 'interview_2', 'interview_3')
		  AND NOT EXISTS (SELECT FROM interview_bookings b WHERE b.application_id = a.id AND b.stage = a.stage AND b.cancelled_at IS NULL)
		ORDER BY lower(a.full_name) LIMIT 500`, roleID)
	if err != nil {
		return nil, fmt.Errorf("not booked: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Waiting])
}

// SlotBooking is one booking of a slot, live or cancelled, for the
// slot's page.
type SlotBooking struct {
	ApplicationID int64      `db:"application_id"`
	FullName      string     `db:"full_name"`
	Reschedules   int        `db:"reschedules"`
	BookedAt      time.Time  `db:"created_at"`
	CancelledAt   *time.Time `db:"cancelled_at"`
}

// Slot returns role's slot id with everyone who booked it, cancelled or
// not, oldest first.
func (s *Store) Slot(ctx context.Context, roleID, id int64) (Slot, []SlotBooking, error) {
	slots, err := s.slots(ctx, `sl.id = $1 AND sl.role_id = $2`, id, roleID)
	if err != nil {
		return Slot{}, nil, err
	}
	if len(slots) == 0 {
		return Slot{}, nil, ErrNotFound
	}
	rows, err := s.pool.Query(ctx, `
		SELECT b.application_id, a.full_name, b.reschedules, b.created_at, b.cancelled_at
		FROM interview_bookings b JOIN applications a ON a.id = b.application_id
		WHERE b.slot_id = $1 ORDER BY b.id`, id)
	if err != nil {
		return Slot{}, nil, fmt.Errorf("slot bookings: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[SlotBooking])
	return slots[0], list, err
}
