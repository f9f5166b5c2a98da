package web

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"example.com/careers/internal/alerts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/roles"
)

// MailLink is a button in a message.
type MailLink struct {
	Label, URL string
}

// MailView is one message's content, written once and rendered twice:
// as HTML (templ) and as plain text, so the two parts always agree.
type MailView struct {
	SiteName   string
	Subject    string
	Greeting   string
	Paragraphs []string
	Button     *MailLink
	// Links are extra pointers, such as /prepare and /tips.
	Links []MailLink
	// Footer explains why the message came, and how to stop alerts.
	Footer      string
	Unsubscribe *MailLink
}

// Render returns the plain-text and HTML bodies.
func (v MailView) Render(ctx context.Context) (text, html string, err error) {
	var t strings.Builder
	if v.Greeting != "" {
		t.WriteString(v.Greeting + "\n\n")
	}
	for _, p := range v.Paragraphs {
		t.WriteString(p + "\n\n")
	}
	if v.Button != nil {
		t.WriteString(v.Button.Label + ": " + v.Button.URL + "\n\n")
	}
	for _, l := range v.Links {
		t.WriteString(l.Label + ": " + l.URL + "\n")
	}
	if len(v.Links) > 0 {
		t.WriteString("\n")
	}
	t.WriteString("-- \n" + v.SiteName + "\n")
	if v.Footer != "" {
		t.WriteString(v.Footer + "\n")
	}
	if v.Unsubscribe != nil {
		t.WriteString(v.Unsubscribe.Label + ": " + v.Unsubscribe.URL + "\n")
	}
	var h bytes.Buffer
	if err := MailHTML(v).Render(ctx, &h); err != nil {
		return "", "", err
	}
	return t.String(), h.String(), nil
}

// Message renders v into a message for to; key makes it unique.
func (v MailView) Message(ctx context.Context, kind, key, to string) (mail.Message, error) {
	text, html, err := v.Render(ctx)
	if err != nil {
		return mail.Message{}, err
	}
	m := mail.Message{Kind: kind, Key: key, To: to, Subject: v.Subject, Text: text, HTML: html}
	if v.Unsubscribe != nil {
		m.UnsubscribeURL = v.Unsubscribe.URL
	}
	return m, nil
}

// AlertMail is what alert subscribers hear.
type AlertMail struct {
	SiteName string
	BaseURL  string
}

func (a AlertMail) unsubscribe(token string) *MailLink {
	return &MailLink{"Unsubscribe from role alerts", a.BaseURL + "/alerts/unsubscribe/" + token}
}

// Confirm asks the address to confirm its sign-up: nothing else is sent
// until it does.
func (a AlertMail) Confirm(sub alerts.Subscription) MailView {
	return MailView{
		SiteName: a.SiteName, Subject: "Confirm your internship role alerts", Greeting: "Hello,",
		Paragraphs: []string{
			"Someone, most likely you, asked to be told when new internship roles are posted, at this address.",
			"Please confirm with the button below. Until you do, we will not send you anything else; if it was not you, simply ignore this message.",
		},
		Button: &MailLink{"Confirm my role alerts", a.BaseURL + "/alerts/confirm/" + sub.ConfirmToken},
		Footer: "You get this message because this address was entered on our careers site.",
	}
}

// Digest lists newly published roles that match the subscriber.
func (a AlertMail) Digest(sub alerts.Subscription, rs []roles.Role) MailView {
	subject := "New internship role: " + rs[0].Title
	if len(rs) > 1 {
		subject = fmt.Sprintf("%d new internship roles for you", len(rs))
	}
	v := MailView{
		SiteName: a.SiteName, Subject: subject, Greeting: "Hello,",
		Paragraphs:  []string{"New roles that match your alert have just been posted. Applications open as soon as a role is live, and teams review them as they arrive."},
		Button:      &MailLink{"See all open roles", a.BaseURL + "/roles"},
		Footer:      "You get this message because you signed up for role alerts and confirmed your address.",
		Unsubscribe: a.unsubscribe(sub.Token),
	}
	for _, r := range rs {
		v.Links = append(v.Links, MailLink{r.Title + " (" + r.Team + ", " + strings.Join(r.Locations, " or ") + ")", a.BaseURL + "/roles/" + r.Slug})
	}
	return v
}

// DigestMessage writes sub's digest about rs, ready to queue (an
// alerts.WriteDigest).
func (a AlertMail) DigestMessage(ctx context.Context, sub alerts.Subscription, rs []roles.Role) (mail.Message, error) {
	return a.Digest(sub, rs).Message(ctx, "alert_digest", alerts.DigestKey(sub, rs), sub.Email)
}

