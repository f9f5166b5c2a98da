package server

import (
	"net/http"

	"example.com/careers/internal/content"
	"example.com/careers/internal/roles"
	"example.com/careers/web"
)

// rolesList serves /roles: search, filters and pages over open roles.
func (s *server) rolesList(w http.ResponseWriter, r *http.Request) error {
	now := s.Now()
	res, err := s.Roles.Search(r.Context(), roles.ParseQuery(r.URL.Query()), now)
	if err != nil {
		return err
	}
	if err := s.translateRoles(r, res.Roles, nil); err != nil {
		return err
	}
	p := s.printer(r)
	v := web.RolesView{
		Chrome: s.chrome(r, p.T("browse.roles.title"), p.T("browse.roles.description")),
		Result: res,
	}
	// The canonical URL is the normalised search, so crawlers and shared
	// links agree on one address per result.
	v.Chrome.Canonical = s.BaseURL + p.Path(res.Query.URL())
	v.Chrome.Feed = "/roles.atom"
	settings := s.site(r).Settings
	v.SeasonSummary = web.NewTimeline(settings.Season, content.DayOf(now, settings.Location())).Summary(r.Context())
	return s.render(w, r, http.StatusOK, web.RolesPage(v))
}
