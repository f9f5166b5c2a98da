package server

import (
	"errors"
	"net/http"
	"strconv"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/sessions"
	"example.com/careers/web"
)

// adminUsers lists the accounts and offers the add form.
func (s *server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, accounts.NewAccount{}, nil)
}

func (s *server) renderUsers(w http.ResponseWriter, r *http.Request, status int, n accounts.NewAccount, errs map[string]string) error {
	list, err := s.Accounts.List(r.Context())
	if err != nil {
		return err
	}
	n.Password = "" // never sent back
	require, err := s.Accounts.RequireSecondFactor(r.Context())
	if err != nil {
		return err
	}
	title := "Accounts"
	if len(errs) > 0 {
		title = "Error: " + title
	}
	return s.render(w, r, status, web.AdminUsersPage(web.AdminUsersView{
		Chrome: s.adminChrome(r, title), Accounts: list, MeID: accountFrom(r.Context()).ID,
		New: n, Errors: errs, Flash: s.popFlash(r), RequireSecondFactor: require,
	}))
}

// adminUserCreate adds an account.
func (s *server) adminUserCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	n := accounts.NewAccount{
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"),
		Password:    r.PostForm.Get("password"),
		Admin:       r.PostForm.Get("kind") == "admin" || r.PostForm.Get("admin") == "yes",
		Interviewer: r.PostForm.Get("kind") == "interviewer",
		SetByOther:  true,
	}
	if errs := n.Check(); len(errs) > 0 {
		return s.renderUsers(w, r, http.StatusUnprocessableEntity, n, errs)
	}
	_, err := s.Accounts.Create(r.Context(), accountFrom(r.Context()).Actor(), n)
	if errors.Is(err, accounts.ErrEmailTaken) {
		return s.renderUsers(w, r, http.StatusUnprocessableEntity, n, map[string]string{"email": "An account with this email already exists."})
	}
	if err != nil {
		return err
	}
	s.flash(r, "Account added for "+n.Name+".")
	return seeOther(w, r, "/admin/users")
}

// adminUserDisable disables (or re-enables) an account. Disabling also
// ends every session of that account at once.
func (s *server) adminUserDisable(disable bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := idParam(r)
		if err != nil {
			return err
		}
		me := accountFrom(r.Context())
		if id == me.ID {
			s.flash(r, "You cannot disable your own account.")
			return seeOther(w, r, "/admin/users")
		}
		if err := s.Accounts.SetDisabled(r.Context(), me.Actor(), id, disable); err != nil {
			return err
		}
		if disable {
			// Already disabled (committed): each admin request re-reads the
			// account, so its sessions are refused even if this fails.
			if err := sessions.EndAll(r.Context(), s.Sessions, id); err != nil {
				s.Logger.ErrorContext(r.Context(), "end sessions after disable", "request_id", requestIDFrom(r.Context()), "err", err)
			}
			s.flash(r, "Account disabled; its sessions have ended.")
		} else {
			s.flash(r, "Account enabled.")
		}
		return seeOther(w, r, "/admin/users")
	}
}

// adminUserPassword sets a new password for an account.
func (s *server) adminUserPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	pw := r.PostForm.Get("password")
	err = s.Accounts.SetPassword(r.Context(), accountFrom(r.Context()).Actor(), id, pw)
	if pe, ok := errors.AsType[*accounts.PasswordError](err); ok {
		s.flash(r, "Password not changed: "+pe.Problem)
		return seeOther(w, r, "/admin/users")
	}
	if err != nil {
		return err
	}
	// A reset is often for a compromised account: its sessions end too
	// (the admin's own, if they reset themselves, included).
	if err := sessions.EndAll(r.Context(), s.Sessions, id); err != nil {
		s.Logger.ErrorContext(r.Context(), "end sessions after password reset", "request_id", requestIDFrom(r.Context()), "err", err)
		s.flash(r, "Password reset, but its old sessions could not all be ended; disable and re-enable the account to be sure.")
		return seeOther(w, r, "/admin/users")
	}
	s.flash(r, "Password reset, and its sessions ended. Share the new password privately: it must be changed at the next sign-in.")
	return seeOther(w, r, "/admin/users")
}

// adminUserFactorsReset removes an account's second factors when its
// owner lost the device (recent authentication required; audited). The
// owner enrols again at the next sign-in; their sessions end.
func (s *server) adminUserFactorsReset(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	me := accountFrom(r.Context())
	if id == me.ID {
		s.flash(r, "Reset your own factors on your security page; another admin can reset them if you lost your device.")
		return seeOther(w, r, "/admin/users")
	}
	if err := s.Accounts.ResetFactors(r.Context(), me.Actor(), id); err != nil {
		return err
	}
	if err := sessions.EndAll(r.Context(), s.Sessions, id); err != nil {
		s.Logger.ErrorContext(r.Context(), "end sessions after factor reset", "request_id", requestIDFrom(r.Context()), "err", err)
	}
	s.flash(r, "Second factors reset and sessions ended: at the next sign-in they add a new one.")
	return seeOther(w, r, "/admin/users")
}

// adminUsersPolicy sets whether recruiters need a second factor.
func (s *server) adminUsersPolicy(w http.ResponseWriter, r *http.Request) error {
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	on := r.PostForm.Get("require") == "yes"
	if err := s.Accounts.SetRequireSecondFactor(r.Context(), accountFrom(r.Context()).Actor(), on); err != nil {
		return err
	}
	if on {
		s.flash(r, "Everyone now needs a second factor; recruiters without one add it at their next page.")
	} else {
		s.flash(r, "Recruiters may now sign in with a password alone; admins still need a second factor.")
	}
	return seeOther(w, r, "/admin/users")
}

// adminAudit shows the audit log.
func (s *server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = min(max(page, 1), 100_000)
	entries, more, err := s.Audit.List(r.Context(), page)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.AdminAuditPage(web.AdminAuditView{
		Chrome: s.adminChrome(r, "Audit log"), Entries: entries, Page: page, More: more,
	}))
}
