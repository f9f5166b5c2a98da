package web

import (
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/sources"
)

// AdminSourcesView is the view model of /admin/sources: every named
// source, and the form that adds one.
type AdminSourcesView struct {
	Chrome  Chrome
	Flash   string
	Sources []sources.Source
	// BaseURL makes the short links absolute, as they are printed.
	BaseURL string
	Loc     *time.Location
	Roles   []roles.Choice
	// Form and Errors are the add form's values and problems.
	Form   sources.New
	Errors sources.Problems
}

// sourceFormFields are the add form's fields in order, for the summary.
var sourceFormFields = []string{sources.FieldName, sources.FieldCode, sources.FieldRole}

// AdminSourceView is the view model of /admin/sources/{id}: one source
// with its short link and QR code, laid out to print.
type AdminSourceView struct {
	Chrome  Chrome
	Flash   string
	Source  sources.Source
	BaseURL string
	Loc     *time.Location
	QR      QRCode
}

// ShortLink is the absolute short link.
func (v AdminSourceView) ShortLink() string { return v.BaseURL + v.Source.ShortPath() }

// sourceApplicationsURL lists the applications that came from s.
func sourceApplicationsURL(s sources.Source) string { return "/admin/applications?source=" + s.Code }

func sourceAdminURL(s sources.Source) string { return "/admin/sources/" + idStr(s.ID) }

// SourceOption is an option of the admin list's source filter.
type SourceOption struct{ Value, Label string }

// sourceLine says where an application came from, as its link said.
func sourceLine(d applications.Detail) string {
	if d.Source == "" {
		return "No source: the student did not arrive through a tagged link"
	}
	line := d.Source
	if d.SourceMedium != "" {
		line += ", medium " + d.SourceMedium
	}
	if d.SourceCampaign != "" {
		line += ", campaign " + d.SourceCampaign
	}
	return line
}
