// Package sources records where applicants come from: the source a link
// carries (src= and the common utm_ parameters), kept in the URL from
// the first page to the apply form without a cookie, and the named
// sources recruiters create (a career fair, a club, a newsletter) with
// their short links; the SQL for sources.
package sources

import (
	"net/url"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// The URL parameters a source travels in. src is ours; utm_source says
// the same for links made by marketing tools, and loses to src.
const (
	ParamSource   = "src"
	ParamUTM      = "utm_source"
	ParamMedium   = "utm_medium"
	ParamCampaign = "utm_campaign"
)

// MaxValueLen bounds each part of a tag (the database checks it too).
const MaxValueLen = 40

// Tag is where a visit came from, as its link said. The zero Tag is a
// visit from nowhere in particular.
type Tag struct {
	Source   string
	Medium   string
	Campaign string
}

// FromQuery reads the tag from URL parameters (or form values: the
// apply form sends it back in hidden fields under the same names). A
// medium or campaign without a source is dropped: alone they say
// nothing a recruiter can filter by.
func FromQuery(v url.Values) Tag {
	src := Clean(v.Get(ParamSource))
	if src == "" {
		src = Clean(v.Get(ParamUTM))
	}
	if src == "" {
		return Tag{}
	}
	return Tag{Source: src, Medium: Clean(v.Get(ParamMedium)), Campaign: Clean(v.Get(ParamCampaign))}
}

// IsZero reports whether t carries no source.
func (t Tag) IsZero() bool { return t.Source == "" }

// Set adds t's parameters to v, in the one form this site writes them
// (src=, never utm_source), so equal tags make equal URLs.
func (t Tag) Set(v url.Values) {
	if t.IsZero() {
		return
	}
	v.Set(ParamSource, t.Source)
	if t.Medium != "" {
		v.Set(ParamMedium, t.Medium)
	}
	if t.Campaign != "" {
		v.Set(ParamCampaign, t.Campaign)
	}
}

// Fields lists t's parameters in order, for hidden form fields.
func (t Tag) Fields() [][2]string {
	if t.IsZero() {
		return nil
	}
	f := [][2]string{{ParamSource, t.Source}}
	if t.Medium != "" {
		f = append(f, [2]string{ParamMedium, t.Medium})
	}
	if t.Campaign != "" {
		f = append(f, [2]string{ParamCampaign, t.Campaign})
	}
	return f
}

// AddTo returns path with t's parameters appended ("/roles/x?src=fair").
func (t Tag) AddTo(path string) string {
	if t.IsZero() {
		return path
	}
	v := url.Values{}
	t.Set(v)
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + v.Encode()
}

// Clean makes a source value safe to keep, to put in a URL and to
// compare: lower case ASCII letters, digits, '.', '_' and '-', starting
// with a letter or digit, at most MaxValueLen long. Accents are taken
// off ("Zürich" is "zurich"), spaces and '+' become '-', anything else
// is dropped, so "Fall Fair!" is "fall-fair". A value with nothing left
// is "".
func Clean(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(s))) {
		if b.Len() == MaxValueLen {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.' || r == '_' || r == '-':
			if b.Len() > 0 {
				b.WriteRune(r)
			}
		case r == ' ' || r == '+':
			if b.Len() > 0 {
				b.WriteByte('-')
			}
		}
	}
	return b.String()
}
