// Package applications holds students' applications: the apply form's
// rules, the resume check, the stages, and the SQL for the applications,
// resumes and application_events tables.
package applications

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// Stage is where an application stands in the interview process.
type Stage string

// The stages, in the order of the process. Rejected and Withdrawn can end
// an application from any open stage.
const (
	Applied    Stage = "applied"
	TakeHome   Stage = "take_home"
	Interview1 Stage = "interview_1"
	Interview2 Stage = "interview_2"
	Interview3 Stage = "interview_3"
	Offer      Stage = "offer"
	Hired      Stage = "hired"
	Rejected   Stage = "rejected"
	Withdrawn  Stage = "withdrawn"
)

// Open reports whether the application is still in the process.
func (s Stage) Open() bool { return s != Hired && s != Rejected && s != Withdrawn }

// pipeline is the forward order of the stages.
var pipeline = []Stage{Applied, TakeHome, Interview1, Interview2, Interview3, Offer, Hired}

// Order is the stage's place in the pipeline (Applied is 0); ending
// stages (rejected, withdrawn) are -1.
func (s Stage) Order() int {
	for i, p := range pipeline {
		if p == s {
			return i
		}
	}
	return -1
}

// Label is the stage's name for people.
func (s Stage) Label() string {
	switch s {
	case Applied:
		return "Applied"
	case TakeHome:
		return "Take-home assessment"
	case Interview1:
		return "Interview, round 1"
	case Interview2:
		return "Interview, round 2"
	case Interview3:
		return "Interview, round 3"
	case Offer:
		return "Offer"
	case Hired:
		return "Hired"
	case Rejected:
		return "Not moving forward"
	case Withdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Step is the stage's place among the four steps a student sees: 0
// Applied, 1 Take-home assessment, 2 Interviews, 3 Decision. Withdrawn
// has no step (-1).
func (s Stage) Step() int {
	switch s {
	case Applied:
		return 0
	case TakeHome:
		return 1
	case Interview1, Interview2, Interview3:
		return 2
	case Offer, Hired, Rejected:
		return 3
	}
	return -1
}

// Application is one student's application to one role.
type Application struct {
	ID     int64 `db:"id"`
	RoleID int64 `db:"role_id"`
	// Token is the status link's token the application was found by
	// (only its hash is stored).
	Token     string    `db:"-"`
	FullName  string    `db:"full_name"`
	Email     string    `db:"email"`
	Stage     Stage     `db:"stage"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

// Status is what the private status page shows.
type Status struct {
	Application
	RoleTitle string `db:"role_title"`
	RoleSlug  string `db:"role_slug"`
	RoleTeam  string `db:"role_team"`
	// TimeZone is the IANA zone the student chose for their times; ""
	// until they choose.
	TimeZone string `db:"time_zone"`
	// ReplyBy is when the student is promised an answer at this stage
	// (nil while none is owed).
	ReplyBy *time.Time `db:"reply_by"`
	// History lists the stage changes, oldest first. Recruiters' notes are
	// never part of it.
	History []Event
}

// Event is one stage change in an application's history.
type Event struct {
	FromStage *Stage    `db:"from_stage"`
	ToStage   Stage     `db:"to_stage"`
	CreatedAt time.Time `db:"created_at"`
}

// Errors the store returns.
var (
	// ErrNotFound: no application has that token.
	ErrNotFound = errors.New("application not found")
	// ErrRoleClosed: the role does not take applications.
	ErrRoleClosed = errors.New("role is not open for applications")
	// ErrDuplicate: this email already applied to this role.
	ErrDuplicate = errors.New("an application for this role already exists under this email")
	// ErrFormReused: the same form was submitted before with another email.
	ErrFormReused = errors.New("this form was already submitted")
	// ErrNotWithdrawable: the application has already ended.
	ErrNotWithdrawable = errors.New("application can no longer be withdrawn")
)

// DuplicateError says this email already applied to this role. The
// caller mails a new link to the existing application (NewLink) to the
// address, never shows it on the page.
type DuplicateError struct {
	ApplicationID int64
	// FullName is the name stored with the first application, not the
	// one typed this time.
	FullName string
}

func (e *DuplicateError) Error() string { return ErrDuplicate.Error() }

// Is makes errors.Is(err, ErrDuplicate) true.
func (e *DuplicateError) Is(target error) bool { return target == ErrDuplicate }

// Notice tells the applicant's mailer what happened, inside the
// transaction of the change, so the message is queued if and only if the
// change commits.
type Notice struct {
	// Kind is "received", "stage" or "withdrawn".
	Kind          string
	ApplicationID int64
	// EventID makes each stage notice unique.
	EventID   int64
	Token     string
	Email     string
	FullName  string
	RoleTitle string
	From, To  Stage
}

// Notify queues a message for n inside tx; nil sends nothing.
type Notify func(ctx context.Context, tx pgx.Tx, n Notice) error

// Extra stores something that belongs to a new application, such as the
// answers to its role's questions, in the transaction that stores it:
// either both are stored or neither.
type Extra func(ctx context.Context, tx pgx.Tx, applicationID int64) error

// ResubmittedError says the same form (same submission key, same email)
// was submitted before: a double click or a second tab. The submitter
// has proved they hold the form's key, so the caller may give them a new
// link to the application (NewLink).
type ResubmittedError struct{ ApplicationID int64 }

func (e *ResubmittedError) Error() string { return "application already submitted from this form" }
