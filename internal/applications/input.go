package applications

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"example.com/careers/internal/roles"
	"example.com/careers/internal/sources"
	"example.com/careers/internal/text"
	"example.com/careers/internal/token"
)

// MaxWhyRunes is the longest answer to "Why this role?".
const MaxWhyRunes = 2000

// Input is what a student types into the apply form. Normalize cleans it;
// Validate says what is wrong, field by field.
type Input struct {
	FullName   string
	Email      string
	Phone      string
	University string
	Degree     roles.Degree
	GradMonth  string
	GradYear   string
	LinkedIn   string
	GitHub     string
	Portfolio  string
	Why        string
	Consent    bool
	// SubmissionKey is the form's one-time key, from a hidden field.
	SubmissionKey string
	// Source is where the student's link came from, carried from page
	// to page in the URL and sent back in hidden fields.
	Source sources.Tag
	// Language is the code of the language the form was sent in (the
	// page's, not a field): stored, so later mail is written in it.
	Language string
}

// FieldError is a problem with one field, worded for the student.
// Message is the English text; ID is its message in the site's catalog
// (content/i18n/apply.*.yaml) and Args the message's name/value pairs,
// so a page in another language can say it in its own words.
type FieldError struct {
	Field   string
	Message string
	ID      string
	Args    []any
}

// Problem is a field error with its catalog message: msg is the
// English text of id with args filled in.
func Problem(field, msg, id string, args ...any) FieldError {
	return FieldError{Field: field, Message: msg, ID: id, Args: args}
}

// Errors lists a form's problems in the order of its fields.
type Errors []FieldError

// Get returns the message for field, or "".
func (e Errors) Get(field string) string {
	if fe, ok := e.Find(field); ok {
		return fe.Message
	}
	return ""
}

// Find returns the error of field, if it has one.
func (e Errors) Find(field string) (FieldError, bool) {
	for _, fe := range e {
		if fe.Field == field {
			return fe, true
		}
	}
	return FieldError{}, false
}

// Degrees is a list of degree levels as a message argument: a page
// writes it with its language's names ("Bachelor's, Master's").
type Degrees []roles.Degree

// String is the list in English.
func (ds Degrees) String() string {
	var names []string
	for _, d := range ds {
		names = append(names, d.Label())
	}
	return strings.Join(names, ", ")
}

// Field names, shared with the form so errors link to their inputs.
const (
	FieldFullName   = "full_name"
	FieldEmail      = "email"
	FieldPhone      = "phone"
	FieldUniversity = "university"
	FieldDegree     = "degree"
	FieldGradMonth  = "grad_month"
	FieldGradYear   = "grad_year"
	FieldResume     = "resume"
	FieldLinkedIn   = "linkedin"
	FieldGitHub     = "github"
	FieldPortfolio  = "portfolio"
	FieldWhy        = "why"
	FieldConsent    = "consent"
)

// Normalize cleans every text field: valid UTF-8 in NFC, no control
// characters, trimmed, cut to a sane length (the validator still reports
// what is too long before the cut matters).
func (in *Input) Normalize() {
	in.FullName = text.Line(in.FullName, 300)
	in.Email = text.Line(in.Email, 300)
	in.Phone = text.Line(in.Phone, 100)
	in.University = text.Line(in.University, 300)
	in.GradMonth = text.Line(in.GradMonth, 2)
	in.GradYear = text.Line(in.GradYear, 4)
	in.LinkedIn = text.Line(in.LinkedIn, 600)
	in.GitHub = text.Line(in.GitHub, 600)
	in.Portfolio = text.Line(in.Portfolio, 600)
	// Not cut near the limit: an answer that is too long comes back whole
	// with a message, so the student can shorten it themselves.
	in.Why = text.Block(in.Why, 20000)
	if !validKey.MatchString(in.SubmissionKey) {
		// A form without a key (an old page, a script): give it one, and
		// duplicates are still caught by the email rule.
		in.SubmissionKey = token.New()
	}
}

var (
	validKey  = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)
	phoneChar = regexp.MustCompile(`^[0-9+().\- ]+$`)
)

