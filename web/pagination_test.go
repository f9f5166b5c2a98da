package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"example.com/careers/content"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/roles"
)

func TestPageLinksStayShort(t *testing.T) {
	url := func(n int) string { return fmt.Sprint(n) }
	for _, c := range []struct {
		cur, last int
		want      string
	}{
		{1, 1, "[1]"},
		{1, 3, "[1] 2 3"},
		{5, 40000, "1 … 3 4 [5] 6 7 … 40000"},
		{3, 400, "1 2 [3] 4 5 … 400"},
		{400, 400, "1 … 398 399 [400]"},
		{4, 7, "1 2 3 [4] 5 6 7"},
	} {
		var got []string
		for _, l := range pageLinks(c.cur, c.last, url) {
			switch {
			case l.Current:
				got = append(got, "["+l.Label+"]")
			default:
				got = append(got, l.Label)
			}
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("page %d of %d: %q, want %q", c.cur, c.last, s, c.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// spanish is a context rendering in Spanish, as the server's /es/ routes
// give their templates.
func spanish(t *testing.T) context.Context {
	t.Helper()
	c, err := i18n.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	return i18n.With(t.Context(), c.Printer("es"))
}

// The roles list in Spanish: its pagination and filter links stay in the
// Spanish site, and counts, labels and pay read in Spanish.
func TestRolesPageInSpanish(t *testing.T) {
	var b strings.Builder
	if err := RolesPage(sampleRoles()).Render(spanish(t), &b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`<nav class="pagination" aria-label="Páginas de resultados">`,
		`<a href="/es/roles?area=technology&amp;q=engineering" rel="prev">Anterior<span class="visually-hidden">página</span></a>`,
		`<a href="/es/roles?area=technology&amp;page=3&amp;q=engineering" rel="next">Siguiente<span class="visually-hidden">página</span></a>`,
		`<a href="/es/roles?area=technology&amp;page=124&amp;q=engineering"><span class="visually-hidden">Página </span>124</a>`,
		`aria-current="page"><span class="visually-hidden">Página </span>2</a>`,
		`puestos coinciden con tu búsqueda</h2>`, "Mostrando 11–20 de 1234",
		`<a class="chip" href="/es/roles?area=technology">“engineering” `, `<a class="chip" href="/es/roles?q=engineering">Tecnología `,
		`<option value="technology" selected>Tecnología (400)</option>`, `<option value="phd">Doctorado (300)</option>`,
		`<option value="Team 01">Team 01 (30)</option>`, `<option value="30">US$30 por hora</option>`,
		`<li>Híbrido</li>`, `<li>Licenciatura, Maestría</li>`, `<span lang="en">Platform Software Engineering Intern</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the Spanish roles page lacks %s", want)
		}
	}
	if strings.Contains(strings.ReplaceAll(page, `href="/roles.atom"`, ""), `href="/roles`) {
		t.Error("a link leads out of the Spanish site")
	}
}

func TestPayTextInEachLanguage(t *testing.T) {
	es := spanish(t)
	for _, c := range []struct {
		ctx  context.Context
		pay  roles.Pay
		want string
	}{
		{t.Context(), roles.Pay{Min: 45, Max: 60, Currency: "USD", Unit: roles.PerHour}, "$45–$60 an hour"},
		{t.Context(), roles.Pay{Min: 2500, Max: 2500, Currency: "EUR", Unit: roles.PerMonth}, "€2,500 a month"},
		{t.Context(), roles.Pay{Min: 45000, Max: 52000, Currency: "CHF", Unit: roles.PerYear}, "CHF 45,000–CHF 52,000 a year"},
		{es, roles.Pay{Min: 45, Max: 60, Currency: "USD", Unit: roles.PerHour}, "US$45–US$60 por hora"},
		{es, roles.Pay{Min: 12500, Max: 12500, Currency: "EUR", Unit: roles.PerMonth}, "€12.500 al mes"},
		{es, roles.Pay{Min: 45000, Max: 52000, Currency: "USD", Unit: roles.PerYear}, "US$45.000–US$52.000 al año"},
	} {
		if got := PayText(c.ctx, c.pay); got != c.want {
			t.Errorf("PayText(%+v) = %q, want %q", c.pay, got, c.want)
		}
	}
}
