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

// chrome builds the layout's view model for the page at r's path, in
// r's language, with the page's address in every language.
func (s *server) chrome(r *http.Request, title, description string) web.Chrome {
	p := s.printer(r)
	site := s.site(r)
	settings := site.Settings
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
		Lang:        p.Lang().Code,
	}
	here := s.unprefixed(r)
	for _, l := range p.Languages() {
		other := s.Site.Catalog.Printer(l.Code)
		href := other.Path(here)
		link := web.LangLink{Code: l.Code, Name: l.Name, URL: s.BaseURL + href, Href: href, Current: l.Code == c.Lang}
		if r.URL.RawQuery != "" {
			link.Href += "?" + r.URL.RawQuery
		}
		c.Languages = append(c.Languages, link)
		if l.Prefix == "" {
			c.XDefault = link.URL
		}
	}
	roles := p.Path("/roles")
	for i, page := range site.Nav() {
		c.Nav = append(c.Nav, web.NavLink{Label: page.NavLabel, Href: page.Path, Current: page.Path == r.URL.Path})
		if i == 0 {
			// The roles list is the site's other main page; it sits right
			// after the overview.
			c.Nav = append(c.Nav, web.NavLink{Label: p.T("layout.open_roles"), Href: roles, Current: r.URL.Path == roles})
		}
	}
	return c
}
