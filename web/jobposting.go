package web

import (
	"strings"
	"time"

	"example.com/careers/internal/content"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/roles"
)

// JobPosting is schema.org/JobPosting as Google's job search reads it.
// It is rendered with encoding/json (templ.JSONScript), which escapes
// "<", ">" and "&", so no field can close the script element.
type JobPosting struct {
	Context            string           `json:"@context"`
	Type               string           `json:"@type"`
	Title              string           `json:"title"`
	Description        string           `json:"description"`
	InLanguage         string           `json:"inLanguage"`
	Identifier         propertyValue    `json:"identifier"`
	DatePosted         string           `json:"datePosted"`
	ValidThrough       string           `json:"validThrough,omitempty"`
	EmploymentType     string           `json:"employmentType"`
	HiringOrganization organization     `json:"hiringOrganization"`
	JobLocation        []place          `json:"jobLocation,omitempty"`
	JobLocationType    string           `json:"jobLocationType,omitempty"`
	ApplicantLocation  []administrative `json:"applicantLocationRequirements,omitempty"`
	BaseSalary         *monetaryAmount  `json:"baseSalary,omitempty"`
	DirectApply        bool             `json:"directApply"`
	URL                string           `json:"url"`
}

type propertyValue struct {
	Type  string `json:"@type"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

type organization struct {
	Type   string `json:"@type"`
	Name   string `json:"name"`
	SameAs string `json:"sameAs,omitempty"`
	Logo   string `json:"logo"`
}

type place struct {
	Type    string        `json:"@type"`
	Address postalAddress `json:"address"`
}

type postalAddress struct {
	Type            string `json:"@type"`
	StreetAddress   string `json:"streetAddress,omitempty"`
	AddressLocality string `json:"addressLocality"`
	AddressRegion   string `json:"addressRegion"`
	PostalCode      string `json:"postalCode,omitempty"`
	AddressCountry  string `json:"addressCountry"`
}

// monetaryAmount is schema.org/MonetaryAmount holding a range: the
// currency as ISO 4217 and a QuantitativeValue with the period as
// unitText (HOUR, MONTH or YEAR), as Google's job search reads pay.
type monetaryAmount struct {
	Type     string            `json:"@type"`
	Currency string            `json:"currency"`
	Value    quantitativeValue `json:"value"`
}

type quantitativeValue struct {
	Type     string `json:"@type"`
	MinValue int    `json:"minValue"`
	MaxValue int    `json:"maxValue"`
	UnitText string `json:"unitText"`
}

type administrative struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// In is jp as the page in p's language carries it: that language, and
// the page's address in it. Its title and description are the role's,
// as given to NewJobPosting: the translation when the role has one.
func (jp JobPosting) In(p *i18n.Printer, baseURL string) JobPosting {
	jp.InLanguage = p.Lang().Code
	jp.URL = baseURL + p.Path("/roles/"+jp.Identifier.Value)
	return jp
}

// NewJobPosting describes an open role for search engines. Everything in
// it is also on the page: title, description, places, dates, pay.
func NewJobPosting(r roles.Role, descriptionHTML string, s content.Settings, baseURL, logoURL string, validThrough time.Time) JobPosting {
	jp := JobPosting{
		Context: "https://schema.org", Type: "JobPosting",
		Title: r.Title, Description: descriptionHTML, InLanguage: i18n.Default.String(),
		Identifier:     propertyValue{"PropertyValue", s.Company, r.Slug},
		EmploymentType: "INTERN",
		HiringOrganization: organization{Type: "Organization", Name: s.Company, SameAs: s.CompanyURL,
			Logo: baseURL + logoURL},
		DirectApply: true,
		URL:         baseURL + "/roles/" + r.Slug,
	}
	if r.OpensAt != nil {
		jp.DatePosted = r.OpensAt.UTC().Format(time.RFC3339)
	}
	if r.ClosesAt != nil {
		validThrough = *r.ClosesAt
	}
	if !validThrough.IsZero() {
		jp.ValidThrough = validThrough.UTC().Format(time.RFC3339)
	}
	for _, loc := range r.Locations {
		if strings.HasPrefix(strings.ToLower(loc), "remote") {
			continue
		}
		addr := postalAddress{Type: "PostalAddress", AddressCountry: "US"}
		if o, ok := s.Offices[loc]; ok {
			addr.StreetAddress, addr.AddressLocality, addr.AddressRegion = o.Street, o.Locality, o.Region
			addr.PostalCode, addr.AddressCountry = o.PostalCode, o.Country
		} else if city, region, ok := strings.Cut(loc, ", "); ok {
			addr.AddressLocality, addr.AddressRegion = city, region
		} else {
			addr.AddressLocality = loc
		}
		jp.JobLocation = append(jp.JobLocation, place{Type: "Place", Address: addr})
	}
	if p, ok := r.Pay(); ok {
		jp.BaseSalary = &monetaryAmount{Type: "MonetaryAmount", Currency: p.Currency, Value: quantitativeValue{
			Type: "QuantitativeValue", MinValue: p.Min, MaxValue: p.Max, UnitText: strings.ToUpper(string(p.Unit)),
		}}
	}
	if r.WorkMode == roles.Remote {
		jp.JobLocationType = "TELECOMMUTE"
		jp.ApplicantLocation = []administrative{{Type: "Country", Name: "US"}}
	}
	return jp
}
