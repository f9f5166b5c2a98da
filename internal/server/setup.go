package server

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/accounts"
	"example.com/careers/web"
)

// setupForm serves the first admin's one-time page (serve prints its
// link while no account exists). A dead link is the ordinary 404.
func (s *server) setupForm(w http.ResponseWriter, r *http.Request) error {
	tok := chi.URLParam(r, "token")
	ok, err := s.Accounts.SetupLinkValid(r.Context(), tok, s.Now())
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound
	}
	return s.renderSetup(w, r, http.StatusOK, web.SetupView{Token: tok})
}

func (s *server) renderSetup(w http.ResponseWriter, r *http.Request, status int, v web.SetupView) error {
	v.Chrome = s.chrome(r, "Create the first admin account", "One-time setup.")
	v.Chrome.NoIndex = true
	v.Chrome.Canonical = ""
	privatePage(w)
	return s.render(w, r, status, web.SetupPage(v))
}

// setup creates the first admin and signs them in; the next page asks
// for their second factor (admins must have one).
func (s *server) setup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	tok := chi.URLParam(r, "token")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	n := accounts.NewAccount{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Password: r.PostForm.Get("password")}
	acc, err := s.Accounts.CreateFirstAdmin(ctx, tok, n, s.Now())
	if ce, ok := errors.AsType[*accounts.CheckError](err); ok {
		return s.renderSetup(w, r, http.StatusUnprocessableEntity, web.SetupView{Token: tok, Name: n.Name, Email: n.Email, Errors: ce.Problems})
	}
	if errors.Is(err, accounts.ErrSetupLinkDead) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	s.Logger.InfoContext(ctx, "first admin created with the setup link", "request_id", requestIDFrom(ctx), "account_id", acc.ID)
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.openSession(r, acc, "setup link")
	return seeOther(w, r, "/admin/security")
}
