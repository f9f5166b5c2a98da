// Package content loads the site's writing: markdown pages with front matter
// and the site settings (including the season's dates) from content/.
// Everything is parsed and rendered once at start-up; a malformed file stops
// start-up with its name and the reason.
package content

// Page is one markdown page, rendered to HTML.
type Page struct {
	// Lang is the language the page is written in ("en" for the files at
	// the top of the folder): a page a language lacks is shown in English,
	// marked so.
	Lang string
	// Slug is the file name without .md; "index" is the home page.
	Slug string
	// Path is the URL path the page is served at.
	Path string
	// Title is the page's heading and <title>.
	Title string
	// Description is the meta description and the lead under the heading.
	Description string
	// NavLabel is the short name in the site navigation.
	NavLabel string
	// NavOrder places the page in the navigation; 0 keeps it out.
	NavOrder int
	// CTA is an optional call to action shown under the lead.
	CTA *Link
	// HTML is the rendered body. It comes from our own markdown with raw
	// HTML disabled, so it is safe to write unescaped.
	HTML string
}

// Link is a labelled local link.
type Link struct {
	Label string `yaml:"label"`
	Href  string `yaml:"href"`
}

// RequiredPages are the pages the site's routes serve; start-up fails when
// one is missing.
var RequiredPages = []string{"index", "timeline", "interviews", "prepare", "tips", "faq"}
