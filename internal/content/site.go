package content

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"example.com/careers/internal/i18n"
)

// settingsFile is the name of the site settings file in the content folder.
const settingsFile = "site.yaml"

// Settings are the site-wide values kept beside the pages in site.yaml.
type Settings struct {
	// Name is the site's name, shown in the header and titles.
	Name string `yaml:"name"`
	// Company is the employer running the program.
	Company string `yaml:"company"`
	// Tagline is the short promise under the name.
	Tagline string `yaml:"tagline"`
	// TimeZone decides which calendar day "today" is for the timeline.
	TimeZone string `yaml:"time_zone"`
	// Season holds the dates of the current program year.
	Season Season `yaml:"season"`
	// CompanyURL is the employer's own site (schema.org sameAs).
	CompanyURL string `yaml:"company_url"`
	// Offices are street addresses by location name, for job postings.
	Offices map[string]Office `yaml:"offices"`
	// Scheduling holds the rules of interview booking.
	Scheduling Scheduling `yaml:"scheduling"`
	// SelfIdentification offers students the voluntary US EEO survey on
	// their confirmation and status pages, and admins its aggregate
	// counts. Off unless set: an employer turns it on when it must (or
	// chooses to) collect these answers.
	SelfIdentification bool `yaml:"self_identification"`
	// PayTransparency lists the places whose job postings must show a
	// pay range, by the region after the last comma of a role's location
	// ("CA" for "Los Gatos, CA"), in upper case once loaded.
	PayTransparency []string `yaml:"pay_transparency"`
	// ReplyBy is how soon students hear back at each stage, in working
	// days, and the holidays that are not working days.
	ReplyBy ReplyBy `yaml:"reply_by"`
	// DecisionSendHour is the hour of the student's own day a scheduled
	// decision arrives at (10 unless set; 7 to 20).
	DecisionSendHour int `yaml:"decision_send_hour"`

	location *time.Location
}

// ReplyBy is the program's promise of an answer, in working days from
// applying, from handing in the take-home and from each interview; a
// role may set its own. WarnDays is how many working days ahead the
// recruiters' late list starts warning. Holidays are the days, besides
// weekends, that count as none.
type ReplyBy struct {
	Applied   int    `yaml:"applied"`
	TakeHome  int    `yaml:"take_home"`
	Interview int    `yaml:"interview"`
	WarnDays  int    `yaml:"warn_days"`
	Holidays  []Date `yaml:"holidays"`
}

// MaxReplyByDays bounds a service level: past twelve weeks of working
// days a promise says nothing.
const MaxReplyByDays = 60

func (r *ReplyBy) validate() error {
	for _, v := range []*int{&r.Applied, &r.TakeHome, &r.Interview} {
		if *v < 0 || *v > MaxReplyByDays {
			return fmt.Errorf("reply_by: applied, take_home and interview are from 1 to %d working days", MaxReplyByDays)
		}
	}
	if r.WarnDays < 0 || r.WarnDays > 10 {
		return errors.New("reply_by: warn_days is from 0 to 10")
	}
	r.Applied, r.TakeHome, r.Interview = cmp.Or(r.Applied, 10), cmp.Or(r.TakeHome, 5), cmp.Or(r.Interview, 5)
	seen := map[time.Time]bool{}
	for _, h := range r.Holidays {
		if seen[h.Time] {
			return fmt.Errorf("reply_by: holiday %s is listed twice", h.Format(time.DateOnly))
		}
		seen[h.Time] = true
	}
	return nil
}

// Scheduling is the program's interview-booking rules, in hours and
// days as people say them (zero: the built-in default).
type Scheduling struct {
	CutoffHours      int   `yaml:"cutoff_hours"`
	MaxReschedules   int   `yaml:"max_reschedules"`
	ReminderHours    []int `yaml:"reminder_hours"`
	RemindToBookDays int   `yaml:"remind_to_book_days"`
}

func (s Scheduling) validate() error {
	if s.CutoffHours < 0 || s.CutoffHours > 24*14 || s.MaxReschedules < 0 || s.MaxReschedules > 10 ||
		s.RemindToBookDays < 0 || s.RemindToBookDays > 60 {
		return errors.New("scheduling: cutoff_hours 0..336, max_reschedules 0..10, remind_to_book_days 0..60")
	}
	for _, h := range s.ReminderHours {
		if h < 1 || h > 24*14 {
			return errors.New("scheduling: reminder_hours are from 1 to 336")
		}
	}
	return nil
}

// Office is a postal address.
type Office struct {
	Street     string `yaml:"street"`
	Locality   string `yaml:"locality"`
	Region     string `yaml:"region"`
	PostalCode string `yaml:"postal_code"`
	Country    string `yaml:"country"`
}

// Location is the time zone named by TimeZone.
func (s Settings) Location() *time.Location { return s.location }

func (s *Settings) validate() error {
	if s.Name == "" || s.Company == "" {
		return errors.New("name and company are required")
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil || s.TimeZone == "" {
		return fmt.Errorf("time_zone %q: want an IANA zone such as America/Los_Angeles", s.TimeZone)
	}
	s.location = loc
	if err := s.Scheduling.validate(); err != nil {
		return err
	}
	if err := s.ReplyBy.validate(); err != nil {
		return err
	}
	if s.DecisionSendHour = cmp.Or(s.DecisionSendHour, 10); s.DecisionSendHour < 7 || s.DecisionSendHour > 20 {
		return errors.New("decision_send_hour: an hour of the day from 7 to 20, when people read mail")
	}
	if s.PayTransparency, err = regionCodes(s.PayTransparency); err != nil {
		return fmt.Errorf("pay_transparency: %w", err)
	}
	return s.Season.validate()
}

// regionCodes checks a list of region codes (two or three letters, such
// as CA, NY or DC, or US for roles located "Remote, US") and returns them
// in upper case. A typo such as "Calif." or "C A" would silently match no
// role, so it fails loading instead.
func regionCodes(list []string) ([]string, error) {
	out := make([]string, 0, len(list))
	for _, raw := range list {
		code := strings.ToUpper(strings.TrimSpace(raw))
		if len(code) < 2 || len(code) > 3 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return nil, fmt.Errorf("%q is not a region code: write each place as it ends a role's location, like CA for \"Los Gatos, CA\"", raw)
		}
		if slices.Contains(out, code) {
			return nil, fmt.Errorf("%s is listed twice", code)
		}
		out = append(out, code)
	}
	return out, nil
}

// Site is the loaded content: settings and every page by slug.
type Site struct {
	Settings Settings
	// Kits are the default interview kits by stage (kits.yaml).
	Kits map[string]Kit
	// TakeHomeTask is the take-home task a role's editor starts from
	// (take-home-task.txt, markdown; "" when the folder has none).
	TakeHomeTask string
	// QuestionSets are the question sets a role's form can start from
	// (question-sets.yaml; none when the folder has none).
	QuestionSets []QuestionSet
	// Catalog is the interface strings of every language the site
	// speaks (i18n/); the languages are the catalog's.
	Catalog *i18n.Catalog
	pages   map[string]*Page
	nav     []*Page
	// translations are the other languages' own files, and languages the
	// site as each reads it (In).
	translations map[string]*translation
	languages    map[string]*Site
}

// Page returns the page with slug, or nil.
func (s *Site) Page(slug string) *Page { return s.pages[slug] }

// Nav returns the pages shown in the navigation, in order.
func (s *Site) Nav() []*Page { return s.nav }
