package scheduling

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/token"
)

// Booking is a student's interview time.
type Booking struct {
	ID            int64              `db:"id"`
	ApplicationID int64              `db:"application_id"`
	Stage         applications.Stage `db:"stage"`
	UID           string             `db:"uid"`
	Sequence      int                `db:"sequence"`
	Reschedules   int                `db:"reschedules"`
	CancelledAt   *time.Time         `db:"cancelled_at"`
	Slot          Slot               `db:"-"`
}

// Errors of bookings, each with its own words on the student's page.
var (
	// ErrTaken: the last seat went to someone else a moment before.
	ErrTaken = errors.New("that time was just taken")
	// ErrTooLate: within the cutoff before the interview.
	ErrTooLate = errors.New("too close to the interview to change it here")
	// ErrLimit: the student has moved this interview as often as allowed.
	ErrLimit = errors.New("no more reschedules")
	// ErrAlreadyBooked: one booking per round; move it instead.
	ErrAlreadyBooked = errors.New("already booked")
	// ErrNoBooking: nothing booked to move or cancel.
	ErrNoBooking = errors.New("nothing booked")
	// ErrNotBookable: the application is not in an interview round.
	ErrNotBookable = errors.New("the application is not in an interview round")
)

// Applicant is the system actor of changes a student makes.
var Applicant = audit.Actor{Label: applications.ActorApplicant}

// Current returns application id's live booking for its current stage,
// or nil.
func (s *Store) Current(ctx context.Context, id int64) (*Booking, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT b.id, b.application_id, b.stage, b.uid, b.sequence, b.reschedules, b.cancelled_at
		FROM interview_bookings b JOIN applications a ON a.id = b.application_id AND a.stage = b.stage
		WHERE b.application_id = $1 AND b.cancelled_at IS NULL`, id)
	if err != nil {
		return nil, fmt.Errorf("booking: %w", err)
	}
	b, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Booking])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("booking: %w", err)
	}
	slots, err := s.slots(ctx, `sl.id = (SELECT slot_id FROM interview_bookings WHERE id = $1)`, b.ID)
	if err != nil || len(slots) != 1 {
		return nil, fmt.Errorf("booking %d: its slot: %w", b.ID, err)
	}
	b.Slot = slots[0]
	return &b, nil
}

// takeSeat takes a seat of slot for application (role, stage) in tx, if
// one is free and the slot starts after the cutoff.
func (s *Store) takeSeat(ctx context.Context, tx pgx.Tx, slotID, roleID int64, stage applications.Stage, now time.Time) (Slot, error) {
	tag, err := tx.Exec(ctx, `
		UPDATE interview_slots SET booked = booked + 1
		WHERE id = $1 AND role_id = $2 AND stage = $3 AND booked < capacity AND lower(during) > $4`,
		slotID, roleID, stage, now.Add(s.Options.Rules.Cutoff))
	if err != nil {
		return Slot{}, fmt.Errorf("take a seat: %w", err)
	}
	slots, err := s.slotsTx(ctx, tx, `sl.id = $1 AND sl.role_id = $2 AND sl.stage = $3`, slotID, roleID, stage)
	switch {
	case err != nil:
		return Slot{}, err
	case len(slots) == 0:
		return Slot{}, ErrNotFound
	case tag.RowsAffected() == 0 && !slots[0].Start.After(now.Add(s.Options.Rules.Cutoff)):
		return Slot{}, ErrTooLate
	case tag.RowsAffected() == 0:
		return Slot{}, ErrTaken
	}
	return slots[0], nil
}

// slotsTx is slots inside tx.
func (s *Store) slotsTx(ctx context.Context, tx pgx.Tx, where string, args ...any) ([]Slot, error) {
	rows, err := tx.Query(ctx, `SELECT `+slotColumns+`
		FROM interview_slots sl JOIN accounts ac ON ac.id = sl.account_id
		WHERE `+where+` ORDER BY lower(sl.during), sl.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("slots: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Slot])
}

// lockApplication locks application id and returns its role and stage.
func lockApplication(ctx context.Context, tx pgx.Tx, id int64) (int64, applications.Stage, error) {
	var roleID int64
	var stage applications.Stage
	var erased bool
	err := tx.QueryRow(ctx, `SELECT role_id, stage, erased_at IS NOT NULL FROM applications WHERE id = $1 FOR UPDATE`, id).
		Scan(&roleID, &stage, &erased)
	switch {
	case errors.Is(err, pgx.ErrNoRows) || erased:
		return 0, "", applications.ErrNotFound
	case err != nil:
		return 0, "", err
	case stage != applications.Interview1 && stage != applications.Interview2 && stage != applications.Interview3:
		return 0, "", ErrNotBookable
	}
	return roleID, stage, nil
}

// Book takes slotID for application id, in one transaction: a seat, the
// booking (with its calendar UID), and the slot's interviewer assigned
// to the stage at the booked time. Two students for the last seat: one
// gets it, the other ErrTaken.
func (s *Store) Book(ctx context.Context, apps *applications.Store, id, slotID int64, now time.Time) (Booking, error) {
	var b Booking
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		roleID, stage, err := lockApplication(ctx, tx, id)
		if err != nil {
			return err
		}
		var live bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM interview_bookings WHERE application_id = $1 AND stage = $2 AND cancelled_at IS NULL)`,
			id, stage).Scan(&live); err != nil {
			return err
		}
		if live {
			return ErrAlreadyBooked
		}
		slot, err := s.takeSeat(ctx, tx, slotID, roleID, stage, now)
		if err != nil {
			return err
		}
		b = Booking{ApplicationID: id, Stage: stage, UID: token.New() + "@interviews", Slot: slot}
		if err := tx.QueryRow(ctx, `
			INSERT INTO interview_bookings (application_id, stage, slot_id, uid) VALUES ($1, $2, $3, $4) RETURNING id`,
			id, stage, slotID, b.UID).Scan(&b.ID); err != nil {
			return fmt.Errorf("book: %w", err)
		}
		start := slot.Start
		if err := apps.AssignTx(ctx, tx, Applicant, id, stage, slot.AccountID, &start); err != nil {
			return err
		}
		return s.announce(ctx, tx, "booked", b, 0, now)
	})
	return b, err
}

// Reschedule moves application id's booking to slotID, within the cutoff
// (of the old time) and the limit of moves. The booking keeps its UID;
// its sequence goes up.
func (s *Store) Reschedule(ctx context.Context, apps *applications.Store, id, slotID int64, now time.Time) (Booking, error) {
	var b Booking
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		roleID, stage, err := lockApplication(ctx, tx, id)
		if err != nil {
			return err
		}
		old, err := s.liveTx(ctx, tx, id, stage)
		if err != nil {
			return err
		}
		if !old.Slot.Start.After(now.Add(s.Options.Rules.Cutoff)) {
			return ErrTooLate
		}
		if old.Reschedules >= s.Options.Rules.MaxReschedules {
			return ErrLimit
		}
		if old.Slot.ID == slotID {
			b = old
			return nil
		}
		slot, err := s.takeSeat(ctx, tx, slotID, roleID, stage, now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE interview_slots SET booked = booked - 1 WHERE id = $1`, old.Slot.ID); err != nil {
			return err
		}
		b = old
		b.Slot, b.Sequence, b.Reschedules = slot, old.Sequence+1, old.Reschedules+1
		if _, err := tx.Exec(ctx, `
			UPDATE interview_bookings SET slot_id = $2, sequence = $3, reschedules = $4, updated_at = now() WHERE id = $1`,
			b.ID, slotID, b.Sequence, b.Reschedules); err != nil {
			return fmt.Errorf("reschedule: %w", err)
		}
		if err := releaseInterviewer(ctx, tx, id, stage, old.Slot.AccountID, slot.AccountID); err != nil {
			return err
		}
		start := slot.Start
		if err := apps.AssignTx(ctx, tx, Applicant, id, stage, slot.AccountID, &start); err != nil {
			return err
		}
		return s.announce(ctx, tx, "moved", b, old.Slot.AccountID, now)
	})
	return b, err
}

