package web

import (
	"github.com/a-h/templ"

	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/offers"
	"example.com/careers/internal/replyby"
	"example.com/careers/internal/sources"

	"strconv"
	"strings"
	"time"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/content"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/scorecards"
	"example.com/careers/internal/takehomes"
)

// AdminDashboardView is the view model of /admin.
type AdminDashboardView struct {
	Chrome    Chrome
	Dashboard applications.Dashboard
	// Waiting are the students' requests for more time nobody answered.
	Waiting []takehomes.WaitingRequest
	// Late are the applications past or near their reply-by.
	Late replyby.LateList
	Loc  *time.Location
}

// AdminRolesView is the view model of /admin/roles.
type AdminRolesView struct {
	Chrome Chrome
	Rows   []roles.AdminRow
	Now    time.Time
	Flash  string
}

// StatusLabel says a role's status as a recruiter thinks of it.
func (v AdminRolesView) StatusLabel(r roles.Role) string {
	switch {
	case r.Status == roles.StatusDraft:
		return "Draft"
	case r.IsOpen(v.Now):
		return "Open"
	case r.Status == roles.StatusOpen:
		return "Closed (closing date passed)"
	default:
		return "Closed"
	}
}

// AdminRoleFormView is the view model of the role editor.
type AdminRoleFormView struct {
	Chrome Chrome
	// Role is the role being edited, or nil for a new one.
	Role        *roles.Role
	Input       roles.Input
	Errors      map[string]string
	PreviewHTML string
	Flash       string
	// Problem is a form-wide error (a conflicting edit).
	Problem string
	// Languages are the languages a role may be translated into,
	// matching Input.Translations one for one.
	Languages []i18n.Lang
	// PostedVersion is the version the form was loaded with, carried
	// through previews and errors unchanged.
	PostedVersion string
	Now           time.Time
	// PayPlaces are the regions whose postings need a pay range (the
	// site's pay_transparency list), for the pay fields' hint.
	PayPlaces []string
}

// payError reports whether any pay field has a problem.
func (v AdminRoleFormView) payError() bool {
	return v.Errors["pay"] != "" || v.Errors["pay_min"] != "" || v.Errors["pay_max"] != "" || v.Errors["pay_currency"] != "" || v.Errors["pay_unit"] != ""
}

// fieldOf is the id of the field an error is about: the pay range as a
// whole ("pay") is entered from its first box.
func fieldOf(key string) string {
	if key == "pay" {
		return "pay_min"
	}
	return key
}

// PayHint explains when the pay range is required.
func (v AdminRoleFormView) PayHint() string {
	hint := "Whole amounts, like 45 to 60 USD per hour. Leave both amounts empty for no range."
	if len(v.PayPlaces) > 0 {
		hint += " Required before publishing a role in " + strings.Join(v.PayPlaces, ", ") + " (the site's pay transparency list)."
	}
	return hint
}

// Version is the role's updated_at as the form carries it, so a save can
// tell whether someone else saved in between.
func (v AdminRoleFormView) Version() string {
	if v.PostedVersion != "" || v.Role == nil {
		return v.PostedVersion
	}
	return strconv.FormatInt(v.Role.UpdatedAt.UnixMicro(), 10)
}

// Action is where the form posts.
func (v AdminRoleFormView) Action() string {
	if v.Role == nil {
		return "/admin/roles/new"
	}
	return "/admin/roles/" + strconv.FormatInt(v.Role.ID, 10) + "/edit"
}

// HasDegree reports whether the form has degree d ticked.
func (v AdminRoleFormView) HasDegree(d roles.Degree) bool {
	for _, x := range v.Input.Degrees {
		if x == d {
			return true
		}
	}
	return false
}

// describe is the aria-describedby of a field: its hint and its error.
func (v AdminRoleFormView) describe(name string, hint bool) string {
	var ids []string
	if hint {
		ids = append(ids, name+"-hint")
	}
	if v.Errors[name] != "" {
		ids = append(ids, name+"-error")
	}
	return strings.Join(ids, " ")
}

