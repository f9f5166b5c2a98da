package web

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"

	"example.com/careers/internal/content"
	"example.com/careers/internal/roles"
)

var scriptBody = regexp.MustCompile(`(?s)^<script[^>]*>(.*)</script>$`)

// Whatever a role's title and description hold, the JobPosting script
// stays one script element with valid JSON carrying the same text.
func FuzzJobPosting(f *testing.F) {
	for _, seed := range [][2]string{{"Intern", "<p>Hello</p>"}, {"</script><script>alert(1)</script>", "</SCRIPT >"},
		{"<!--", "<script>"}, {"\u2028\u2029", "\x00"}, {`"quoted" & 'single'`, "]]>"}} {
		f.Add(seed[0], seed[1])
	}
	opens := time.Date(2026, 9, 1, 16, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, description string) {
		minPay, maxPay, usd, hour := 45, 60, "USD", roles.PerHour
		r := roles.Role{Slug: "x", Title: title, Locations: []string{"Los Gatos, CA"}, WorkMode: roles.OnSite, OpensAt: &opens,
			PayMin: &minPay, PayMax: &maxPay, PayCurrency: &usd, PayUnit: &hour, Benefits: description}
		jp := NewJobPosting(r, description, content.Settings{Company: "Netflix"}, "https://careers.test", "/logo.png", opens.AddDate(0, 3, 0))
		var b strings.Builder
		if err := templ.JSONScript("job-posting", jp).WithType("application/ld+json").Render(context.Background(), &b); err != nil {
			return // not valid UTF-8 JSON: nothing is written
		}
		out := b.String()
		m := scriptBody.FindStringSubmatch(out)
		if m == nil || strings.Contains(strings.ToLower(m[1]), "</script") || strings.Contains(m[1], "<!--") {
			t.Fatalf("the script element can be broken out of: %s", out)
		}
		var back JobPosting
		if err := json.Unmarshal([]byte(m[1]), &back); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if want, _ := json.Marshal(jp); !jsonEqual(t, want, []byte(m[1])) {
			t.Fatalf("the JSON changed: %s", out)
		}
		if s := back.BaseSalary; s == nil || s.Type != "MonetaryAmount" || s.Currency != "USD" || s.Value.Type != "QuantitativeValue" ||
			s.Value.MinValue != 45 || s.Value.MaxValue != 60 || s.Value.UnitText != "HOUR" {
			t.Fatalf("baseSalary %+v", back.BaseSalary)
		}
	})
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}
