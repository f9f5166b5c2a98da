package applications_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/roles"
)

// The resume check accepts exactly the non-empty files within the limit
// that start with the PDF signature, whatever else they hold.
func FuzzCheckResume(f *testing.F) {
	for _, seed := range [][]byte{nil, []byte("%PDF-1.7\n%%EOF"), []byte("%PDF"), []byte("<html><script>alert(1)</script>"),
		[]byte("%PDF-1.4\n1 0 obj<</JS(app.alert(1))/S/JavaScript>>endobj"), []byte("PK\x03\x04"), []byte(" %PDF-1.4")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := applications.CheckResume(data)
		want := len(data) > 0 && len(data) <= applications.MaxResumeBytes && bytes.HasPrefix(data, []byte("%PDF-"))
		if (got == "") != want {
			t.Fatalf("CheckResume(%q...) = %q", data[:min(len(data), 16)], got)
		}
	})
}

// The file name shown to recruiters (and sent in Content-Disposition) is
// a plain name ending in .pdf: no folders, quotes, control characters or
// leading dots, valid UTF-8, bounded.
func FuzzCleanFileName(f *testing.F) {
	for _, seed := range []string{"cv.pdf", "../../etc/passwd", `C:\Users\zoë\CV "final".pdf`, "\x00\r\nx.pdf", ".htaccess",
		"<script>alert(1)</script>.pdf", "résumé 山田.PDF", "", "....", strings.Repeat("a", 500) + ".pdf", "a;b|c?.pdf", "\xff\xfe.pdf"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := applications.CleanFileName(name)
		if !strings.HasSuffix(got, ".pdf") || !utf8.ValidString(got) || utf8.RuneCountInString(got) > 104 {
			t.Fatalf("CleanFileName(%q) = %q", name, got)
		}
		if strings.ContainsAny(got, "/\\\"'<>:|?*;") || strings.HasPrefix(got, ".") || strings.HasPrefix(got, " ") {
			t.Fatalf("CleanFileName(%q) = %q: unsafe characters", name, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) {
				t.Fatalf("CleanFileName(%q) = %q: a control character", name, got)
			}
		}
	})
}

// Whatever a form sends, validation never panics, and a form it accepts
// fits every column constraint the database will check.
func FuzzInputValidate(f *testing.F) {
	f.Add("Zoë 山田", "zoe@example.edu", "+1 (555) 010-0100", "Université de Montréal", "masters", "5", "2028",
		"https://www.linkedin.com/in/zoe", "", "", "I love playback.")
	f.Add("<script>alert(1)</script>", "a@b", "", "x", "phd", "13", "1999", "javascript:alert(1)", "", "", "")
	f.Add(" ", "'; DROP TABLE applications; --@x.y", "abc", "", "bachelors", "0", "9999", "", "http://", "ftp://x", strings.Repeat("é", 2001))
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, name, email, phone, university, degree, month, year, linkedin, github, portfolio, why string) {
		in := applications.Input{FullName: name, Email: email, Phone: phone, University: university,
			Degree: roles.Degree(degree), GradMonth: month, GradYear: year, LinkedIn: linkedin, GitHub: github,
			Portfolio: portfolio, Why: why, Consent: true}
		in.Normalize()
		if len(in.Validate(now, roles.Degrees)) > 0 {
			return
		}
		runes := utf8.RuneCountInString
		switch {
		case runes(in.FullName) < 1 || runes(in.FullName) > 200,
			runes(in.Email) < 3 || runes(in.Email) > 254 || strings.Index(in.Email, "@") < 1,
			runes(in.Phone) > 40,
			runes(in.University) < 1 || runes(in.University) > 200,
			runes(in.LinkedIn) > 500 || runes(in.GitHub) > 500 || runes(in.Portfolio) > 500,
			runes(in.Why) < 1 || runes(in.Why) > 2000,
			!in.Degree.Valid(),
			in.Graduation(now).Day() != 1:
			t.Fatalf("accepted a form the database would refuse: %+v", in)
		}
		for _, link := range []string{in.LinkedIn, in.GitHub, in.Portfolio} {
			if link != "" && !strings.HasPrefix(strings.ToLower(link), "https://") && !strings.HasPrefix(strings.ToLower(link), "http://") {
				t.Fatalf("accepted the link %q", link)
			}
		}
	})
}
