package applications

import (
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/roles"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

var allDegrees = []roles.Degree{roles.Bachelors, roles.Masters, roles.PhD}

func validInput() Input {
	return Input{
		FullName: "Ada Lovelace", Email: "ada@example.com", University: "University of London",
		Degree: roles.Bachelors, GradMonth: "6", GradYear: "2028", Why: "I like engines.", Consent: true,
		SubmissionKey: strings.Repeat("k", 43),
	}
}

func TestValidInputPasses(t *testing.T) {
	in := validInput()
	in.Phone = "+1 (408) 555-0100"
	in.LinkedIn = "https://www.linkedin.com/in/ada"
	in.Normalize()
	if errs := in.Validate(now, allDegrees); len(errs) != 0 {
		t.Fatalf("errors: %+v", errs)
	}
	if g := in.Graduation(now); g != time.Date(2028, 6, 1, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("graduation %v", g)
	}
}

func TestEachFieldHasAMessage(t *testing.T) {
	cases := []struct {
		field  string
		change func(*Input)
		want   string
	}{
		{FieldFullName, func(in *Input) { in.FullName = "   " }, "Enter your full name."},
		{FieldFullName, func(in *Input) { in.FullName = strings.Repeat("a", 201) }, "200 characters or fewer"},
		{FieldEmail, func(in *Input) { in.Email = "" }, "Enter your email address."},
		{FieldEmail, func(in *Input) { in.Email = "ada@localhost" }, "like name@example.com"},
		{FieldEmail, func(in *Input) { in.Email = "Ada <ada@example.com>" }, "like name@example.com"},
		{FieldEmail, func(in *Input) { in.Email = "ada@exa mple.com" }, "like name@example.com"},
		{FieldPhone, func(in *Input) { in.Phone = "call me" }, "phone number"},
		{FieldPhone, func(in *Input) { in.Phone = "12" }, "phone number"},
		{FieldPhone, func(in *Input) { in.Phone = "+1 (408) 555-0100" + strings.Repeat(".", 30) }, "phone number"},
		{FieldUniversity, func(in *Input) { in.University = "" }, "Enter the university"},
		{FieldDegree, func(in *Input) { in.Degree = "kindergarten" }, "Choose the degree"},
		{FieldGradMonth, func(in *Input) { in.GradMonth = "13" }, "Choose the month"},
		{FieldGradYear, func(in *Input) { in.GradYear = "1999" }, "from 2026 to 2033"},
		{FieldGradMonth, func(in *Input) { in.GradMonth, in.GradYear = "3", "2026" }, "this month or later"},
		{FieldLinkedIn, func(in *Input) { in.LinkedIn = "javascript:alert(1)" }, "LinkedIn link"},
		{FieldGitHub, func(in *Input) { in.GitHub = "github.com/ada" }, "GitHub link"},
		{FieldPortfolio, func(in *Input) { in.Portfolio = "data:text/html,<script>alert(1)</script>" }, "portfolio link"},
		{FieldPortfolio, func(in *Input) { in.Portfolio = "https://user:pw@evil.example" }, "portfolio link"},
		{FieldWhy, func(in *Input) { in.Why = "\n\n" }, "why this role interests you"},
		{FieldWhy, func(in *Input) { in.Why = strings.Repeat("é", 2001) }, "2001 characters long"},
		{FieldWhy, func(in *Input) { in.Why = strings.Repeat("w", 4000) }, "4000 characters long"},
		{FieldConsent, func(in *Input) { in.Consent = false }, "Tick the box"},
	}
	for _, c := range cases {
		in := validInput()
		c.change(&in)
		in.Normalize()
		errs := in.Validate(now, allDegrees)
		if len(errs) != 1 || errs[0].Field != c.field || !strings.Contains(errs[0].Message, c.want) {
			t.Errorf("%s: got %+v, want one error with %q", c.field, errs, c.want)
		}
	}
}

func TestDegreeMustSuitTheRole(t *testing.T) {
	in := validInput()
	in.Normalize()
	errs := in.Validate(now, []roles.Degree{roles.Masters, roles.PhD})
	if msg := errs.Get(FieldDegree); msg != "This role is open to Master's, PhD students." {
		t.Fatalf("got %q", msg)
	}
}

func TestNormalizeKeepsUnicodeAndDropsControls(t *testing.T) {
	in := validInput()
	in.FullName = "  Zoë\x00 山田\u200b 🚀  "
	in.Why = "Line one\r\nLine two\x07"
	in.SubmissionKey = "bad key!"
	in.Normalize()
	if in.FullName != "Zoë 山田 🚀" {
		t.Errorf("name %q", in.FullName)
	}
	if in.Why != "Line one\nLine two" {
		t.Errorf("why %q", in.Why)
	}
	if !validKey.MatchString(in.SubmissionKey) {
		t.Errorf("an invalid key must be replaced: %q", in.SubmissionKey)
	}
}

func TestErrorsInFormOrder(t *testing.T) {
	errs := Errors{{Field: FieldConsent, Message: "c"}, {Field: FieldResume, Message: "r"}, {Field: FieldFullName, Message: "n"}}
	got := errs.InFormOrder()
	if got[0].Field != FieldFullName || got[1].Field != FieldResume || got[2].Field != FieldConsent {
		t.Fatalf("%+v", got)
	}
}

func TestCheckResume(t *testing.T) {
	cases := []struct {
		data []byte
		want string
	}{
		{nil, ResumeMissing},
		{[]byte("%PDF-1.7\n..."), ""},
		{[]byte("<html><script>alert(1)</script></html>"), ResumeNotPDF},
		{[]byte("PK\x03\x04 a zip or docx"), ResumeNotPDF},
		{[]byte(" %PDF-1.4"), ResumeNotPDF},
		{append([]byte("%PDF-"), make([]byte, MaxResumeBytes)...), ResumeTooLarge},
	}
	for _, c := range cases {
		if got := CheckResume(c.data); got != c.want {
			t.Errorf("%.12q: got %q, want %q", c.data, got, c.want)
		}
	}
}

func TestCleanFileName(t *testing.T) {
	cases := map[string]string{
		"resume.pdf":                  "resume.pdf",
		"../../etc/passwd":            "passwd.pdf",
		`C:\Users\ada\CV final.PDF`:   "CV final.pdf",
		"../x\r\n.pdf":                "x.pdf",
		`"><script>alert(1)</script>`: "script.pdf",
		"":                            "resume.pdf",
		".hidden":                     "hidden.pdf",
		"...":                         "resume.pdf",
		"Zoë 山田.pdf":                  "Zoë 山田.pdf",
	}
	for in, want := range cases {
		if got := CleanFileName(in); got != want {
			t.Errorf("CleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}