// AdminAppsView is the view model of /admin/applications.
type AdminAppsView struct {
	Chrome Chrome
	applications.ListPage
	// Roles are the role filter's choices; MoreRoles says the list was cut.
	Roles     []roles.Choice
	MoreRoles bool
	// Sources are the named sources, for the source filter.
	Sources []sources.Source
	Flash   string
	Error   string
}

// SourceChoices are the source filter's options: the named sources, and
// the filter's own value when it names none (a utm_source link).
func (v AdminAppsView) SourceChoices() []SourceOption {
	var cs []SourceOption
	found := v.Filter.Source == ""
	for _, s := range v.Sources {
		cs = append(cs, SourceOption{Value: s.Code, Label: s.Name + " (" + s.Code + ")"})
		found = found || s.Code == v.Filter.Source
	}
	if !found {
		cs = append(cs, SourceOption{Value: v.Filter.Source, Label: v.Filter.Source})
	}
	return cs
}

// Pages is the number of pages of a counted list: of its first
// applications.CountLimit matches.
func (v AdminAppsView) Pages() int {
	return max(1, (min(v.Total, applications.CountLimit)+applications.AdminPageSize-1)/applications.AdminPageSize)
}

// NextURL is a text search's next page: the one after its last row.
func (v AdminAppsView) NextURL() string {
	f := v.Filter
	f.After, f.Before, f.Page = v.Rows[len(v.Rows)-1].ID, 0, f.Page+1
	return "/admin/applications?" + f.Values().Encode()
}

// PrevURL is a text search's page before: the one before its first row.
func (v AdminAppsView) PrevURL() string {
	f := v.Filter
	f.After, f.Before, f.Page = 0, v.Rows[0].ID, max(1, f.Page-1)
	return "/admin/applications?" + f.Values().Encode()
}

// FirstURL is a text search's first page.
func (v AdminAppsView) FirstURL() string {
	f := v.Filter
	f.After, f.Before, f.Page = 0, 0, 1
	return "/admin/applications?" + f.Values().Encode()
}

// roleSelectAttrs ties the role filter to its hint when there is one.
func (v AdminAppsView) roleSelectAttrs() templ.Attributes {
	if v.MoreRoles {
		return templ.Attributes{"aria-describedby": "f-role-hint"}
	}
	return nil
}

// CountText says how many applications match.
func (v AdminAppsView) CountText() string {
	switch {
	case !v.Counted:
		return "Applications matching your search, page " + strconv.Itoa(v.Filter.Page)
	case v.Total > applications.CountLimit:
		return "More than " + thousands(applications.CountLimit) + " matching: the pages show the first " +
			thousands(applications.CountLimit) + "; narrow the filters, or download the CSV for all of them"
	}
	return thousands(v.Total) + " matching"
}

// PageLinks lists the pages around the current one.
func (v AdminAppsView) PageLinks() []PageLink {
	return pageLinks(v.Filter.Page, v.Pages(), v.PageURL)
}

// PageURL links to page n of the same counted filter.
func (v AdminAppsView) PageURL(n int) string {
	f := v.Filter
	f.Page = n
	return "/admin/applications?" + f.Values().Encode()
}

// ExportURL is the CSV of the current filter.
func (v AdminAppsView) ExportURL() string {
	f := v.Filter
	f.Page, f.After, f.Before = 1, 0, 0
	return "/admin/applications.csv?" + f.Values().Encode()
}

// BackURL is the list page itself (its cursor too), to return to after
// a bulk move.
func (v AdminAppsView) BackURL() string { return "/admin/applications?" + v.Filter.Values().Encode() }

