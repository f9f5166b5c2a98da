package web

import (
	"context"
	"time"

	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/offers"
)

// StatusView is the view model of the private status page.
type StatusView struct {
	Chrome Chrome
	Status applications.Status
	// JustSubmitted shows the confirmation banner after applying.
	JustSubmitted bool
	// Location is the site's time zone for dates.
	Location *time.Location
	// Take is the take-home, when one was sent (its TakeHome is nil
	// otherwise); its Loc is the student's zone.
	Take TakeHomeView
	// Zones are the time-zone choices.
	Zones []ZoneChoice
	// Interview is the interview round's booking, shown while the
	// application is in a round.
	Interview InterviewBookingView
	// SelfID is the voluntary self-identification survey.
	SelfID SelfIDForm
	// Adjustments are the student's requests for adjustments;
	// AdjustmentText keeps a refused request's text.
	Adjustments    []adjustments.Request
	AdjustmentText string
	// Done confirms what the student just did ("work", "extension",
	// "zone", "self-id", "self-id-removed"); Problem says what went wrong,
	// on Field ("work", "reason", "tz"); Link keeps the link typed when it
	// was refused.
	Done, Problem, Field, Link string
	// Reply is the promise of an answer at this stage.
	Reply ReplyByLine
	// Offer is the application's offer (nil: none), read at Now.
	Offer *offers.Offer
	Now   time.Time
}

// OfferURL is the offer's own page (to print), and the base of its
// accept, decline and extension routes.
func (v StatusView) OfferURL() string { return "/applications/" + v.Status.Token + "/offer" }

// ReplyByLine is what the status page says about when the student will
// hear: by Day (the end of that day in the program's zone, Zone; zero
// when no answer is owed), late once Overdue; while a take-home is out,
// AfterHandIn working days from handing it in.
type ReplyByLine struct {
	Day         time.Time
	Zone        string
	Days        int
	Overdue     bool
	AfterHandIn int
}

// AdjustmentURL is the address of the adjustment request form.
func (v StatusView) AdjustmentURL() string { return "/applications/" + v.Status.Token + "/adjustment" }

// ShowTakeHome reports whether the page shows the take-home: while the
// stage is open.
func (v StatusView) ShowTakeHome() bool {
	return v.Take.TakeHome != nil && v.Take.TakeHome.Stage == applications.TakeHome
}

// ShowInterview reports whether the page shows the interview booking:
// in an interview round with a time booked or times open.
func (v StatusView) ShowInterview() bool {
	switch v.Status.Stage {
	case applications.Interview1, applications.Interview2, applications.Interview3:
		return v.Interview.Booking != nil || len(v.Interview.Open) > 0
	}
	return false
}

// InterviewURL is the address of the booking form.
func (v StatusView) InterviewURL() string { return "/applications/" + v.Status.Token + "/interview" }

// ZoneName is the zone the page's times are in.
func (v StatusView) ZoneName() string { return v.Take.Loc.String() }

// TakeHomeURL is the address of the take-home's forms.
func (v StatusView) TakeHomeURL() string { return "/applications/" + v.Status.Token + "/take-home" }

// StatusStep is one of the four steps a student sees.
type StatusStep struct {
	// Key names the step in the catalog (status.step.<Key>).
	Key   string
	State string // "done", "current" or "upcoming"
	// Note is the stage to name on the current step when it says more
	// than the step (the interview round); "" otherwise.
	Note applications.Stage
}

// statusSteps are the four steps' keys, with their English names: a
// stage whose name is its step's says no more than the step.
var statusSteps = []struct{ key, english string }{
	{"applied", "Applied"}, {"take_home", "Take-home assessment"}, {"interviews", "Interviews"}, {"decision", "Decision"},
}

// Steps lays out Applied, Take-home assessment, Interviews and Decision
// with the current one marked.
func (v StatusView) Steps() []StatusStep {
	cur := v.Status.Stage.Step()
	steps := make([]StatusStep, len(statusSteps))
	for i, n := range statusSteps {
		steps[i].Key = n.key
		switch {
		case cur < 0:
			steps[i].State = "upcoming"
		case i < cur:
			steps[i].State = "done"
		case i == cur:
			steps[i].State = "current"
		default:
			steps[i].State = "upcoming"
		}
	}
	if cur >= 0 && v.Status.Stage.Label() != statusSteps[cur].english {
		steps[cur].Note = v.Status.Stage
	}
	return steps
}

// StageName is a stage's name for the student, in ctx's language
// (status.stage.<stage>).
func StageName(ctx context.Context, s applications.Stage) string {
	return T(ctx, "status.stage."+string(s))
}

// roleTextLang is the language of the role's words the status pages
// show (the title and team, stored in the site's first language).
var roleTextLang = i18n.Default.String()

// Zone is the zone the student reads their times in: theirs when they
// chose one, else the site's.
func (v StatusView) Zone() *time.Location {
	if v.Take.Loc != nil {
		return v.Take.Loc
	}
	if v.Location != nil {
		return v.Location
	}
	return time.UTC
}

// When formats a time as a date in the site's zone, in English.
func (v StatusView) When(t time.Time) string {
	return t.In(v.Location).Format("January 2, 2006")
}

// Date writes t's day in the student's zone and ctx's language.
func (v StatusView) Date(ctx context.Context, t time.Time) string {
	return Printer(ctx).Date(t.In(v.Zone()))
}

// WithdrawURL is the confirmation page's address.
func (v StatusView) WithdrawURL() string {
	return "/applications/" + v.Status.Token + "/withdraw"
}
