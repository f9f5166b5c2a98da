package web

import (
	"strconv"

	"time"
	"unicode/utf8"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/roles"
)

// ApplyView is the view model of the apply form.
type ApplyView struct {
	Chrome Chrome
	Role   roles.Role
	Input  applications.Input
	Errors applications.Errors
	// FormError is a problem with the form as a whole.
	FormError string
	// ChooseResumeAgain is true after an error: browsers never keep a
	// chosen file, so the page says so.
	ChooseResumeAgain bool
	// Now decides the graduation years offered.
	Now time.Time
	// Questions are the role's own, in order; Answers what was sent for
	// them, shown again after an error.
	Questions []questions.Question
	Answers   questions.Values
	// Adjustment is the optional request for an adjustment, kept after
	// an error.
	Adjustment string
}

// Minutes is the form's estimated length, for the line above it.
func (v ApplyView) Minutes() int { return questions.Minutes(v.Questions) }

// HasFileQuestion reports whether a question asks for a file, which
// browsers also forget after an error.
func (v ApplyView) HasFileQuestion() bool {
	for _, q := range v.Questions {
		if q.Kind == questions.File {
			return true
		}
	}
	return false
}

// Count is the "used of allowed" text under a long answer.
func (v ApplyView) Count(q questions.Question) string {
	return strconv.Itoa(utf8.RuneCountInString(v.Answers.Get(q.Field()))) + " of " + strconv.Itoa(q.Limit()) + " characters used"
}

// Invalid reports whether field has an error.
func (v ApplyView) Invalid(field string) bool { return v.Errors.Get(field) != "" }

// Describe is the aria-describedby value for field: its hint and error.
func (v ApplyView) Describe(field string, hint bool) string {
	ids := ""
	if hint {
		ids = field + "-hint"
	}
	if v.Invalid(field) {
		if ids != "" {
			ids += " "
		}
		ids += field + "-error"
	}
	return ids
}

// Years lists the graduation years a student can pick.
func (v ApplyView) Years() []string {
	var ys []string
	for y := v.Now.Year(); y <= v.Now.Year()+7; y++ {
		ys = append(ys, strconv.Itoa(y))
	}
	return ys
}

// Months lists the months as value and name.
func (v ApplyView) Months() [][2]string {
	var ms [][2]string
	for m := time.January; m <= time.December; m++ {
		ms = append(ms, [2]string{strconv.Itoa(int(m)), m.String()})
	}
	return ms
}

// WhyCount is the "used of allowed" text under the answer box.
func (v ApplyView) WhyCount() string {
	return strconv.Itoa(utf8.RuneCountInString(v.Input.Why)) + " of " + strconv.Itoa(applications.MaxWhyRunes) + " characters used"
}

// fieldIDs maps field names to the id of the input an error links to.
var fieldIDs = map[string]string{
	applications.FieldConsent: "consent",
}

func fieldAnchor(field string) string {
	if id, ok := fieldIDs[field]; ok {
		return "#" + id
	}
	return "#" + field
}

// ErrorHref is where the error summary's link for field goes: a choice
// question's first option, since its group has no single input.
func (v ApplyView) ErrorHref(field string) string {
	for _, q := range v.Questions {
		if q.Field() == field && q.Kind.HasOptions() {
			return "#" + optionID(q, 0)
		}
	}
	return fieldAnchor(field)
}

// optionID is the id of option i of choice question q.
func optionID(q questions.Question, i int) string { return q.Field() + "-" + strconv.Itoa(i) }

// questionLabel is q's label, marked when it may be left empty.
func questionLabel(q questions.Question) string {
	if q.Required {
		return q.Label
	}
	return q.Label + " (optional)"
}

// knockoutID is the id of the note a knockout option shows.
func knockoutID(q questions.Question) string { return q.Field() + "-knockout" }
