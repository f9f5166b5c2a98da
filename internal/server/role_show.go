package server

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/questions"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/sources"
	"example.com/careers/web"
)

// similarCount is how many open roles a closed role's page suggests.
const similarCount = 3

// roleShow serves /roles/{slug}: 200 while open, 410 once closed, 404 for
// drafts and unknown slugs.
func (s *server) roleShow(w http.ResponseWriter, r *http.Request) error {
	role, err := s.publishedRole(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		return err
	}
	if err := s.translateRoles(r, []roles.Role{role}, &role); err != nil {
		return err
	}
	return s.renderRole(w, r, role)
}

// translateRoles puts rs in r's language where their recruiters
// translated them; one, when set, receives rs[0].
func (s *server) translateRoles(r *http.Request, rs []roles.Role, one *roles.Role) error {
	if err := s.Roles.Translate(r.Context(), s.printer(r).Lang().Code, rs); err != nil {
		return err
	}
	if one != nil {
		*one = rs[0]
	}
	return nil
}

// publishedRole returns the role with slug unless it is a draft: drafts
// do not exist for students.
func (s *server) publishedRole(ctx context.Context, slug string) (roles.Role, error) {
	role, err := s.Roles.BySlug(ctx, slug)
	if err != nil {
		return role, err
	}
	if role.Status == roles.StatusDraft {
		return role, errNotFound
	}
	return role, nil
}

// renderRole writes the role page; for a closed role, with status 410 and
// open roles like it.
func (s *server) renderRole(w http.ResponseWriter, r *http.Request, role roles.Role) error {
	now := s.Now()
	html, err := s.Markdown.Render([]byte(role.Description))
	if err != nil {
		return err
	}
	loc := s.Site.Settings.Location()
	p := s.printer(r)
	// The role's dates, in the page's language and the site's zone.
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return p.Date(t.In(loc))
	}
	v := web.RoleView{
		Chrome:          s.chrome(r, role.Title, p.T("browse.role.description", "Title", role.Title, "Team", role.Team, "Season", role.Season)),
		Role:            role,
		DescriptionHTML: html,
		Open:            role.IsOpen(now),
		Opened:          day(role.OpensAt),
		Closes:          day(role.ClosesAt),
		Source:          sources.FromQuery(r.URL.Query()),
	}
	v.Chrome.Canonical = s.BaseURL + p.Path("/roles/"+role.Slug)
	settings := s.Site.Settings
	for _, l := range role.Locations {
		if o, ok := settings.Offices[l]; ok {
			v.Addresses = append(v.Addresses, o.Street+", "+o.Locality+", "+o.Region+" "+o.PostalCode)
		}
	}
	if v.Open {
		qs, err := s.Questions.ForRole(r.Context(), role.ID)
		if err != nil {
			return err
		}
		v.FormMinutes, v.Requirements = questions.Minutes(qs), questions.Requirements(qs)
		// Without a closing date, a role is open at most until the end of
		// the recruiting season.
		end := settings.Season.RecruitingCloses.Time.AddDate(0, 0, 1)
		posting := web.NewJobPosting(role, html, settings, s.BaseURL, s.Assets.URL("logo.png"), end).In(p, s.BaseURL)
		v.Posting = &posting
		if role.ClosesAt == nil {
			// The page shows the same "apply by" date as the JSON-LD.
			v.Closes = p.T("browse.role.season_end", "Date", p.Date(settings.Season.RecruitingCloses.In(time.UTC)))
		}
	}
	status := http.StatusOK
	if !v.Open {
		status = http.StatusGone
		v.Chrome.NoIndex = true
		if v.Similar, err = s.Roles.Similar(r.Context(), role, similarCount, now); err != nil {
			return err
		}
		if err := s.translateRoles(r, v.Similar, nil); err != nil {
			return err
		}
	}
	return s.render(w, r, status, web.RolePage(v))
}
