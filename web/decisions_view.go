package web

import (
	"strconv"
	"time"

	"example.com/careers/internal/decisions"
)

// DecisionView is the view model of the rejection page: the message to
// send to the chosen applications, and its preview, message by message.
type DecisionView struct {
	Chrome    Chrome
	IDs       []int64
	Templates []decisions.Template
	Request   decisions.Request
	// Letters is the preview (nil before one is asked for).
	Letters  []decisions.Letter
	SendHour int
	Problem  string
	// Back is the list the recruiter came from.
	Back string
}

// SendLabel is the send button's text.
func (v DecisionView) SendLabel() string {
	if len(v.IDs) == 1 {
		return "Send the message and close the application"
	}
	return "Send " + strconv.Itoa(len(v.IDs)) + " messages and close the applications"
}

// whenSent says when a letter goes, in the student's own zone.
func whenSent(l decisions.Letter) string {
	if l.SendAt == nil {
		return "at once"
	}
	return Moment(*l.SendAt, l.Zone)
}

// DecisionTemplatesView is the view model of /admin/decisions.
type DecisionTemplatesView struct {
	Chrome    Chrome
	Flash     string
	Templates []decisions.Template
	Loc       *time.Location
}

// DecisionTemplateView is the view model of a template's editor.
type DecisionTemplateView struct {
	Chrome   Chrome
	Template decisions.Template
	Errors   map[string]string
}

var decisionTemplateFields = []string{decisions.FieldName, decisions.FieldSubject, decisions.FieldBody}

func decisionTemplateURL(t decisions.Template) string {
	return "/admin/decisions/templates/" + idStr(t.ID)
}
