package web

import (
	"context"

	"example.com/careers/internal/decisions"
	"example.com/careers/internal/mail"
)

// DecisionMail words decision letters: the template as merged, with the
// student's page below it.
type DecisionMail struct {
	SiteName string
	BaseURL  string
}

// Letter writes l as mail, answerable at l.ReplyTo.
func (m DecisionMail) Letter(ctx context.Context, l decisions.Letter) (mail.Message, error) {
	a := ApplicantMail{SiteName: m.SiteName, BaseURL: m.BaseURL, FullName: l.FullName, RoleTitle: l.Role,
		StatusURL: m.BaseURL + "/applications/" + l.Token}
	v := a.base(l.Subject, decisions.Paragraphs(l.Body)...)
	// The template greets the student itself.
	v.Greeting = ""
	msg, err := v.Message(ctx, "decision", mail.Key("application", l.ApplicationID, "event", l.EventID), l.To)
	msg.ReplyTo, msg.SendAt = l.ReplyTo, l.SendAt
	return msg, err
}