// Validate checks a normalized Input. now decides which graduation
// dates are still ahead; degrees are the levels the role is open to.
func (in Input) Validate(now time.Time, degrees []roles.Degree) Errors {
	var errs Errors
	add := func(field, msg, id string, args ...any) { errs = append(errs, Problem(field, msg, id, args...)) }

	switch n := text.Runes(in.FullName); {
	case n == 0:
		add(FieldFullName, "Enter your full name.", "apply.error.full_name_missing")
	case n > 200:
		add(FieldFullName, "Your name must be 200 characters or fewer.", "apply.error.full_name_long", "Max", 200)
	}

	if fe := checkEmail(in.Email); fe.Message != "" {
		errs = append(errs, fe)
	}

	if in.Phone != "" {
		digits := 0
		for _, r := range in.Phone {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if !phoneChar.MatchString(in.Phone) || digits < 6 || digits > 20 || text.Runes(in.Phone) > 40 {
			add(FieldPhone, "Enter a phone number with digits only, like +1 408 555 0100, or leave it empty.", "apply.error.phone")
		}
	}

	switch n := text.Runes(in.University); {
	case n == 0:
		add(FieldUniversity, "Enter the university you attend.", "apply.error.university_missing")
	case n > 200:
		add(FieldUniversity, "The university name must be 200 characters or fewer.", "apply.error.university_long", "Max", 200)
	}

	switch {
	case !in.Degree.Valid():
		add(FieldDegree, "Choose the degree you are studying for.", "apply.error.degree_missing")
	case !slices.Contains(degrees, in.Degree):
		ds := Degrees(degrees)
		add(FieldDegree, "This role is open to "+ds.String()+" students.", "apply.error.degree_other", "Degrees", ds)
	}

	if _, fe := in.graduation(now); fe.Message != "" {
		errs = append(errs, fe)
	}

	for _, l := range []struct{ field, value, name, id string }{
		{FieldLinkedIn, in.LinkedIn, "LinkedIn", "apply.error.linkedin"},
		{FieldGitHub, in.GitHub, "GitHub", "apply.error.github"},
		{FieldPortfolio, in.Portfolio, "portfolio", "apply.error.portfolio"},
	} {
		if l.value != "" && !ValidLink(l.value) {
			add(l.field, fmt.Sprintf("Enter your %s link as a full web address starting with https://, or leave it empty.", l.name), l.id)
		}
	}

	switch n := text.Runes(in.Why); {
	case n == 0:
		add(FieldWhy, "Tell us in a few sentences why this role interests you.", "apply.error.why_missing")
	case n > MaxWhyRunes:
		add(FieldWhy, fmt.Sprintf("Your answer is %d characters long. Please shorten it to %d or fewer.", n, MaxWhyRunes),
			"apply.error.why_long", "Count", n, "Max", MaxWhyRunes)
	}

	if !in.Consent {
		add(FieldConsent, "Tick the box to let us use your details to consider your application.", "apply.error.consent")
	}
	return errs
}

// Graduation is the expected graduation month (its first day), valid once
// Validate found no problems.
func (in Input) Graduation(now time.Time) time.Time {
	t, _ := in.graduation(now)
	return t
}

func (in Input) graduation(now time.Time) (time.Time, FieldError) {
	month, err := strconv.Atoi(in.GradMonth)
	if err != nil || month < 1 || month > 12 {
		return time.Time{}, Problem(FieldGradMonth, "Choose the month you expect to graduate.", "apply.error.grad_month")
	}
	year, err := strconv.Atoi(in.GradYear)
	if err != nil || year < now.Year() || year > now.Year()+7 {
		// Years as digits, never grouped ("2026", not "2,026").
		first, last := strconv.Itoa(now.Year()), strconv.Itoa(now.Year()+7)
		return time.Time{}, Problem(FieldGradYear, "Choose the year you expect to graduate, from "+first+" to "+last+".",
			"apply.error.grad_year", "First", first, "Last", last)
	}
	t := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	if t.Before(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, Problem(FieldGradMonth, "Your expected graduation must be this month or later.", "apply.error.grad_past")
	}
	return t, FieldError{}
}

func checkEmail(s string) FieldError {
	if s == "" {
		return Problem(FieldEmail, "Enter your email address.", "apply.error.email_missing")
	}
	if len(s) > 254 {
		return Problem(FieldEmail, "Your email address must be 254 characters or fewer.", "apply.error.email_long", "Max", 254)
	}
	a, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	if err != nil || a.Address != s || a.Name != "" || at < 1 || !strings.Contains(s[at:], ".") {
		return Problem(FieldEmail, "Enter an email address like name@example.com.", "apply.error.email_invalid")
	}
	return FieldError{}
}

// ValidLink accepts only absolute http and https URLs with a host, so a
// javascript: or data: link can never be stored.
func ValidLink(s string) bool {
	if len(s) > 500 {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// formOrder is the order of the fields on the form, which the error
// summary follows.
var formOrder = []string{
	FieldFullName, FieldEmail, FieldPhone, FieldUniversity, FieldDegree, FieldGradMonth, FieldGradYear,
	FieldResume, FieldLinkedIn, FieldGitHub, FieldPortfolio, FieldWhy, FieldConsent,
}

// InFormOrder returns the errors sorted as the fields appear on the form.
func (e Errors) InFormOrder() Errors {
	sorted := slices.Clone(e)
	slices.SortStableFunc(sorted, func(a, b FieldError) int {
		return slices.Index(formOrder, a.Field) - slices.Index(formOrder, b.Field)
	})
	return sorted
}

// WithQuestions places the errors of the role's own questions where the
// form shows them: after the standard answer, before the consent.
func (e Errors) WithQuestions(q Errors) Errors {
	if len(q) == 0 {
		return e
	}
	out := make(Errors, 0, len(e)+len(q))
	for _, fe := range e {
		if fe.Field == FieldConsent {
			out = append(out, q...)
			q = nil
		}
		out = append(out, fe)
	}
	return append(out, q...)
}

// Check normalises in and returns every problem with it and with its
// resume for a role open to degrees, in the form's order: what the
// student must fix before anything is stored.
func Check(in *Input, resume Resume, now time.Time, degrees []roles.Degree) Errors {
	in.Normalize()
	errs := in.Validate(now, degrees)
	if msg := CheckResume(resume.Data); msg != "" {
		errs = append(errs, Problem(FieldResume, msg, ResumeMessageID(msg), "Size", MaxResumeBytes>>20))
	}
	return errs.InFormOrder()
}
