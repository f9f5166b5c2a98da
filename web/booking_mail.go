package web

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"example.com/careers/internal/mail"
	"example.com/careers/internal/scheduling"
)

// BookingMail words the messages about interview times (a
// scheduling.WriteMail); the store attaches the invitation.
type BookingMail struct {
	SiteName string
	BaseURL  string
	// Location is the site's zone: staff times, and students who have
	// not chosen one.
	Location *time.Location
	// Cutoff is how long before an interview students can still move or
	// cancel it themselves (scheduling.Rules.Cutoff).
	Cutoff time.Duration
}

// Message writes n's message, ready to queue.
func (b BookingMail) Message(ctx context.Context, n scheduling.Notice) (mail.Message, error) {
	return b.View(n).Message(ctx, "interview_"+n.Kind, n.Key, n.To.Email)
}

// View is n's message content.
func (b BookingMail) View(n scheduling.Notice) MailView {
	if !n.Student {
		return b.staffView(n)
	}
	when := Moment(n.Slot.Start, StudentZone(n.TimeZone, b.Location))
	length := strconv.Itoa(int(n.Slot.Length()/time.Minute)) + " minutes"
	a := ApplicantMail{SiteName: b.SiteName, BaseURL: b.BaseURL, FullName: n.To.Name, RoleTitle: n.RoleTitle,
		StatusURL: b.BaseURL + "/applications/" + n.Token}
	stage := n.Stage.Label()
	var v MailView
	switch n.Kind {
	case "booked":
		v = a.base("Booked: "+stage+", "+n.RoleTitle,
			"Your interview is booked: "+when+", "+length+".",
			"Where: "+n.Slot.Place+". The invitation is attached, ready for your calendar.",
			"If you need to move or cancel it, you can do it on your application's page until "+Duration(b.Cutoff)+" before.",
			adjustmentLine)
		v.Links = append(a.prepareLinks(), a.adjustmentLink())
	case "moved":
		v = a.base("Moved: "+stage+", "+n.RoleTitle,
			"Your interview is now "+when+", "+length+". The updated invitation replaces the earlier one in your calendar.",
			"Where: "+n.Slot.Place+".")
	case "cancelled":
		v = a.base("Cancelled: "+stage+", "+n.RoleTitle,
			"Your interview time is cancelled; the attached update removes it from your calendar.",
			"You can choose another time on your application's page, while times are open.")
	case "reminder":
		v = a.base("Reminder: "+stage+" "+inAbout(n.Before),
			"A reminder: your interview for "+n.RoleTitle+" is "+when+".",
			"Where: "+n.Slot.Place+". Ask clarifying questions, think out loud, and enjoy the conversation.")
		v.Links = a.prepareLinks()
	case "invite":
		v = a.base("Choose your interview time: "+n.RoleTitle,
			"You are invited to "+stage+" for "+n.RoleTitle+". The times are open: choose the one that suits you on your application's page, where they are shown in your time zone.",
			"You will get a calendar invitation as soon as you book.",
			adjustmentLine)
		v.Links = append(a.prepareLinks(), a.adjustmentLink())
	case "book_reminder":
		v = a.base("Choose your interview time: "+n.RoleTitle,
			"You are invited to "+stage+" for "+n.RoleTitle+", and you have not chosen a time yet.",
			"Open your application's page to see the times in your time zone and book one. If none suits you, reply to your recruiter.")
	default:
		v = a.base("About your interview: "+n.RoleTitle, "There is an update about your interview for "+n.RoleTitle+".")
	}
	if v.Button != nil {
		v.Button.Label = "Open your application"
	}
	return v
}

func (b BookingMail) staffView(n scheduling.Notice) MailView {
	when := Moment(n.Slot.Start, b.Location)
	subject := map[string]string{
		"booked": "Booked", "moved": "Moved", "cancelled": "Cancelled", "reminder": "Reminder",
	}[n.Kind]
	if subject == "" {
		subject = "Update"
	}
	body := fmt.Sprintf("%s with %s (%s, %s): %s.", n.Stage.Label(), n.Applicant, n.RoleTitle, n.Slot.Place, when)
	if n.Kind == "cancelled" {
		body = "Cancelled: " + body + " The attached update removes it from your calendar."
	}
	if n.Kind == "reminder" {
		body = "In " + inAbout(n.Before)[3:] + ": " + body
	}
	return MailView{
		SiteName: b.SiteName, Subject: subject + ": " + n.Stage.Label() + " with " + n.Applicant + ", " + when,
		Greeting: greeting(n.To.Name), Paragraphs: []string{body, "The kit and your scorecard are on the interview's page."},
		Button: &MailLink{"Open the interview", b.BaseURL + "/admin/interviews/" + strconv.FormatInt(n.ApplicationID, 10)},
		Footer: "You get this message because you interview on our careers site.",
	}
}

// inAbout words a reminder's lead time: "in 24 hours", "in 1 hour".
func inAbout(d time.Duration) string {
	if d%(time.Hour) == 0 {
		if h := int(d / time.Hour); h == 1 {
			return "in 1 hour"
		} else {
			return "in " + strconv.Itoa(h) + " hours"
		}
	}
	return "in " + strconv.Itoa(int(d/time.Minute)) + " minutes"
}
