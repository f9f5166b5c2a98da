package server

import (
	"errors"
	"net/http"

	"example.com/careers/internal/selfid"
	"example.com/careers/web"
)

// selfIDOn answers 404 on every self-identification route while the
// site setting is off: the survey does not exist then.
func (s *server) selfIDOn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.Site.Settings.SelfIdentification {
			s.serveError(w, r, errNotFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// selfIDForm reads the survey for application id's own status page; it
// is empty (and the page shows no survey) while the setting is off.
func (s *server) selfIDForm(r *http.Request, id int64) (web.SelfIDForm, error) {
	if !s.Site.Settings.SelfIdentification {
		return web.SelfIDForm{}, nil
	}
	saved, err := s.SelfID.ForApplication(r.Context(), id)
	if err != nil {
		return web.SelfIDForm{}, err
	}
	f := web.SelfIDForm{On: true, Saved: saved}
	if saved != nil {
		f.Chosen = *saved
	}
	return f, nil
}

// selfIDSubmit stores, replaces or removes the student's answers. An
// unknown answer stores nothing: the page comes back with the answers
// as sent and says which to fix.
func (s *server) selfIDSubmit(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	done, said := "self-id", "saved"
	switch r.PostForm.Get("action") {
	case "remove":
		err, done, said = s.SelfID.Remove(ctx, st.ID), "self-id-removed", "removed"
	case "save", "":
		a, problems := selfid.Read(r.PostForm.Get)
		if problems != nil {
			v, err := s.statusView(r, st, "", statusProblem{})
			if err != nil {
				return err
			}
			v.SelfID.Chosen, v.SelfID.Problems = a, problems
			v.Chrome.Title = s.printer(r).T("selfid.error_title", "Title", v.Chrome.Title)
			privatePage(w)
			return s.render(w, r, http.StatusUnprocessableEntity, web.StatusPage(v))
		}
		err = s.SelfID.Save(ctx, st.ID, a, s.Now())
	default:
		return errBadRequest
	}
	if errors.Is(err, selfid.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	// The answers themselves are never logged.
	s.Logger.InfoContext(ctx, "self-identification "+said, "request_id", requestIDFrom(ctx))
	s.seeOther(w, r, "/applications/"+st.Token+"?done="+done+"#self-identification")
	return nil
}

// adminSelfID shows admins the aggregate counts, small ones withheld
// (selfid.Report). No page shows one person's answers to staff.
func (s *server) adminSelfID(w http.ResponseWriter, r *http.Request) error {
	counts, err := s.SelfID.Counts(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.AdminSelfIDPage(web.AdminSelfIDView{
		Chrome:  s.adminChrome(r, "Self-identification"),
		Seasons: selfid.Report(counts),
	}))
}