// Cancel cancels application id's booking, within the cutoff.
func (s *Store) Cancel(ctx context.Context, id int64, now time.Time) (Booking, error) {
	var b Booking
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, stage, err := lockApplication(ctx, tx, id)
		if err != nil {
			return err
		}
		if b, err = s.liveTx(ctx, tx, id, stage); err != nil {
			return err
		}
		if !b.Slot.Start.After(now.Add(s.Options.Rules.Cutoff)) {
			return ErrTooLate
		}
		b.Sequence++
		t := now
		b.CancelledAt = &t
		if _, err := tx.Exec(ctx, `UPDATE interview_bookings SET cancelled_at = $2, sequence = $3, updated_at = now() WHERE id = $1`,
			b.ID, now, b.Sequence); err != nil {
			return fmt.Errorf("cancel: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE interview_slots SET booked = booked - 1 WHERE id = $1`, b.Slot.ID); err != nil {
			return err
		}
		if err := releaseInterviewer(ctx, tx, id, stage, b.Slot.AccountID, 0); err != nil {
			return err
		}
		return s.announce(ctx, tx, "cancelled", b, 0, now)
	})
	return b, err
}

// liveTx reads and locks the live booking of (id, stage) in tx.
func (s *Store) liveTx(ctx context.Context, tx pgx.Tx, id int64, stage applications.Stage) (Booking, error) {
	var b Booking
	var slotID int64
	err := tx.QueryRow(ctx, `
		SELECT id, application_id, stage, uid, sequence, reschedules, slot_id FROM interview_bookings
		WHERE application_id = $1 AND stage = $2 AND cancelled_at IS NULL FOR UPDATE`, id, stage).
		Scan(&b.ID, &b.ApplicationID, &b.Stage, &b.UID, &b.Sequence, &b.Reschedules, &slotID)
	if errors.Is(err, pgx.ErrNoRows) {
		return Booking{}, ErrNoBooking
	}
	if err != nil {
		return Booking{}, err
	}
	slots, err := s.slotsTx(ctx, tx, `sl.id = $1`, slotID)
	if err != nil || len(slots) != 1 {
		return Booking{}, fmt.Errorf("booking %d: its slot: %w", b.ID, err)
	}
	b.Slot = slots[0]
	return b, nil
}

// releaseInterviewer takes the old slot's interviewer off the stage when
// the booking leaves them (another interviewer, or cancelled), unless
// they already wrote a scorecard; staying, they simply get the new time.
func releaseInterviewer(ctx context.Context, tx pgx.Tx, id int64, stage applications.Stage, old, next int64) error {
	if old == next {
		return nil
	}
	// Kept (assigned by a recruiter, or their card is in): no interview
	// at the old time any more, so no reminder for it.
	if _, err := tx.Exec(ctx, `UPDATE interview_assignments SET interview_at = NULL WHERE application_id = $1 AND stage = $2 AND account_id = $3`,
		id, stage, old); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `
		DELETE FROM interview_assignments ia WHERE application_id = $1 AND stage = $2 AND account_id = $3
		  AND assigned_by = $4
		  AND NOT EXISTS (SELECT FROM scorecards sc WHERE sc.application_id = ia.application_id AND sc.stage = ia.stage AND sc.account_id = ia.account_id)`,
		id, stage, old, applications.ActorApplicant)
	return err
}
