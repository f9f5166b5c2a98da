// Package roles holds intern roles: their types and rules, the search over
// open roles, and the SQL for the roles table.
package roles

import (
	"errors"
	"time"
)

// Role is one intern position.
type Role struct {
	ID           int64      `db:"id"`
	Slug         string     `db:"slug"`
	Title        string     `db:"title"`
	Team         string     `db:"team"`
	Area         Area       `db:"area"`
	Locations    []string   `db:"locations"`
	WorkMode     WorkMode   `db:"work_mode"`
	DegreeLevels []Degree   `db:"degree_levels"`
	Season       string     `db:"season"`
	Description  string     `db:"description"`
	Status       Status     `db:"status"`
	OpensAt      *time.Time `db:"opens_at"`
	ClosesAt     *time.Time `db:"closes_at"`
	// The pay range (see Pay): all four set, or all nil.
	PayMin      *int     `db:"pay_min"`
	PayMax      *int     `db:"pay_max"`
	PayCurrency *string  `db:"pay_currency"`
	PayUnit     *PayUnit `db:"pay_unit"`
	// Benefits is optional text on other support (housing, relocation).
	Benefits  string    `db:"benefits"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
	// Lang is the language Title and Description are in: "" (English)
	// unless Store.Translate put a translation in their place.
	Lang string `db:"-"`
}

// TextLang is the language code of Title and Description.
func (r Role) TextLang() string {
	if r.Lang == "" {
		return "en"
	}
	return r.Lang
}

// IsOpen reports whether students can apply at now: published, and not
// past its closing time.
func (r Role) IsOpen(now time.Time) bool {
	return r.Status == StatusOpen && (r.ClosesAt == nil || r.ClosesAt.After(now))
}

// IsClosed reports whether the role was published once and no longer takes
// applications (closed by hand or by its closing time).
func (r Role) IsClosed(now time.Time) bool {
	return r.Status == StatusClosed || (r.Status == StatusOpen && !r.IsOpen(now))
}

// ErrNotFound is returned when no role matches.
var ErrNotFound = errors.New("role not found")

// Status is where a role is in its life.
type Status string

// Role statuses.
const (
	StatusDraft  Status = "draft"
	StatusOpen   Status = "open"
	StatusClosed Status = "closed"
)

// Area is the part of the company a role belongs to.
type Area string

// Areas, in the order the site lists them.
const (
	Technology    Area = "technology"
	Entertainment Area = "entertainment"
	Business      Area = "business"
)

// Areas lists every area in display order.
var Areas = []Area{Technology, Entertainment, Business}

// Label is the area's display name.
func (a Area) Label() string {
	switch a {
	case Technology:
		return "Technology"
	case Entertainment:
		return "Entertainment"
	case Business:
		return "Business"
	}
	return string(a)
}

// WorkMode says where the work happens.
type WorkMode string

// Work modes.
const (
	OnSite WorkMode = "onsite"
	Hybrid WorkMode = "hybrid"
	Remote WorkMode = "remote"
)

// WorkModes lists every work mode in display order.
var WorkModes = []WorkMode{OnSite, Hybrid, Remote}

// Label is the work mode's display name.
func (m WorkMode) Label() string {
	switch m {
	case OnSite:
		return "On-site"
	case Hybrid:
		return "Hybrid"
	case Remote:
		return "Remote"
	}
	return string(m)
}

// Degree is a degree level a role is open to.
type Degree string

// Degree levels.
const (
	Bachelors Degree = "bachelors"
	Masters   Degree = "masters"
	PhD       Degree = "phd"
)

// Degrees lists every degree level in display order.
var Degrees = []Degree{Bachelors, Masters, PhD}

// Label is the degree level's display name.
func (d Degree) Label() string {
	switch d {
	case Bachelors:
		return "Bachelor's"
	case Masters:
		return "Master's"
	case PhD:
		return "PhD"
	}
	return string(d)
}

// Valid reports whether d is a known degree level.
func (d Degree) Valid() bool { return d == Bachelors || d == Masters || d == PhD }
