package i18n_test

import (
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"example.com/careers/internal/i18n"
)

// tiny is a two-language catalog with the format messages every
// language needs, a plural and a template.
func tiny(extra fstest.MapFS) fstest.MapFS {
	fsys := fstest.MapFS{
		"i18n/site.en.yaml": {Data: []byte(`language: {name: English}
format:
  months: January February March April May June July August September October November December
  weekdays: Sunday Monday Tuesday Wednesday Thursday Friday Saturday
  clock: "3:04 PM"
  date: "{{.Month}} {{.Day}}, {{.Year}}"
  moment: "{{.Weekday}}, {{.Date}} at {{.Clock}}"
roles:
  open:
    one: "{{.Count}} open role"
    other: "{{.Count}} open roles"
  thanks: "Thank you, {{.Name}}."
  only_english: Only in English
`)},
		"i18n/site.es.yaml": {Data: []byte(`language: {name: Español}
format:
  months: enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
  weekdays: domingo lunes martes miércoles jueves viernes sábado
  clock: "15:04"
  date: "{{.Day}} de {{.Month}} de {{.Year}}"
  moment: "{{.Weekday}}, {{.Date}}, a las {{.Clock}}"
roles:
  open:
    one: "{{.Count}} puesto abierto"
    many: "{{.Count}} de puestos abiertos"
    other: "{{.Count}} puestos abiertos"
  thanks: "Gracias, {{.Name}}."
`)},
	}
	for k, v := range extra {
		fsys[k] = v
	}
	return fsys
}

func TestCatalogSpeaksEachLanguage(t *testing.T) {
	c, err := i18n.Load(tiny(nil))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, l := range c.Languages() {
		codes = append(codes, l.Code+"="+l.Name+"@"+l.Prefix)
	}
	if want := []string{"en=English@", "es=Español@/es"}; !slices.Equal(codes, want) {
		t.Errorf("languages %v, want %v", codes, want)
	}
	en, es := c.Printer("en"), c.Printer("es")
	for _, tc := range []struct{ got, want string }{
		{en.N("roles.open", 1), "1 open role"},
		{en.N("roles.open", 12500), "12,500 open roles"},
		{es.N("roles.open", 1), "1 puesto abierto"},
		{es.N("roles.open", 3), "3 puestos abiertos"},
		{es.N("roles.open", 12500), "12.500 puestos abiertos"},
		{es.T("roles.thanks", "Name", "José Núñez-O'Brien"), "Gracias, José Núñez-O'Brien."},
		// A string Spanish lacks falls back to English, for that string only.
		{es.T("roles.only_english"), "Only in English"},
		// An unknown id shows itself, never an empty string.
		{es.T("roles.nope"), "roles.nope"},
		{es.Path("/roles"), "/es/roles"},
		{es.Path("/"), "/es/"},
		{es.Path("https://example.com/x"), "https://example.com/x"},
		{en.Path("/roles"), "/roles"},
		{c.Printer("xx").Lang().Code, "en"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if got := c.Missing("es"); !slices.Equal(got, []string{"roles.only_english"}) {
		t.Errorf("Missing(es) = %v", got)
	}
}

// Dates are written as each language writes them, in the reader's zone,
// with the zone named: across the spring daylight-saving change the
// abbreviation follows the instant.
func TestMomentsAcrossDaylightSaving(t *testing.T) {
	c, err := i18n.Load(tiny(nil))
	if err != nil {
		t.Fatal(err)
	}
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	before := time.Date(2027, 3, 14, 9, 30, 0, 0, time.UTC) // 1:30 PST
	after := before.Add(24 * time.Hour)                     // 2:30 PDT the next day
	for _, tc := range []struct{ got, want string }{
		{c.Printer("en").Moment(before, la), "Sunday, March 14, 2027 at 1:30 AM PST (America/Los_Angeles)"},
		{c.Printer("en").Moment(after, la), "Monday, March 15, 2027 at 2:30 AM PDT (America/Los_Angeles)"},
		{c.Printer("es").Moment(after, la), "lunes, 15 de marzo de 2027, a las 02:30 PDT (America/Los_Angeles)"},
		{c.Printer("es").Date(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)), "1 de diciembre de 2026"},
		{c.Printer("en").Moment(after, time.UTC), "Monday, March 15, 2027 at 9:30 AM UTC"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	c, err := i18n.Load(tiny(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		header, want string
		ok           bool
	}{
		{"es-MX,es;q=0.9", "es", true},
		{"es-419", "es", true},
		{"en-US,en;q=0.9,es;q=0.8", "en", true},
		{"fr-FR,de;q=0.5", "en", false},
		{"", "en", false},
		{"not a header;;;", "en", false},
	} {
		l, ok := c.Negotiate(tc.header)
		if l.Code != tc.want || ok != tc.ok {
			t.Errorf("Negotiate(%q) = %s, %v; want %s, %v", tc.header, l.Code, ok, tc.want, tc.ok)
		}
	}
}

func TestLoadRefusesBrokenCatalogs(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no English":  {"i18n/site.es.yaml": tiny(nil)["i18n/site.es.yaml"]},
		"twice":       tiny(fstest.MapFS{"i18n/more.en.yaml": {Data: []byte("roles: {thanks: again}\n")}}),
		"no language": tiny(fstest.MapFS{"i18n/site.yaml": {Data: []byte("a: b\n")}}),
		"broken yaml": tiny(fstest.MapFS{"i18n/x.fr.yaml": {Data: []byte("a: [\n")}}),
	} {
		if _, err := i18n.Load(fsys); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}
