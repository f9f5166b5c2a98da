package offers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/jobs"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/text"
)

// Applicant is the actor of what the student does with an offer.
var Applicant = audit.Actor{Label: applications.ActorApplicant}

// Notice is a message about an offer: "made", "reminder" and
// "extension_granted"/"extension_declined" go to the student (with a
// fresh status link in Token), "expired", "accepted", "declined" and
// "extension_asked" to the recruiter who made it (To, when known).
type Notice struct {
	Kind          string
	ApplicationID int64
	Token         string
	To, FullName  string
	Role          string
	ExpiresAt     time.Time
}

// Write words a notice as mail.
type Write func(ctx context.Context, n Notice) (mail.Message, error)

// Options are the program's rules for offers.
type Options struct {
	// Window is the shortest decision window without a reason.
	Window time.Duration
	// Starts and Ends are the internship's dates, for the terms.
	Starts, Ends time.Time
}

// Store makes and keeps offers.
type Store struct {
	pool    *pgxpool.Pool
	apps    *applications.Store
	queue   *jobs.Queue
	outbox  *mail.Outbox
	write   Write
	Options Options
}

// NewStore returns a Store.
func NewStore(pool *pgxpool.Pool, apps *applications.Store, queue *jobs.Queue, outbox *mail.Outbox, write Write, o Options) *Store {
	if o.Window == 0 {
		o.Window = DefaultWindow
	}
	return &Store{pool: pool, apps: apps, queue: queue, outbox: outbox, write: write, Options: o}
}

const offerColumns = `application_id, body, made_at, made_by, expires_at, short_window_reason, state, decided_at,
	extension_reason, extension_requested_at, extension_decision`

// ForApplication returns application id's offer, or nil.
func (s *Store) ForApplication(ctx context.Context, id int64) (*Offer, error) {
	o, err := db.One(ctx, s.pool, pgx.RowToStructByName[Offer], ErrNotFound, `SELECT `+offerColumns+` FROM offers WHERE application_id = $1`, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("offer: %w", err)
	}
	return &o, nil
}

// CheckWindow says whether an offer made at now may end at expires:
// never within MinWindow, and before the program's window only with a
// reason.
func (s *Store) CheckWindow(now, expires time.Time, reason string) error {
	switch {
	case expires.Sub(now) < MinWindow:
		return ErrTooShort
	case expires.Sub(now) < s.Options.Window && reason == "":
		return ErrShortWindow
	}
	return nil
}

// Make moves application id from from to offer and writes its offer,
// ending at expires, in one transaction; the student is mailed it, and
// a reminder and the end are scheduled.
func (s *Store) Make(ctx context.Context, by audit.Actor, id int64, from applications.Stage, expires time.Time, reason string, now time.Time) error {
	reason = text.Block(reason, MaxReasonRunes)
	if err := s.CheckWindow(now, expires, reason); err != nil {
		return err
	}
	var shortReason *string
	if expires.Sub(now) < s.Options.Window {
		shortReason = &reason
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var t Terms
		var payMin, payMax *int
		var cur, unit *string
		err := tx.QueryRow(ctx, `
			SELECT a.full_name, r.title, r.team, r.locations, r.pay_min, r.pay_max, r.pay_currency, r.pay_unit
			FROM applications a JOIN roles r ON r.id = a.role_id WHERE a.id = $1 AND a.erased_at IS NULL`, id).
			Scan(&t.Name, &t.Role, &t.Team, &t.Locations, &payMin, &payMax, &cur, &unit)
		if errors.Is(err, pgx.ErrNoRows) {
			return applications.ErrNotFound
		}
		if err != nil {
			return err
		}
		t.Starts, t.Ends, t.Pay = s.Options.Starts, s.Options.Ends, PayRange(payMin, payMax, cur, unit)
		tag, err := tx.Exec(ctx, `
			INSERT INTO offers (application_id, body, made_at, made_by, made_by_account, expires_at, short_window_reason)
			VALUES ($1, $2, $3, $4, NULLIF($5, 0), $6, $7) ON CONFLICT DO NOTHING`,
			id, Body(t), now, by.Label, by.AccountID, expires, shortReason)
		if err != nil {
			return fmt.Errorf("make offer: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrAlreadyExists
		}
		notify := func(ctx context.Context, tx pgx.Tx, n applications.Notice) error {
			return s.tell(ctx, tx, Notice{Kind: "made", ApplicationID: id, Token: n.Token, To: n.Email, FullName: n.FullName, Role: n.RoleTitle, ExpiresAt: expires})
		}
		if err := s.apps.MoveTx(ctx, tx, by, applications.Move{ID: id, From: from, To: applications.Offer, Tell: true}, notify); err != nil {
			return err
		}
		return s.schedule(ctx, tx, id, expires, now)
	})
}

