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
}

// FieldError is a problem with one field, worded for the student.
type FieldError struct {
	Field   string
	Message string
}

// Errors lists a form's problems in the order of its fields.
type Errors []FieldError

// Get returns the message for field, or "".
func (e Errors) Get(field string) string {
	for _, fe := range e {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
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
	add := func(field, msg string) { errs = append(errs, FieldError{field, msg}) }

	switch n := text.Runes(in.FullName); {
	case n == 0:
		add(FieldFullName, "Enter your full name.")
	case n > 200:
		add(FieldFullName, "Your name must be 200 characters or fewer.")
	}

	if msg := checkEmail(in.Email); msg != "" {
		add(FieldEmail, msg)
	}

	if in.Phone != "" {
		digits := 0
		for _, r := range in.Phone {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if !phoneChar.MatchString(in.Phone) || digits < 6 || digits > 20 || text.Runes(in.Phone) > 40 {
			add(FieldPhone, "Enter a phone number with digits only, like +1 408 555 0100, or leave it empty.")
		}
	}

	switch n := text.Runes(in.University); {
	case n == 0:
		add(FieldUniversity, "Enter the university you attend.")
	case n > 200:
		add(FieldUniversity, "The university name must be 200 characters or fewer.")
	}

	switch {
	case !in.Degree.Valid():
		add(FieldDegree, "Choose the degree you are studying for.")
	case !slices.Contains(degrees, in.Degree):
		var names []string
		for _, d := range degrees {
			names = append(names, d.Label())
		}
		add(FieldDegree, "This role is open to "+strings.Join(names, ", ")+" students.")
	}

	if _, msg, field := in.graduation(now); msg != "" {
		add(field, msg)
	}

	for _, l := range []struct{ field, value, name string }{
		{FieldLinkedIn, in.LinkedIn, "LinkedIn"},
		{FieldGitHub, in.GitHub, "GitHub"},
		{FieldPortfolio, in.Portfolio, "portfolio"},
	} {
		if l.value != "" && !ValidLink(l.value) {
			add(l.field, fmt.Sprintf("Enter your %s link as a full web address starting with https://, or leave it empty.", l.name))
		}
	}

	switch n := text.Runes(in.Why); {
	case n == 0:
		add(FieldWhy, "Tell us in a few sentences why this role interests you.")
	case n > MaxWhyRunes:
		add(FieldWhy, fmt.Sprintf("Your answer is %d characters long. Please shorten it to %d or fewer.", n, MaxWhyRunes))
	}

	if !in.Consent {
		add(FieldConsent, "Tick the box to let us use your details to consider your application.")
	}
	return errs
}

// Graduation is the expected graduation month (its first day), valid once
// Validate found no problems.
func (in Input) Graduation(now time.Time) time.Time {
	t, _, _ := in.graduation(now)
	return t
}

func (in Input) graduation(now time.Time) (time.Time, string, string) {
	month, err := strconv.Atoi(in.GradMonth)
	if err != nil || month < 1 || month > 12 {
		return time.Time{}, "Choose the month you expect to graduate.", FieldGradMonth
	}
	year, err := strconv.Atoi(in.GradYear)
	if err != nil || year < now.Year() || year > now.Year()+7 {
		return time.Time{}, fmt.Sprintf("Choose the year you expect to graduate, from %d to %d.", now.Year(), now.Year()+7), FieldGradYear
	}
	t := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	if t.Before(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, "Your expected graduation must be this month or later.", FieldGradMonth
	}
	return t, "", ""
}

func checkEmail(s string) string {
	if s == "" {
		return "Enter your email address."
	}
	if len(s) > 254 {
		return "Your email address must be 254 characters or fewer."
	}
	a, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	if err != nil || a.Address != s || a.Name != "" || at < 1 || !strings.Contains(s[at:], ".") {
		return "Enter an email address like name@example.com."
	}
	return ""
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
		errs = append(errs, FieldError{Field: FieldResume, Message: msg})
	}
	return errs.InFormOrder()
}
