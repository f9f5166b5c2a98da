package scheduling

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
)

// WriteMail words the message for a notice (web writes the words and
// attaches the invitation; this package decides who hears what, when).
type WriteMail func(ctx context.Context, n Notice) (mail.Message, error)

// Notice is one message about an interview time.
type Notice struct {
	// Kind is "booked", "moved", "cancelled" (with an Invite), "reminder"
	// (with Before), "invite" (to book) or "book_reminder".
	Kind          string
	ApplicationID int64
	Key           string
	To            Person
	// Student says the message is to the student (Token is a new status
	// link); otherwise it is to the interviewer.
	Student   bool
	Token     string
	Applicant string
	RoleTitle string
	Stage     applications.Stage
	Slot      Slot
	// TimeZone is the student's chosen zone ("" when none).
	TimeZone string
	Invite   *Invite
	Before   time.Duration
}

// ReminderArgs reminds student and interviewer Before (minutes) the
// booked interview, for the booking as it was at Sequence: a move or a
// cancel makes it moot (and cancels it).
type ReminderArgs struct {
	BookingID int64 `json:"booking_id" river:"unique"`
	Sequence  int   `json:"sequence" river:"unique"`
	Before    int   `json:"before_minutes" river:"unique"`
}

// Kind names the job.
func (ReminderArgs) Kind() string { return "interview_reminder" }

// BookReminderArgs reminds a student invited to book who has not.
type BookReminderArgs struct {
	ApplicationID int64              `json:"application_id" river:"unique"`
	Stage         applications.Stage `json:"stage" river:"unique"`
}

// Kind names the job.
func (BookReminderArgs) Kind() string { return "interview_book_reminder" }

// mails reports whether the store sends mail.
func (s *Store) mails() bool { return s.Outbox != nil && s.Write != nil && s.Queue != nil }

// people reads the student's and the role's side of application id.
func (s *Store) people(ctx context.Context, tx pgx.Tx, id int64) (student Person, zone, role string, err error) {
	err = tx.QueryRow(ctx, `
		SELECT a.full_name, a.email, coalesce(a.time_zone, ''), r.title FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE a.id = $1`, id).Scan(&student.Name, &student.Email, &zone, &role)
	return
}

// interviewer reads account's name and address.
func interviewer(ctx context.Context, tx pgx.Tx, account int64) (Person, error) {
	var p Person
	err := tx.QueryRow(ctx, `SELECT name, email FROM accounts WHERE id = $1`, account).Scan(&p.Name, &p.Email)
	return p, err
}

// invite builds the calendar object of booking b (at its slot): for the
// interviewer it lists both and names the student; for the student it
// lists the student only, as their page never names interviewers.
func (s *Store) invite(b Booking, student, iv Person, role string, forStudent, cancel bool, now time.Time) *Invite {
	inv := &Invite{
		Cancel: cancel, UID: b.UID, Sequence: b.Sequence, Start: b.Slot.Start, End: b.Slot.End, Stamp: now,
		Summary:  b.Stage.Label() + ": " + role + ", with " + student.Name,
		Location: b.Slot.Place, Organizer: s.Organizer, Attendees: []Person{student, iv},
		Description: "Where: " + b.Slot.Place + "\nYour schedule, the interview kit and the scorecard are on the careers site.",
	}
	if forStudent {
		inv.Summary = b.Stage.Label() + ": " + role
		inv.Attendees = []Person{student}
		inv.Description = "Where: " + b.Slot.Place + "\nTo move or cancel it, open your application's private page (the link is in our emails)."
	}
	return inv
}

