package web

import (
	"strconv"
	"strings"

	"example.com/careers/internal/content"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/roles"
)

// RoleQuestionsView is the view model of a role's question editor.
type RoleQuestionsView struct {
	Chrome    Chrome
	Role      roles.Role
	Questions []questions.Question
	// Editing is the question whose form is shown; nil: the form adds one.
	Editing *questions.Question
	Form    questions.Form
	Errors  questions.Problems
	// Problem is an error of the page's other forms (copy, sets).
	Problem string
	Sets    []content.QuestionSet
	// Roles are the roles whose questions can be copied.
	Roles []roles.Choice
	Flash string
}

// Minutes is the role's form's estimated length.
func (v RoleQuestionsView) Minutes() int { return questions.Minutes(v.Questions) }

// Warnings say why the form is too long, if it is.
func (v RoleQuestionsView) Warnings() []string { return questions.Warnings(v.Questions) }

// FormAction is where the question form posts.
func (v RoleQuestionsView) FormAction() string {
	base := "/admin/roles/" + idStr(v.Role.ID) + "/questions"
	if v.Editing != nil {
		return base + "/" + idStr(v.Editing.ID)
	}
	return base
}

// questionFields are the editor's fields, in order, for the error summary.
var questionFields = []string{"kind", "label", "help", "max_chars", "options", "knockouts", "requirement"}

// questionSummary is the editor's one-line account of q: its kind,
// whether it is required, its limit or its options.
func questionSummary(q questions.Question) string {
	s := q.Kind.Label()
	if q.Required {
		s += ", required"
	} else {
		s += ", optional"
	}
	if q.Kind.HasLimit() {
		s += ", up to " + strconv.Itoa(q.Limit()) + " characters"
	}
	if q.Kind == questions.SingleChoice || q.Kind == questions.MultiChoice {
		s += ", " + strconv.Itoa(len(q.Options)) + " answers"
	}
	return s
}

// joinOptions lists a question's answers on one line.
func joinOptions(opts []string) string { return strings.Join(opts, "; ") }
