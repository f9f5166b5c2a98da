package web

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/roles"
)

// sampleRoles is a full page of search results with every facet filled,
// the heaviest public page the site renders.
func sampleRoles() RolesView {
	opens := time.Date(2026, 9, 1, 16, 0, 0, 0, time.UTC)
	res := roles.Result{
		Query: roles.Query{Text: "engineering", Area: roles.Technology, Sort: roles.SortRelevance, Page: 2},
		Total: 1234, Pages: 124, AnyOpen: true,
	}
	for i := range roles.PageSize {
		res.Roles = append(res.Roles, roles.Role{
			ID: int64(i + 1), Slug: fmt.Sprintf("platform-software-engineering-intern-%d", i),
			Title: "Platform Software Engineering Intern", Team: "Cloud Infrastructure", Area: roles.Technology,
			Locations: []string{"Los Gatos, CA", "Seattle, WA", "Remote (US)"}, WorkMode: roles.Hybrid,
			DegreeLevels: []roles.Degree{roles.Bachelors, roles.Masters}, Season: "Summer 2027",
			Description: strings.Repeat("Build the services behind playback. ", 20), Status: roles.StatusOpen, OpensAt: &opens,
		})
	}
	for _, a := range roles.Areas {
		res.Facets.Areas = append(res.Facets.Areas, roles.FacetValue{Value: string(a), Label: a.Label(), Count: 400})
	}
	for _, d := range roles.Degrees {
		res.Facets.Degrees = append(res.Facets.Degrees, roles.FacetValue{Value: string(d), Label: d.Label(), Count: 300})
	}
	for _, m := range roles.WorkModes {
		res.Facets.Modes = append(res.Facets.Modes, roles.FacetValue{Value: string(m), Label: m.Label(), Count: 200})
	}
	for i := range 35 {
		team := fmt.Sprintf("Team %02d", i)
		res.Facets.Teams = append(res.Facets.Teams, roles.FacetValue{Value: team, Label: team, Count: 30})
	}
	for i := range 22 {
		city := fmt.Sprintf("City %02d", i)
		res.Facets.Locations = append(res.Facets.Locations, roles.FacetValue{Value: city, Label: city, Count: 50})
	}
	return RolesView{Chrome: Chrome{SiteName: "Netflix Internships", Title: "Open intern roles", CSS: "/static/app.css"}, Result: res}
}

func BenchmarkRenderRolesPage(b *testing.B) {
	v := sampleRoles()
	b.ReportAllocs()
	for b.Loop() {
		if err := RolesPage(v).Render(b.Context(), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
