package web

import (
	"context"

	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/mail"
)

// adjustmentLine is the sentence every take-home and interview message
// carries, so a student never has to wonder whether they may ask.
const adjustmentLine = "If you need an adjustment (extra time, another format, a sign-language interpreter, anything), ask for it on your application's page: only the recruiting team reads it, and it never counts against you."

// adjustmentLink goes to the request form on the student's page.
func (a ApplicantMail) adjustmentLink() MailLink {
	return MailLink{"Ask for an adjustment", a.StatusURL + "#adjustment"}
}

// AdjustmentMail words the messages about adjustment requests.
type AdjustmentMail struct {
	SiteName string
	BaseURL  string
}

// Message writes n's message, ready to queue.
func (m AdjustmentMail) Message(ctx context.Context, n adjustments.Notice) (mail.Message, error) {
	a := ApplicantMail{SiteName: m.SiteName, BaseURL: m.BaseURL, FullName: n.FullName, RoleTitle: n.RoleTitle,
		StatusURL: m.BaseURL + "/applications/" + n.Token}
	var v MailView
	if n.Kind == "handled" {
		v = a.base("About your request for an adjustment: "+n.RoleTitle,
			"Your recruiter has answered your request for an adjustment for "+n.RoleTitle+":",
			n.Note,
			"If this does not meet your needs, ask again on your application's page: we will find another way.")
	} else {
		v = a.base("We received your request for an adjustment: "+n.RoleTitle,
			"Thank you for telling us what would help. Your request for "+n.RoleTitle+" has reached the recruiting team, and only them: interviewers do not see it, and it never counts against you.",
			"A recruiter will write to you about what we can arrange, well before the step it concerns. You can see your request and its answer on your application's page.")
	}
	msg, err := v.Message(ctx, "adjustment_"+n.Kind, mail.Key("adjustment", n.RequestID, n.Kind), n.Email)
	msg.ApplicationID = n.ApplicationID
	return msg, err
}
