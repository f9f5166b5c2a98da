package server

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"
)

// robots tells crawlers what not to index: private and one-time pages.
func (s *server) robots(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write([]byte("User-agent: *\n" +
		"Disallow: /admin\n" +
		"Disallow: /applications/\n" +
		"Disallow: /alerts/confirm/\n" +
		"Disallow: /alerts/unsubscribe/\n" +
		"Disallow: /roles/*/apply\n" +
		"\nSitemap: " + s.BaseURL + "/sitemap.xml\n"))
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
	// Alternates are the page in every language, and x-default.
	Alternates []sitemapLink
}

// sitemapLink is an hreflang alternate (Google's xhtml:link extension).
type sitemapLink struct {
	XMLName  xml.Name `xml:"xhtml:link"`
	Rel      string   `xml:"rel,attr"`
	Hreflang string   `xml:"hreflang,attr"`
	Href     string   `xml:"href,attr"`
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemap lists the content pages and every open role, each in every
// language, with its alternates.
func (s *server) sitemap(w http.ResponseWriter, r *http.Request) error {
	open, err := s.Roles.Open(r.Context(), s.Now())
	if err != nil {
		return err
	}
	set := urlset{XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range append([]string{"/", "/roles"}, contentPaths...) {
		s.addSitemapPage(&set, p, "")
	}
	for _, role := range open {
		s.addSitemapPage(&set, "/roles/"+role.Slug, role.UpdatedAt.UTC().Format(time.RFC3339))
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	return xml.NewEncoder(w).Encode(set)
}

// addSitemapPage adds the page at path in every language, each entry
// naming all of them and x-default (English).
func (s *server) addSitemapPage(set *urlset, path, lastMod string) {
	langs := s.Site.Catalog.Languages()
	links := make([]sitemapLink, 0, len(langs)+1)
	for _, l := range langs {
		links = append(links, sitemapLink{Rel: "alternate", Hreflang: l.Code, Href: s.BaseURL + s.Site.Catalog.Printer(l.Code).Path(path)})
	}
	links = append(links, sitemapLink{Rel: "alternate", Hreflang: "x-default", Href: links[0].Href})
	for _, link := range links[:len(langs)] {
		set.URLs = append(set.URLs, sitemapURL{Loc: link.Href, LastMod: lastMod, Alternates: links})
	}
}

// contentPaths are the content pages besides the home page.
var contentPaths = []string{"/timeline", "/interviews", "/prepare", "/tips", "/faq", "/alerts"}

// Atom (RFC 4287) types.
type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	ID        string   `xml:"id"`
	Link      atomLink `xml:"link"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Summary   atomText `xml:"summary"`
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

// rolesFeed is an Atom feed of open roles, newest first.
func (s *server) rolesFeed(w http.ResponseWriter, r *http.Request) error {
	open, err := s.Roles.Open(r.Context(), s.Now())
	if err != nil {
		return err
	}
	f := atomFeed{Title: "Open intern roles · " + s.Site.Settings.Name, ID: s.BaseURL + "/roles.atom",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: s.BaseURL + "/roles.atom"},
			{Rel: "alternate", Type: "text/html", Href: s.BaseURL + "/roles"}}}
	f.Author.Name = s.Site.Settings.Company
	updated := time.Unix(0, 0)
	for _, role := range open {
		published := role.CreatedAt
		if role.OpensAt != nil {
			published = *role.OpensAt
		}
		if role.UpdatedAt.After(updated) {
			updated = role.UpdatedAt
		}
		f.Entries = append(f.Entries, atomEntry{
			Title: role.Title, ID: s.BaseURL + "/roles/" + role.Slug,
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: s.BaseURL + "/roles/" + role.Slug},
			Published: published.UTC().Format(time.RFC3339), Updated: role.UpdatedAt.UTC().Format(time.RFC3339),
			Summary: atomText{Type: "text", Body: role.Team + " · " + role.Area.Label() + " · " + strings.Join(role.Locations, " or ") +
				" · " + role.WorkMode.Label()},
		})
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	return xml.NewEncoder(w).Encode(f)
}
