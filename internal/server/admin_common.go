package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"example.com/careers/web"
)

// flashKey holds a one-time message shown after a redirect.
const flashKey = "flash"

// adminChrome is the layout for admin pages: the admin navigation and the
// signed-in recruiter.
func (s *server) adminChrome(r *http.Request, title string) web.Chrome {
	acc := accountFrom(r.Context())
	c := s.chrome(r, title, title)
	c.SiteName = s.Site.Settings.Name + " · Recruiting"
	c.NoIndex = true
	c.Canonical = ""
	c.SignedIn = acc.Name
	// Staff pages are English only: no switcher.
	c.Languages = nil
	links := []web.NavLink{
		{Label: "Dashboard", Href: "/admin"},
		{Label: "Roles", Href: "/admin/roles"},
		{Label: "Applications", Href: "/admin/applications"},
		{Label: "Reports", Href: "/admin/reports"},
		{Label: "Sources", Href: "/admin/sources"},
		{Label: "Decision messages", Href: "/admin/decisions"},
		{Label: "Your interviews", Href: "/admin/interviews"},
	}
	if acc.IsInterviewer {
		links = []web.NavLink{{Label: "Your interviews", Href: "/admin/interviews"}}
	}
	if acc.IsAdmin {
		links = append(links, web.NavLink{Label: "Accounts", Href: "/admin/users"},
			web.NavLink{Label: "Outbox", Href: "/admin/outbox"}, web.NavLink{Label: "Audit log", Href: "/admin/audit"})
		if s.Site.Settings.SelfIdentification {
			links = append(links, web.NavLink{Label: "Self-identification", Href: "/admin/self-identification"})
		}
	}
	for i := range links {
		h := links[i].Href
		links[i].Current = r.URL.Path == h || (h != "/admin" && strings.HasPrefix(r.URL.Path, h+"/"))
	}
	c.Nav = links
	return c
}

// flash stores msg for the next page the browser is sent to.
func (s *server) flash(r *http.Request, msg string) {
	s.Sessions.Put(r.Context(), flashKey, msg)
}

// popFlash returns and forgets the pending message.
func (s *server) popFlash(r *http.Request) string {
	return s.Sessions.PopString(r.Context(), flashKey)
}

// parseAdminForm reads a urlencoded form of bounded size.
func parseAdminForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return errTooLarge
		}
		return errBadRequest
	}
	return nil
}

// idParam reads the {id} route parameter; junk is a 404.
func idParam(r *http.Request) (int64, error) { return int64Param(r, "id") }

// int64Param reads a positive id from route parameter name; junk is a
// 404, as for a missing id.
func int64Param(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// seeOther redirects after a POST, so a reload never repeats it.
func seeOther(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther) //nolint:gosec // G710: callers pass paths they build (adminBulk's back must start with /admin/applications)
	return nil
}
