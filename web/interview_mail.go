package web

import (
	"context"
	"strconv"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/mail"
)

// InterviewMail words the reminder to an interviewer whose scorecard is
// missing a day after the interview (an InterviewReminderWorker's Write).
type InterviewMail struct {
	SiteName string
	BaseURL  string
	Location *time.Location
}

// Message writes r's reminder, ready to queue.
func (m InterviewMail) Message(ctx context.Context, r applications.ScorecardReminder) (mail.Message, error) {
	v := MailView{
		SiteName: m.SiteName, Subject: "Scorecard waiting: " + r.Applicant + ", " + r.Stage.Label(),
		Greeting: greeting(r.Name),
		Paragraphs: []string{
			"You met " + r.Applicant + " for " + r.RoleTitle + " (" + r.Stage.Label() + ") on " + Moment(r.InterviewAt, m.Location) +
				", and your scorecard is not written yet.",
			"Advancement rests on each interviewer's feedback, and the student is waiting for our answer: please write it while the interview is fresh.",
		},
		Button: &MailLink{"Write your scorecard", m.BaseURL + "/admin/interviews/" + strconv.FormatInt(r.ApplicationID, 10)},
		Footer: "You get this message because you interview on our careers site.",
	}
	return v.Message(ctx, "interview_scorecard", r.Key(), r.Email)
}
