package questions

import (
	"strconv"
	"time"
)

// What the form's estimate counts: the time an unhurried student takes
// per field, from reading the label to moving on. Typed answers count
// their limit, since a long box invites a long answer: one second per 20
// characters on top of starting to write. The standard fields (name,
// contact, studies, resume, three links, the 2,000-character answer,
// consent) come to about seven and a half minutes.
const (
	standardForm = 450 * time.Second
	perYesNo     = 10 * time.Second
	perChoice    = 15 * time.Second
	perMulti     = 25 * time.Second
	perLink      = 30 * time.Second
	perShort     = 40 * time.Second
	perFile      = 60 * time.Second
	perLongStart = 60 * time.Second
	perLongChars = 20 // characters per second of the limit
)

// Thresholds past which the role editor warns that a form is long: 60%
// of job seekers abandon long application forms.
const (
	WarnMinutes   = 15
	WarnQuestions = 12
)

// Estimate is how long the whole form (standard fields and qs) takes.
func Estimate(qs []Question) time.Duration {
	d := standardForm
	for _, q := range qs {
		switch q.Kind {
		case YesNo:
			d += perYesNo
		case SingleChoice:
			d += perChoice
		case MultiChoice:
			d += perMulti
		case Link:
			d += perLink
		case ShortText:
			d += perShort
		case File:
			d += perFile
		case LongText:
			d += perLongStart + time.Duration(q.Limit()/perLongChars)*time.Second
		}
	}
	return d
}

// Minutes is the estimate in whole minutes, rounded up: the figure the
// form shows.
func Minutes(qs []Question) int {
	return int((Estimate(qs) + time.Minute - 1) / time.Minute)
}

// Warnings says why a role's form is too long, if it is.
func Warnings(qs []Question) []string {
	var w []string
	if m := Minutes(qs); m > WarnMinutes {
		w = append(w, "This form takes about "+strconv.Itoa(m)+" minutes, more than 15: students give up on long forms. Ask only what you need to decide on the first round.")
	}
	if len(qs) > WarnQuestions {
		w = append(w, "This form has "+strconv.Itoa(len(qs))+" questions of its own, more than 12: consider moving some to a later stage.")
	}
	return w
}
