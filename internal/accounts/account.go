// Package accounts holds recruiter and admin accounts: passwords,
// sign-in and its throttling, and the SQL for the accounts table.
package accounts

import (
	"errors"
	"strconv"
	"time"

	"example.com/careers/internal/audit"
)

// Account is a recruiter or an admin.
type Account struct {
	ID      int64  `db:"id"`
	Email   string `db:"email"`
	Name    string `db:"name"`
	IsAdmin bool   `db:"is_admin"`
	// IsInterviewer: sees only the applications assigned to them, for
	// the stages they interview (never an admin too).
	IsInterviewer bool       `db:"is_interviewer"`
	PasswordHash  string     `db:"password_hash"`
	DisabledAt    *time.Time `db:"disabled_at"`
	CreatedAt     time.Time  `db:"created_at"`
	// MustChangePassword: the password was set by someone else (an admin
	// creating the account or resetting it), so only its owner's new one
	// opens the admin pages.
	MustChangePassword bool `db:"must_change_password"`
	// HasTOTP: an authenticator app is enrolled.
	HasTOTP bool `db:"has_totp"`
	// Passkeys counts the account's passkeys.
	Passkeys int `db:"passkeys"`
	// WebAuthnID is the account's WebAuthn user handle (random).
	WebAuthnID []byte `db:"webauthn_id"`
}

// HasSecondFactor reports whether the account can prove a second factor
// (recovery codes alone do not count: they are for a lost device).
func (a Account) HasSecondFactor() bool { return a.HasTOTP || a.Passkeys > 0 }

// Disabled reports whether the account may no longer sign in.
func (a Account) Disabled() bool { return a.DisabledAt != nil }

// Actor is the account as the audit log and histories name it: the name
// and id, not the email address.
func (a Account) Actor() audit.Actor {
	return audit.Actor{AccountID: a.ID, Label: a.Name + " (#" + strconv.FormatInt(a.ID, 10) + ")"}
}

// Role is "Admin", "Recruiter" or "Interviewer".
func (a Account) Role() string {
	switch {
	case a.IsAdmin:
		return "Admin"
	case a.IsInterviewer:
		return "Interviewer"
	}
	return "Recruiter"
}

// Errors the store returns.
var (
	ErrNotFound       = errors.New("account not found")
	ErrEmailTaken     = errors.New("an account with this email already exists")
	ErrBadCredentials = errors.New("wrong email or password")
)