// AdminAppView is the view model of one application.
type AdminAppView struct {
	Chrome Chrome
	App    applications.Detail
	// Answers are the answers to the role's questions, each with the
	// question as the student read it.
	Answers []questions.Answer
	// Adjustments are the student's requests for adjustments (recruiters
	// only), and Arranged what the application is given.
	Adjustments []adjustments.Request
	Arranged    adjustments.Arranged
	Moves       []applications.Stage
	IsAdmin     bool
	Flash       string
	Error       string
	Loc         *time.Location
	// Assignments are the application's interviewers by stage; Staff the
	// accounts that can be assigned.
	Assignments []applications.Assignment
	Staff       []StaffChoice
	// Scorecards are the interview stages' cards, for recruiters;
	// MissingNow names who has not written theirs for the current stage.
	Scorecards []StageCardsView
	MissingNow []string
	// MatchTargets are the other open roles of the season.
	MatchTargets []applications.MatchTarget
	// Take is the take-home sent (Take.TakeHome nil when none); HasTask
	// says the role has a task to send, and TaskDue when it would be due
	// ("in 72 hours, and by ...").
	Take    TakeHomeView
	HasTask bool
	TaskDue string
	// Offer is the application's offer (nil: none); CanOffer says one can
	// be made now, ending by default at OfferDefault (datetime-local, in
	// Loc) after the program's OfferWindowDays.
	Offer           *offers.Offer
	CanOffer        bool
	OfferDefault    string
	OfferWindowDays int
	Now             time.Time
}

// RoleKitsView is a role's interview kits as edited.
type RoleKitsView struct {
	Chrome Chrome
	Role   roles.Role
	// Own: the role has its own kits (else the defaults are shown).
	Own    bool
	Texts  map[string]content.KitText
	Errors map[string]string
	Flash  string
}

// StaffChoice is an account in the "who interviews" list.
type StaffChoice struct {
	ID    int64
	Label string
}

// InterviewsView is an interviewer's list.
type InterviewsView struct {
	Chrome     Chrome
	Interviews []applications.Interview
	Flash      string
}

// InterviewView is one application as its interviewer sees it.
type InterviewView struct {
	Chrome    Chrome
	Interview applications.Interview
	Flash     string
	// ExtraMinutes is the longer interview arranged for the student, as
	// an adjustment: interviewers see the time, never the request.
	ExtraMinutes int
	Stages       []StageCardsView
	// Take is the take-home and its work, when one was sent.
	Take TakeHomeView
}

// StageCardsView is one stage's kit and scorecards: on the interviewer's
// page, their own form and, once it is in, the others' cards; on the
// recruiter's page, every card and the summary.
type StageCardsView struct {
	Stage    applications.Stage
	Kit      content.Kit
	Mine     *scorecards.Card
	Others   []scorecards.Card
	Input    scorecards.Input
	Problems scorecards.Problems
	Decided  bool
	// Recruiters' view.
	Cards   []scorecards.Card
	Summary scorecards.Summary
	Missing []string
}

// AdminUsersView is the view model of /admin/users.
type AdminUsersView struct {
	Chrome   Chrome
	Accounts []accounts.Account
	MeID     int64
	New      accounts.NewAccount
	Errors   map[string]string
	Flash    string
	// RequireSecondFactor: recruiters need one too (admins always do).
	RequireSecondFactor bool
}

// Factors says which second factors an account has, for the list.
func Factors(a accounts.Account) string {
	var parts []string
	if a.Passkeys == 1 {
		parts = append(parts, "1 passkey")
	} else if a.Passkeys > 1 {
		parts = append(parts, strconv.Itoa(a.Passkeys)+" passkeys")
	}
	if a.HasTOTP {
		parts = append(parts, "app")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// AdminAuditView is the view model of /admin/audit.
type AdminAuditView struct {
	Chrome  Chrome
	Entries []audit.Entry
	Page    int
	More    bool
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func kitStages() []string { return content.KitStages }

func adminAppURL(id int64) string { return "/admin/applications/" + idStr(id) }

func roleAppsURL(id int64) string { return "/admin/applications?role=" + idStr(id) }

func stamp(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Jan 2, 2006 15:04")
}

// userDescribe is the aria-describedby of an add-account field.
func userDescribe(v AdminUsersView, name string, hint bool) string {
	var ids []string
	if hint {
		ids = append(ids, "new-"+name+"-hint")
	}
	if v.Errors[name] != "" {
		ids = append(ids, "new-"+name+"-error")
	}
	return strings.Join(ids, " ")
}