// announce tells student and interviewer about booking b (kind booked,
// moved or cancelled) inside tx, each with the invitation, and moves the
// reminders. previous is the interviewer the booking had before a move
// to another's slot (0 otherwise): they get the cancellation.
func (s *Store) announce(ctx context.Context, tx pgx.Tx, kind string, b Booking, previous int64, now time.Time) error {
	if !s.mails() {
		return nil
	}
	student, zone, role, err := s.people(ctx, tx, b.ApplicationID)
	if err != nil {
		return err
	}
	// A longer interview arranged as an adjustment: the invitations and
	// messages carry the longer time (the recruiter who arranged it
	// keeps the interviewer's next time free).
	var extra int
	if err := tx.QueryRow(ctx, `SELECT interview_extra_minutes FROM applications WHERE id = $1`, b.ApplicationID).Scan(&extra); err != nil {
		return err
	}
	b.Slot.End = b.Slot.End.Add(time.Duration(extra) * time.Minute)
	iv, err := interviewer(ctx, tx, b.Slot.AccountID)
	if err != nil {
		return err
	}
	base := Notice{Kind: kind, ApplicationID: b.ApplicationID, Applicant: student.Name, RoleTitle: role, Stage: b.Stage,
		Slot: b.Slot, TimeZone: zone, Invite: s.invite(b, student, iv, role, false, kind == "cancelled", now)}
	toStudent := base
	toStudent.To, toStudent.Student = student, true
	toStudent.Invite = s.invite(b, student, iv, role, true, kind == "cancelled", now)
	toStudent.Key = mail.Key("booking", b.ID, b.Sequence, "student")
	if toStudent.Token, err = applications.NewLinkTx(ctx, tx, b.ApplicationID); err != nil {
		return err
	}
	toIV := base
	toIV.To, toIV.Key = iv, mail.Key("booking", b.ID, b.Sequence, "interviewer", b.Slot.AccountID)
	for _, n := range []Notice{toStudent, toIV} {
		if err := s.send(ctx, tx, n); err != nil {
			return err
		}
	}
	if previous != 0 && previous != b.Slot.AccountID {
		old, err := interviewer(ctx, tx, previous)
		if err != nil {
			return err
		}
		n := base
		n.Kind, n.To, n.Key = "cancelled", old, mail.Key("booking", b.ID, b.Sequence, "interviewer", previous)
		n.Invite = s.invite(b, student, old, role, false, true, now)
		if err := s.send(ctx, tx, n); err != nil {
			return err
		}
	}
	// Reminders: those of the booking as it was go; new ones come.
	if err := s.Queue.CancelTx(ctx, tx, ReminderArgs{}.Kind(), map[string]int64{"booking_id": b.ID}); err != nil {
		return err
	}
	if kind == "cancelled" {
		return nil
	}
	for _, before := range s.Options.Rules.Reminders {
		at := b.Slot.Start.Add(-before)
		if !at.After(now) {
			continue // closer than that already: the invitation says it
		}
		if err := s.Queue.InsertTx(ctx, tx, ReminderArgs{BookingID: b.ID, Sequence: b.Sequence, Before: int(before / time.Minute)},
			&river.InsertOpts{ScheduledAt: at, UniqueOpts: river.UniqueOpts{ByArgs: true}}); err != nil {
			return err
		}
	}
	// Booked: the reminder to book is moot.
	return s.Queue.CancelTx(ctx, tx, BookReminderArgs{}.Kind(), map[string]any{"application_id": b.ApplicationID, "stage": b.Stage})
}

// send queues n's message inside tx, tied to its application (erasure
// removes it).
func (s *Store) send(ctx context.Context, tx pgx.Tx, n Notice) error {
	m, err := s.Write(ctx, n)
	if err != nil {
		return err
	}
	m.ApplicationID = n.ApplicationID
	if n.Invite != nil {
		if m.Calendar, err = n.Invite.ICS(); err != nil {
			return fmt.Errorf("invitation: %w", err)
		}
		m.CalendarMethod = n.Invite.Method()
	}
	return s.Outbox.Enqueue(ctx, tx, m)
}

