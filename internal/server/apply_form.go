package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/sources"
	"example.com/careers/internal/token"
	"example.com/careers/web"
)

// applyForm serves the blank apply form for an open role.
func (s *server) applyForm(w http.ResponseWriter, r *http.Request) error {
	role, err := s.publishedRole(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		return err
	}
	if !role.IsOpen(s.Now()) {
		return s.renderRole(w, r, role)
	}
	qs, err := s.Questions.ForRole(r.Context(), role.ID)
	if err != nil {
		return err
	}
	in := applications.Input{SubmissionKey: token.New(), Source: sources.FromQuery(r.URL.Query())}
	return s.renderApplyForm(w, r, http.StatusOK, web.ApplyView{Role: role, Input: in, Questions: qs})
}

// renderApplyForm writes the form with v's values and errors. The page
// carries a one-time submission key, so it must never be cached.
func (s *server) renderApplyForm(w http.ResponseWriter, r *http.Request, status int, v web.ApplyView) error {
	p := s.printer(r)
	title := p.T("apply.page.title", "Role", v.Role.Title)
	if len(v.Errors) > 0 || v.FormError != "" {
		title = p.T("apply.page.error_title", "Title", title)
	}
	v.Chrome = s.chrome(r, title, p.T("apply.page.description", "Role", v.Role.Title, "Team", v.Role.Team))
	v.Chrome.NoIndex = true
	v.Now = s.Now()
	privatePage(w)
	return s.render(w, r, status, web.ApplyPage(v))
}

// roleClosedForApply answers an application to a role that closed while
// the student was filling the form in.
func (s *server) roleClosedForApply(w http.ResponseWriter, r *http.Request, role roles.Role) error {
	role.Status = roles.StatusClosed
	return s.renderRole(w, r, role)
}
