package server

import (
	"net/http"

	"example.com/careers/web"
)

// adminDashboard serves /admin.
func (s *server) adminDashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Applications.Dashboard(r.Context(), s.Now())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.AdminDashboardPage(web.AdminDashboardView{
		Chrome: s.adminChrome(r, "Dashboard"), Dashboard: d,
	}))
}
