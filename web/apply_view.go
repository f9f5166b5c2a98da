package web

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/i18n"
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

// AppliedView is the view model of the page after applying.
type AppliedView struct {
	Chrome Chrome
	Role   roles.Role
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
func (v ApplyView) Count(ctx context.Context, q questions.Question) string {
	return countText(ctx, utf8.RuneCountInString(v.Answers.Get(q.Field())), q.Limit())
}

// countText is the "used of allowed" text under a text box, its numbers
// in digits as the page's script counts them.
func countText(ctx context.Context, used, limit int) string {
	return T(ctx, "apply.form.count", "Used", strconv.Itoa(used), "Max", strconv.Itoa(limit))
}

// Invalid reports whether field has an error.
func (v ApplyView) Invalid(field string) bool { return v.Errors.Get(field) != "" }

// ErrorText is field's error in ctx's language, or "".
func (v ApplyView) ErrorText(ctx context.Context, field string) string {
	fe, ok := v.Errors.Find(field)
	if !ok {
		return ""
	}
	return fieldErrorText(ctx, fe)
}

// fieldErrorText is fe in ctx's language: its catalog message with its
// arguments, or its English text when it has no message.
func fieldErrorText(ctx context.Context, fe applications.FieldError) string {
	if fe.ID == "" {
		return fe.Message
	}
	if s := T(ctx, fe.ID, localArgs(ctx, fe.Args)...); s != fe.ID {
		return s
	}
	return fe.Message
}

// localArgs writes the arguments that have words of their own (degree
// levels, a yes-or-no answer) in ctx's language.
func localArgs(ctx context.Context, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case applications.Degrees:
			out[i] = applyDegreeList(ctx, a)
		case questions.YesNoAnswer:
			out[i] = yesNoLabel(ctx, string(a))
		default:
			out[i] = a
		}
	}
	return out
}

// applyLabel is the catalog's label prefix+value, or fallback (the
// English label of internal/roles) for a value the catalog lacks.
func applyLabel(ctx context.Context, prefix, value, fallback string) string {
	id := prefix + value
	if s := T(ctx, id); s != id {
		return s
	}
	return fallback
}

// applyDegree is degree level d's name in ctx's language.
func applyDegree(ctx context.Context, d roles.Degree) string {
	return applyLabel(ctx, "apply.degree.", string(d), d.Label())
}

// applyDegreeList names degree levels, joined.
func applyDegreeList(ctx context.Context, ds []roles.Degree) string {
	names := make([]string, 0, len(ds))
	for _, d := range ds {
		names = append(names, applyDegree(ctx, d))
	}
	return strings.Join(names, T(ctx, "apply.list_separator"))
}

// applyArea is area a's name in ctx's language.
func applyArea(ctx context.Context, a roles.Area) string {
	return applyLabel(ctx, "apply.area.", string(a), a.Label())
}

// yesNoLabel is a yes-or-no question's option in ctx's language (the
// value sent stays "Yes" or "No").
func yesNoLabel(ctx context.Context, o string) string {
	switch o {
	case "Yes":
		return T(ctx, "apply.form.answer_yes")
	case "No":
		return T(ctx, "apply.form.answer_no")
	}
	return o
}

// optionLabel is how option o of q reads: the team's words, or Yes and
// No in ctx's language.
func optionLabel(ctx context.Context, q questions.Question, o string) string {
	if q.Kind == questions.YesNo {
		return yesNoLabel(ctx, o)
	}
	return o
}

// aroundRole splits the message id, whose {{.Role}} is the role's
// title, into the text before and after it, so the page can mark the
// title with its own language.
func aroundRole(ctx context.Context, id string, args ...any) (before, after string) {
	const mark = "\x00"
	s := T(ctx, id, append(args, "Role", mark)...)
	before, after, _ = strings.Cut(s, mark)
	return before, after
}

// questionLang is the language of the teams' questions: they are
// written once, in the site's first language.
var questionLang = i18n.Default.String()

// questionText is q's label, marked optional in ctx's language when it
// may be left empty.
func questionText(ctx context.Context, q questions.Question) templ.Component {
	if q.Required {
		return langText("", q.Label, questionLang, "")
	}
	const mark = "\x00"
	before, after, _ := strings.Cut(T(ctx, "apply.form.optional", "Label", mark), mark)
	return langText(before, q.Label, questionLang, after)
}

// roleSentence is the message id around the role's title, the title
// marked with its language.
func roleSentence(ctx context.Context, r roles.Role, id string) templ.Component {
	before, after := aroundRole(ctx, id)
	return langText(before, r.Title, r.TextLang(), after)
}

// fileSizeMB is the largest upload in megabytes, written in ctx's
// language.
func fileSizeMB(ctx context.Context) string {
	return Printer(ctx).Number(applications.MaxResumeBytes >> 20)
}

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

// Months lists the months as value and name, in ctx's language.
func (v ApplyView) Months(ctx context.Context) [][2]string {
	p := Printer(ctx)
	var ms [][2]string
	for m := time.January; m <= time.December; m++ {
		ms = append(ms, [2]string{strconv.Itoa(int(m)), p.Month(m)})
	}
	return ms
}

// WhyCount is the "used of allowed" text under the answer box.
func (v ApplyView) WhyCount(ctx context.Context) string {
	return countText(ctx, utf8.RuneCountInString(v.Input.Why), applications.MaxWhyRunes)
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

// knockoutID is the id of the note a knockout option shows.
func knockoutID(q questions.Question) string { return q.Field() + "-knockout" }