// ApplicantMail is what the applicant hears about their application.
type ApplicantMail struct {
	SiteName  string
	BaseURL   string
	FullName  string
	RoleTitle string
	StatusURL string
}

func (a ApplicantMail) base(subject string, paragraphs ...string) MailView {
	return MailView{
		SiteName: a.SiteName, Subject: subject, Greeting: greeting(a.FullName), Paragraphs: paragraphs,
		Button: &MailLink{"See your application", a.StatusURL},
		Footer: "You get this message because you applied on our careers site. Keep the link to your application private: anyone who has it can see and withdraw your application.",
	}
}

func (a ApplicantMail) prepareLinks() []MailLink {
	return []MailLink{{"How to prepare", a.BaseURL + "/prepare"}, {"Interview tips", a.BaseURL + "/tips"}}
}

// Received confirms a new application.
func (a ApplicantMail) Received() MailView {
	v := a.base("We received your application: "+a.RoleTitle,
		"Thank you for applying to "+a.RoleTitle+". Your application and resume arrived safely.",
		"The team reviews applications as they arrive. You can follow yours at any time on its private page, and we will write when it moves to the next step.",
		"While you wait, it is a good moment to read our culture memo and prepare four or five stories about your projects using the STAR method.")
	v.Links = a.prepareLinks()
	return v
}

// StageChanged tells the applicant about a move to stage.
func (a ApplicantMail) StageChanged(stage applications.Stage) MailView {
	switch stage {
	case applications.TakeHome:
		v := a.base("Next step for "+a.RoleTitle+": a take-home assessment",
			"Good news: your application for "+a.RoleTitle+" moves on to a take-home assessment.",
			"Your recruiter will send the assessment and its instructions. Read them carefully, plan your time, and treat it like real work for the team: clear, tested and explained.")
		v.Links = a.prepareLinks()
		return v
	case applications.Interview1, applications.Interview2, applications.Interview3:
		round := map[applications.Stage]string{applications.Interview1: "first", applications.Interview2: "second", applications.Interview3: "third"}[stage]
		v := a.base("Next step for "+a.RoleTitle+": your "+round+" interview",
			"Good news: we would like to invite you to the "+round+" round of interviews for "+a.RoleTitle+". Choose a time that suits you on your application's page, where the open times are shown in your time zone; if none are open yet, we will write again, or your recruiter will be in touch.",
			"Expect questions on the skills the role needs and on how you work with others. Practise your STAR stories, ask clarifying questions, and think out loud: the interview is a conversation.")
		v.Links = a.prepareLinks()
		return v
	case applications.Offer:
		return a.base("Good news about your application for "+a.RoleTitle,
			"Congratulations! We would like to offer you the "+a.RoleTitle+" internship.",
			"Your recruiter will contact you with the details and to answer every question you have.")
	case applications.Hired:
		return a.base("Welcome to your first season",
			"We are delighted that you are joining us as "+a.RoleTitle+". Your recruiter will guide you through everything before your first day.")
	case applications.Rejected:
		return a.base("Your application for "+a.RoleTitle,
			"Thank you for your interest in "+a.RoleTitle+" and for the time and care you put into your application.",
			"After careful consideration, we will not be moving forward with your application this time. We know this is not the news you hoped for.",
			"Many of our interns applied more than once. We would be glad to see you apply to other roles, now or in a future season.")
	case applications.Withdrawn:
		return a.Withdrawn()
	}
	return a.base("An update on your application for "+a.RoleTitle, "There is an update on your application for "+a.RoleTitle+".")
}

// Matched tells the student their application now belongs to another
// team's role (RoleTitle), after interviews showed a better fit.
func (a ApplicantMail) Matched() MailView {
	return a.base("Your application now continues with "+a.RoleTitle,
		"Good news: after your interviews, we think you would be a great match for another team, and your application now continues with "+a.RoleTitle+".",
		"You keep your place in the process: nothing to send again. Your application's private page shows the new role, and your recruiter will be in touch about the next step.")
}

// Withdrawn confirms a withdrawal.
func (a ApplicantMail) Withdrawn() MailView {
	return a.base("You withdrew your application for "+a.RoleTitle,
		"This confirms that your application for "+a.RoleTitle+" has been withdrawn and is no longer being considered.",
		"If this was a mistake, or when you are ready again, you are welcome to apply to our open roles.")
}

// AlreadyApplied answers a second application with the same address: the
// status link goes to the address, never to the page.
func (a ApplicantMail) AlreadyApplied() MailView {
	return a.base("Your application for "+a.RoleTitle,
		"Someone, most likely you, tried to apply to "+a.RoleTitle+" with this email address. You had already applied, so we kept your first application and did not make a second one.",
		"Here is the private link to your application again. If this was not you, you can ignore this message.")
}
