package web

import (
	"context"
	"strconv"
	"time"

	"example.com/careers/internal/mail"
	"example.com/careers/internal/replyby"
)

// ReplyByMail words the recruiters' daily digest of late replies.
type ReplyByMail struct {
	SiteName string
	BaseURL  string
	Location *time.Location
}

// Digest writes the digest of late for one recruiter on day.
func (m ReplyByMail) Digest(ctx context.Context, to replyby.Recipient, late replyby.LateList, day time.Time) (mail.Message, error) {
	near := len(late.Rows) - late.Overdue
	subject := strconv.Itoa(late.Overdue) + " applications past their reply-by date"
	if late.Overdue == 0 {
		subject = strconv.Itoa(near) + " applications near their reply-by date"
	}
	v := MailView{
		SiteName: m.SiteName,
		Subject:  subject + ", " + day.Format("January 2"),
		Greeting: "Hello " + to.Name + ",",
		Paragraphs: []string{
			"Each student was promised an answer by the date shown. These have not had one yet, the latest promise last; answering moves them on (or tells them kindly that we will not).",
		},
		Button: &MailLink{"Open the late list", m.BaseURL + "/admin#late"},
		Footer: "You get this each working day when something is late, as a recruiter of " + m.SiteName + ".",
	}
	for _, r := range late.Rows {
		state := "due " + Moment(replyByLastMinute(r.ReplyBy), m.Location)
		if r.Overdue {
			state = "LATE: was due " + Moment(replyByLastMinute(r.ReplyBy), m.Location)
		}
		v.Paragraphs = append(v.Paragraphs, r.FullName+", "+r.RoleTitle+" ("+r.Stage.Label()+"): "+state+". "+m.BaseURL+adminAppURL(r.ID))
	}
	if late.More {
		v.Paragraphs = append(v.Paragraphs, "More are late than this message lists: the late list shows them all.")
	}
	return v.Message(ctx, "reply_by_digest", replyby.DigestKey(to.AccountID, day), to.Email)
}

// replyByLastMinute is the last minute of a reply-by (stored as the
// midnight that ends its day), which reads as the day itself.
func replyByLastMinute(due time.Time) time.Time { return due.Add(-time.Minute) }