// Register adds the reminders' workers to q (before it starts).
func (s *Store) Register(q *jobs.Queue) {
	jobs.Add(q, &ReminderWorker{store: s})
	jobs.Add(q, &BookReminderWorker{store: s})
}

// ReminderWorker sends an interview's reminder, if the booking is still
// as it was.
type ReminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	store *Store
}

// Work mails student and interviewer, once (keyed by booking, sequence
// and lead time).
func (w *ReminderWorker) Work(ctx context.Context, job *river.Job[ReminderArgs]) error {
	s, a := w.store, job.Args
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var b Booking
		var slotID int64
		err := tx.QueryRow(ctx, `
			SELECT b.id, b.application_id, b.stage, b.uid, b.sequence, b.slot_id FROM interview_bookings b
			JOIN applications a ON a.id = b.application_id AND a.stage = b.stage AND a.erased_at IS NULL
			WHERE b.id = $1 AND b.cancelled_at IS NULL AND b.sequence = $2`, a.BookingID, a.Sequence).
			Scan(&b.ID, &b.ApplicationID, &b.Stage, &b.UID, &b.Sequence, &slotID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // moved, cancelled or moved on: moot
		}
		if err != nil {
			return err
		}
		slots, err := s.slotsTx(ctx, tx, `sl.id = $1`, slotID)
		if err != nil || len(slots) != 1 {
			return fmt.Errorf("reminder: slot %d: %w", slotID, err)
		}
		b.Slot = slots[0]
		student, zone, role, err := s.people(ctx, tx, b.ApplicationID)
		if err != nil {
			return err
		}
		iv, err := interviewer(ctx, tx, b.Slot.AccountID)
		if err != nil {
			return err
		}
		base := Notice{Kind: "reminder", ApplicationID: b.ApplicationID, Applicant: student.Name, RoleTitle: role, Stage: b.Stage,
			Slot: b.Slot, TimeZone: zone, Before: time.Duration(a.Before) * time.Minute}
		toStudent := base
		toStudent.To, toStudent.Student = student, true
		toStudent.Key = mail.Key("booking", b.ID, b.Sequence, "reminder", a.Before, "student")
		if toStudent.Token, err = applications.NewLinkTx(ctx, tx, b.ApplicationID); err != nil {
			return err
		}
		toIV := base
		toIV.To, toIV.Key = iv, mail.Key("booking", b.ID, b.Sequence, "reminder", a.Before, "interviewer")
		for _, n := range []Notice{toStudent, toIV} {
			if err := s.send(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// BookReminderWorker reminds a student who was invited to book and has
// not, while the application is in that stage and times are open.
type BookReminderWorker struct {
	river.WorkerDefaults[BookReminderArgs]
	store *Store
}

// Work mails the student once.
func (w *BookReminderWorker) Work(ctx context.Context, job *river.Job[BookReminderArgs]) error {
	s, a := w.store, job.Args
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var waiting bool
		if err := tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT FROM applications WHERE id = $1 AND stage = $2 AND erased_at IS NULL)
			   AND NOT EXISTS (SELECT FROM interview_bookings WHERE application_id = $1 AND stage = $2 AND cancelled_at IS NULL)`,
			a.ApplicationID, a.Stage).Scan(&waiting); err != nil || !waiting {
			return err
		}
		student, zone, role, err := s.people(ctx, tx, a.ApplicationID)
		if err != nil {
			return err
		}
		n := Notice{Kind: "book_reminder", ApplicationID: a.ApplicationID, Student: true, To: student, Applicant: student.Name,
			RoleTitle: role, Stage: a.Stage, TimeZone: zone, Key: mail.Key("booking-invite", a.ApplicationID, a.Stage, "reminder")}
		if n.Token, err = applications.NewLinkTx(ctx, tx, a.ApplicationID); err != nil {
			return err
		}
		return s.send(ctx, tx, n)
	})
}

// AfterMove (wire it into applications.Store.AfterMove) queues the
// reminder to book when an application enters an interview round, and
// on leaving a round releases a booking still to come (the seat freed,
// both calendars told) and cancels what waited on it.
func (s *Store) AfterMove(ctx context.Context, tx pgx.Tx, id int64, from, to applications.Stage) error {
	if isRound(from) {
		if err := s.releaseFuture(ctx, tx, id, from, s.Options.Now()); err != nil {
			return err
		}
	}
	if !s.mails() {
		return nil
	}
	if isRound(from) {
		if err := s.Queue.CancelTx(ctx, tx, BookReminderArgs{}.Kind(), map[string]any{"application_id": id, "stage": from}); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id FROM interview_bookings WHERE application_id = $1 AND stage = $2`, id, from)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		for _, b := range ids {
			if err := s.Queue.CancelTx(ctx, tx, ReminderArgs{}.Kind(), map[string]int64{"booking_id": b}); err != nil {
				return err
			}
		}
	}
	if !isRound(to) {
		return nil
	}
	return s.Queue.InsertTx(ctx, tx, BookReminderArgs{ApplicationID: id, Stage: to},
		&river.InsertOpts{ScheduledAt: s.Options.Now().Add(s.Options.Rules.BookWithin), UniqueOpts: river.UniqueOpts{ByArgs: true}})
}

