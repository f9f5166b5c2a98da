package web

import (
	"context"
	"strings"
	"testing"
)

// TestGreetingNameCannotCarryLinks: the applicant's name is typed by
// whoever filled the form, so the greeting keeps real names (accents,
// apostrophes, other scripts, initials) and drops anything a mail client
// could turn into a link, or a sentence long enough to be a message.
func TestGreetingNameCannotCarryLinks(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Zoë 山田 🚀", "Hi Zoë 山田 🚀,"},
		{"Siobhán O'Connor-Ní Bhriain", "Hi Siobhán O'Connor-Ní Bhriain,"},
		{"J. R. R. Tolkien", "Hi J. R. R. Tolkien,"},
		{"Алёна Щукина", "Hi Алёна Щукина,"},
		{"محمد عبد الله", "Hi محمد عبد الله,"},
		{"ジョン・スミス", "Hi ジョン・スミス,"},
		{"  Ana   María  ", "Hi Ana María,"},
		// Links, domains and addresses in any spelling: no name at all.
		{"Win a prize at evil.example", "Hello,"},
		{"https://evil.example/claim", "Hello,"},
		{"see www.evil", "Hello,"},
		{"ana@evil.example", "Hello,"},
		{"evil．example", "Hello,"},  // fullwidth full stop, a dot to IDNA
		{"evil。example", "Hello,"},  // ideographic full stop, the same
		{"call 555 0100", "Hello,"}, // digits: phone numbers and prices
		{"Ana\u202eelpmaxe.live", "Hello,"},
		{"<b>Ana</b>", "Hello,"},
		// Long text: the first word if it is a name-sized word.
		{"Maximiliana " + strings.Repeat("Pleaseclickbelowtoclaimyourreward ", 3), "Hi Maximiliana,"},
		{strings.Repeat("a", 60), "Hello,"},
		{"", "Hello,"},
	} {
		v := ApplicantMail{SiteName: "Careers", FullName: tc.name, RoleTitle: "Intern", StatusURL: "http://careers.test/applications/x"}.Received()
		if v.Greeting != tc.want {
			t.Errorf("name %q: greeting %q, want %q", tc.name, v.Greeting, tc.want)
		}
		text, html, err := v.Render(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{text, html} {
			if strings.Contains(part, "evil") {
				t.Errorf("name %q reached the message:\n%s", tc.name, part)
			}
		}
	}
}
