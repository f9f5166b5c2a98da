package web

import (
	"context"
	"time"

	"example.com/careers/internal/mail"
	"example.com/careers/internal/offers"
)

// OfferMail words the messages about offers.
type OfferMail struct {
	SiteName string
	BaseURL  string
	Location *time.Location
}

// Message writes n's message, ready to queue.
func (m OfferMail) Message(ctx context.Context, n offers.Notice) (mail.Message, error) {
	a := ApplicantMail{SiteName: m.SiteName, BaseURL: m.BaseURL, FullName: n.FullName, RoleTitle: n.Role,
		StatusURL: m.BaseURL + "/applications/" + n.Token + "#offer"}
	ends := Moment(n.ExpiresAt, m.Location)
	var v MailView
	switch n.Kind {
	case "made":
		v = a.base("Your offer: "+n.Role,
			"Congratulations! We would like to offer you the "+n.Role+" internship.",
			"Read the offer on your application's page, where you can accept or decline it, and print it. It is open until "+ends+": take the time you need, and ask your recruiter anything.")
	case "reminder":
		v = a.base("Your offer for "+n.Role+" is open until "+ends,
			"A reminder: your offer for "+n.Role+" is open until "+ends+".",
			"Accept or decline it on your application's page. If you need more time, you can ask for it there.")
	case "extension_granted":
		v = a.base("More time to decide: "+n.Role,
			"Your recruiter has given you more time to decide on your offer for "+n.Role+": it is now open until "+ends+".")
	case "extension_declined":
		v = a.base("About your request for more time: "+n.Role,
			"Your recruiter could not give more time on your offer for "+n.Role+": it stays open until "+ends+".",
			"If that is hard for you, reply to this message and tell us why.")
	default: // to the recruiter
		staff := map[string]string{
			offers.Accepted:   n.FullName + " accepted the offer for " + n.Role + ".",
			offers.Declined:   n.FullName + " declined the offer for " + n.Role + ".",
			offers.Expired:    "The offer to " + n.FullName + " for " + n.Role + " expired unanswered on " + ends + ". Close the application, or call them.",
			"extension_asked": n.FullName + " asked for more time to decide on the offer for " + n.Role + ". Answer on the application's page.",
		}[n.Kind]
		v = MailView{SiteName: m.SiteName, Subject: "Offer: " + staff, Paragraphs: []string{staff},
			Button: &MailLink{"Open the application", m.BaseURL + adminAppURL(n.ApplicationID) + "#offer"},
			Footer: "You get this because you made this offer."}
	}
	msg, err := v.Message(ctx, "offer_"+n.Kind, mail.Key("offer", n.ApplicationID, n.Kind, n.ExpiresAt.Unix()), n.To)
	return msg, err
}
