// Package web holds the templ components and pages and the embedded static
// files. Components receive view models built by the server; they never
// reach into stores.
package web

import "strconv"

// Chrome is what the layout around every page needs.
type Chrome struct {
	// SiteName appears in the header and after each page title.
	SiteName string
	// Tagline appears in the footer.
	Tagline string
	// Title is the page's own title; <title> is "Title · SiteName".
	Title string
	// Description is the meta description.
	Description string
	// Canonical is the absolute URL of the page.
	Canonical string
	// Nav is the site navigation, with the current page marked.
	Nav []NavLink
	// CSS, JS and Icon are hashed asset URLs.
	CSS, JS, Icon string
	// NoIndex keeps the page out of search engines (errors, private pages).
	NoIndex bool
	// SignedIn names the recruiter on admin pages; the header then offers
	// to sign out.
	SignedIn string
	// ShareImage is the absolute URL of the Open Graph image; empty on
	// private pages, which get no share tags.
	ShareImage string
	// Feed is an Atom feed to announce in the head.
	Feed string
	// Lang is the page's language code, for <html lang>.
	Lang string
	// Languages are the page in each language the site speaks, for the
	// switcher and (public pages) the hreflang alternates; none on staff
	// pages, which are English only.
	Languages []LangLink
	// XDefault is the address for readers whose language the site does
	// not speak: the English page.
	XDefault string
}

// LangLink is the current page in one language.
type LangLink struct {
	// Code is the language's code ("es"), Name its own name ("Español").
	Code, Name string
	// URL is the page's absolute canonical address in the language
	// (hreflang); Href is the local link the switcher follows, the
	// page's query kept.
	URL, Href string
	Current   bool
}

// NavLink is one navigation entry.
type NavLink struct {
	Label   string
	Href    string
	Current bool
}

// FullTitle is the text of the <title> element.
func (c Chrome) FullTitle() string {
	if c.Title == "" || c.Title == c.SiteName {
		return c.SiteName
	}
	return c.Title + " · " + c.SiteName
}

func statusText(status int) string { return strconv.Itoa(status) }
