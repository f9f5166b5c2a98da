package web

import (
	"context"
	"strconv"
	"time"

	"example.com/careers/internal/mail"
	"example.com/careers/internal/takehomes"
)

// TakeHomeMail words the take-home's messages (a takehomes.WriteMail).
type TakeHomeMail struct {
	SiteName string
	BaseURL  string
	// Location is the site's zone, for students who have not chosen one.
	Location *time.Location
}

// Message writes n's message, ready to queue.
func (t TakeHomeMail) Message(ctx context.Context, n takehomes.Notice) (mail.Message, error) {
	v := t.View(n)
	return v.Message(ctx, "take_home_"+n.Kind, n.Key, n.To)
}

// View is n's message content.
func (t TakeHomeMail) View(n takehomes.Notice) MailView {
	due := Moment(n.Due, StudentZone(n.TimeZone, t.Location))
	student := ApplicantMail{SiteName: t.SiteName, BaseURL: t.BaseURL, FullName: n.Name, RoleTitle: n.RoleTitle,
		StatusURL: t.BaseURL + "/applications/" + n.Token}
	staff := func(subject, button, path string, paragraphs ...string) MailView {
		return MailView{
			SiteName: t.SiteName, Subject: subject, Greeting: greeting(n.Name), Paragraphs: paragraphs,
			Button: &MailLink{button, t.BaseURL + path + strconv.FormatInt(n.ApplicationID, 10)},
			Footer: "You get this message because you work on interviews on our careers site.",
		}
	}
	switch n.Kind {
	case "sent":
		v := student.base("Your take-home assessment for "+n.RoleTitle,
			"Good news: your application for "+n.RoleTitle+" moves on to a take-home assessment.",
			"The task is on your application's private page, where you also hand in your work: a PDF or a ZIP file, or a link to a public repository. It is due "+due+". You can replace what you sent until then.",
			"If something gets in the way (exams, illness, anything), you can ask for more time once, from the same page.",
			adjustmentLine)
		v.Button.Label = "Read the task"
		v.Links = append(student.prepareLinks(), student.adjustmentLink())
		return v
	case "due_soon":
		v := student.base("Reminder: your take-home for "+n.RoleTitle+" is due soon",
			"A friendly reminder: your take-home assessment for "+n.RoleTitle+" is due "+due+", and we have not received your work yet.",
			"Hand it in on your application's private page. If you need more time, you can ask for it there.")
		v.Button.Label = "Hand in your work"
		return v
	case "extension_granted":
		v := student.base("More time for your take-home: "+n.RoleTitle,
			"Your request for more time was granted. Your take-home assessment for "+n.RoleTitle+" is now due "+due+".",
			"Good luck: we look forward to reading your work.")
		v.Button.Label = "Go to your take-home"
		return v
	case "extension_declined":
		return student.base("About your request for more time: "+n.RoleTitle,
			"Thank you for telling us about your situation. This time we cannot move the due moment of your take-home assessment for "+n.RoleTitle+": it stays "+due+".",
			"If this makes it impossible for you to take part, please reply to your recruiter: we would rather hear from you than not.")
	case "grade":
		return staff("Scorecard waiting: "+n.Applicant+", "+n.RoleTitle, "Write your scorecard", "/admin/interviews/",
			n.Applicant+"'s take-home for "+n.RoleTitle+" came in a day ago, and your scorecard for it is not written yet.",
			"The student is waiting for our answer: please review the work and submit your scorecard.")
	case "extension_waiting":
		return staff("Extension request waiting: "+n.Applicant+", "+n.RoleTitle, "Answer the request", "/admin/applications/",
			n.Applicant+" asked for more time for the take-home of "+n.RoleTitle+", and nobody has answered yet.",
			"The work is due "+Moment(n.Due, t.Location)+": the sooner the student hears, the better they can plan.")
	}
	return student.base("About your take-home for "+n.RoleTitle, "There is an update on your take-home assessment for "+n.RoleTitle+".")
}