func isRound(st applications.Stage) bool {
	return st == applications.Interview1 || st == applications.Interview2 || st == applications.Interview3
}

// InviteToBook mails the student of application id, in an interview
// round, to choose a time on their page (a recruiter's explicit
// invitation, say once times are open), and queues the reminder to book.
// Sent at most once an hour for the same round.
func (s *Store) InviteToBook(ctx context.Context, id int64, now time.Time) error {
	if !s.mails() {
		return nil
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, stage, err := lockApplication(ctx, tx, id)
		if err != nil {
			return err
		}
		student, zone, role, err := s.people(ctx, tx, id)
		if err != nil {
			return err
		}
		n := Notice{Kind: "invite", ApplicationID: id, Student: true, To: student, Applicant: student.Name, RoleTitle: role,
			Stage: stage, TimeZone: zone, Key: mail.Key("booking-invite", id, stage, now.UTC().Truncate(time.Hour).Unix())}
		if n.Token, err = applications.NewLinkTx(ctx, tx, id); err != nil {
			return err
		}
		if err := s.send(ctx, tx, n); err != nil {
			return err
		}
		return s.Queue.InsertTx(ctx, tx, BookReminderArgs{ApplicationID: id, Stage: stage},
			&river.InsertOpts{ScheduledAt: now.Add(s.Options.Rules.BookWithin), UniqueOpts: river.UniqueOpts{ByArgs: true}})
	})
}

// releaseFuture cancels the booking of (id, stage) when its interview
// is still to come: the application left the round first (withdrawn,
// declined, moved on early), so the seat is freed and both calendars get
// the CANCEL. A past interview's booking stays, as the round's record.
func (s *Store) releaseFuture(ctx context.Context, tx pgx.Tx, id int64, stage applications.Stage, now time.Time) error {
	b, err := s.liveTx(ctx, tx, id, stage)
	if errors.Is(err, ErrNoBooking) {
		return nil
	}
	if err != nil || !b.Slot.Start.After(now) {
		return err
	}
	b.Sequence++
	if _, err := tx.Exec(ctx, `UPDATE interview_bookings SET cancelled_at = $2, sequence = $3, updated_at = now() WHERE id = $1`,
		b.ID, now, b.Sequence); err != nil {
		return fmt.Errorf("release booking: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE interview_slots SET booked = booked - 1 WHERE id = $1`, b.Slot.ID); err != nil {
		return err
	}
	if err := releaseInterviewer(ctx, tx, id, stage, b.Slot.AccountID, 0); err != nil {
		return err
	}
	return s.announce(ctx, tx, "cancelled", b, 0, now)
}
