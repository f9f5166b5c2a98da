package server

import (
	"net/http"

	"example.com/careers/web"
)

// adminDashboard serves /admin.
func (s *server) adminDashboard(w http.ResponseWriter, r *http.Request) error {
	if accountFrom(r.Context()).IsInterviewer {
		return seeOther(w, r, "/admin/interviews") // their home page
	}
	d, err := s.Applications.Dashboard(r.Context(), s.Now())
	if err != nil {
		return err
	}
	waiting, err := s.TakeHomes.Waiting(r.Context())
	if err != nil {
		return err
	}
	late, err := s.ReplyBy.Late(r.Context(), s.Now())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.AdminDashboardPage(web.AdminDashboardView{
		Chrome: s.adminChrome(r, "Dashboard"), Dashboard: d, Waiting: waiting, Late: late, Loc: s.Site.Settings.Location(),
	}))
}