// schedule queues the reminder and the end for an offer ending at
// expires. Both carry the moment, so after an extension the old ones
// find it changed and do nothing.
func (s *Store) schedule(ctx context.Context, tx pgx.Tx, id int64, expires, now time.Time) error {
	if at := expires.Add(-RemindBefore); at.After(now.Add(time.Hour)) {
		if err := s.queue.InsertTx(ctx, tx, ReminderArgs{ApplicationID: id, ExpiresAt: expires.Unix()},
			&river.InsertOpts{ScheduledAt: at, UniqueOpts: river.UniqueOpts{ByArgs: true}}); err != nil {
			return err
		}
	}
	return s.queue.InsertTx(ctx, tx, ExpiryArgs{ApplicationID: id, ExpiresAt: expires.Unix()},
		&river.InsertOpts{ScheduledAt: expires, UniqueOpts: river.UniqueOpts{ByArgs: true}})
}

func (s *Store) tell(ctx context.Context, tx pgx.Tx, n Notice) error {
	if n.To == "" {
		return nil
	}
	msg, err := s.write(ctx, n)
	if err != nil {
		return err
	}
	msg.ApplicationID = n.ApplicationID
	return s.outbox.Enqueue(ctx, tx, msg)
}

// lock reads and locks application id's offer, with the student and the
// recruiter who made it.
func (s *Store) lock(ctx context.Context, tx pgx.Tx, id int64) (Offer, Notice, string, error) {
	var o Offer
	var n Notice
	var maker string
	err := tx.QueryRow(ctx, `
		SELECT o.state, o.expires_at, o.extension_requested_at, o.extension_decision, a.full_name, a.email, r.title,
		       coalesce(ac.email, '')
		FROM offers o JOIN applications a ON a.id = o.application_id JOIN roles r ON r.id = a.role_id
		LEFT JOIN accounts ac ON ac.id = o.made_by_account AND ac.disabled_at IS NULL
		WHERE o.application_id = $1 AND a.erased_at IS NULL FOR UPDATE OF o`, id).
		Scan(&o.State, &o.ExpiresAt, &o.ExtensionRequestedAt, &o.ExtensionDecision, &n.FullName, &n.To, &n.Role, &maker)
	if errors.Is(err, pgx.ErrNoRows) {
		return o, n, "", ErrNotFound
	}
	o.ApplicationID, n.ApplicationID, n.ExpiresAt = id, id, o.ExpiresAt
	return o, n, maker, err
}

// Decide records the student's answer (accept true: hired; false: the
// application is withdrawn), both in one transaction with the move and
// a message to the recruiter.
func (s *Store) Decide(ctx context.Context, id int64, accept bool, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, n, maker, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if !o.OpenAt(now) {
			return ErrNotOpen
		}
		state, to := Declined, applications.Withdrawn
		if accept {
			state, to = Accepted, applications.Hired
		}
		if _, err := tx.Exec(ctx, `UPDATE offers SET state = $2, decided_at = $3 WHERE application_id = $1`, id, state, now); err != nil {
			return err
		}
		if err := s.apps.MoveTx(ctx, tx, Applicant, applications.Move{ID: id, From: applications.Offer, To: to}, nil); err != nil {
			return err
		}
		n.Kind, n.To = state, maker
		return s.tell(ctx, tx, n)
	})
}

// AskForMore records the student's one request for more time.
func (s *Store) AskForMore(ctx context.Context, id int64, reason string, now time.Time) error {
	if reason = text.Block(reason, 2000); reason == "" {
		return ErrNoReason
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, n, maker, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case !o.OpenAt(now):
			return ErrNotOpen
		case o.ExtensionRequestedAt != nil:
			return ErrAlreadyAsked
		}
		if _, err := tx.Exec(ctx, `UPDATE offers SET extension_reason = $2, extension_requested_at = $3 WHERE application_id = $1`,
			id, reason, now); err != nil {
			return err
		}
		n.Kind, n.To = "extension_asked", maker
		return s.tell(ctx, tx, n)
	})
}

// AnswerExtension grants (until the later until) or declines the
// student's request, and tells them.
func (s *Store) AnswerExtension(ctx context.Context, by audit.Actor, id int64, grant bool, until, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		o, n, _, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case o.State != Open:
			return ErrNotOpen
		case o.ExtensionRequestedAt == nil || o.ExtensionDecision != nil:
			return ErrNoRequest
		case grant && !until.After(o.ExpiresAt):
			return ErrNotLater
		}
		decision := "declined"
		if grant {
			decision = "granted"
			if _, err := tx.Exec(ctx, `UPDATE offers SET expires_at = $2 WHERE application_id = $1`, id, until); err != nil {
				return err
			}
			if err := s.schedule(ctx, tx, id, until, now); err != nil {
				return err
			}
			n.ExpiresAt = until
		}
		if _, err := tx.Exec(ctx, `UPDATE offers SET extension_decision = $2, extension_decided_at = $3 WHERE application_id = $1`,
			id, decision, now); err != nil {
			return err
		}
		if n.Token, err = applications.NewLinkTx(ctx, tx, id); err != nil {
			return err
		}
		n.Kind = "extension_" + decision
		if err := s.tell(ctx, tx, n); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "offer.extension_"+decision, fmt.Sprintf("application %d", id), "")
	})
}
