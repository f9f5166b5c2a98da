package server

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/web"
)

// applicationStatus serves the private status page. Any token that does
// not match gives the same plain 404 as any unknown page.
func (s *server) applicationStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	done := r.URL.Query().Get("done")
	switch done {
	case "work", "extension", "zone", "booked", "moved", "cancelled", "self-id", "self-id-removed",
		"adjustment", "offer-accept", "offer-extension":
	default:
		done = ""
	}
	return s.renderStatus(w, r, st, http.StatusOK, done, statusProblem{})
}

// withdrawConfirm asks the student to confirm; GET never changes state.
func (s *server) withdrawConfirm(w http.ResponseWriter, r *http.Request) error {
	st, err := s.Applications.ByToken(r.Context(), chi.URLParam(r, "token"))
	if err != nil {
		return err
	}
	privatePage(w)
	p := s.printer(r)
	v := web.WithdrawView{Chrome: s.chrome(r, p.T("status.withdraw.page_title"), p.T("status.withdraw.page_description")), Status: st}
	v.Chrome.NoIndex = true
	v.Chrome.Canonical = ""
	switch {
	case st.Stage == applications.Withdrawn:
		v.Problem = p.T("status.withdraw.already")
	case !st.Stage.Open():
		v.Problem = p.T("status.withdraw.decided")
	}
	return s.render(w, r, http.StatusOK, web.WithdrawPage(v))
}

// withdraw withdraws the application and returns to its status page.
func (s *server) withdraw(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	err := s.Applications.Withdraw(r.Context(), token, s.notifyApplicant)
	if errors.Is(err, applications.ErrNotWithdrawable) {
		http.Redirect(w, r, s.printer(r).Path("/applications/"+token+"/withdraw"), http.StatusSeeOther) //nolint:gosec // G710: a path on this site, whatever the token
		return nil
	}
	if err != nil {
		return err
	}
	s.Logger.InfoContext(r.Context(), "application withdrawn", "request_id", requestIDFrom(r.Context()))
	http.Redirect(w, r, s.printer(r).Path("/applications/"+token), http.StatusSeeOther) //nolint:gosec // G710: a path on this site, whatever the token
	return nil
}
