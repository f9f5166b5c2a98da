package server

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/a-h/templ"

	"example.com/careers/web"
)

// render writes c with status. The page is rendered into a buffer first,
// so a failing component never sends half a page under a 200.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return fmt.Errorf("render: %w", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	// A write error means the client went away; there is no one to tell.
	_, _ = buf.WriteTo(w)
	return nil
}

// chrome builds the layout's view model for the page at r's path.
func (s *server) chrome(r *http.Request, title, description string) web.Chrome {
	settings := s.Site.Settings
	c := web.Chrome{
		SiteName:    settings.Name,
		Tagline:     settings.Tagline,
		Title:       title,
		Description: description,
		Canonical:   s.BaseURL + r.URL.Path,
		CSS:         s.Assets.URL("app.css"),
		JS:          s.Assets.URL("app.js"),
		Icon:        s.Assets.URL("favicon.svg"),
		ShareImage:  s.BaseURL + s.Assets.URL("share.png"),
	}
	for i, p := range s.Site.Nav() {
		c.Nav = append(c.Nav, web.NavLink{Label: p.NavLabel, Href: p.Path, Current: p.Path == r.URL.Path})
		if i == 0 {
			// The roles list is the site's other main page; it sits right
			// after the overview.
			c.Nav = append(c.Nav, web.NavLink{Label: "Open roles", Href: "/roles", Current: r.URL.Path == "/roles"})
		}
	}
	return c
}
