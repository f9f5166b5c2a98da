package server

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/questions"
)

// A CSV cell never starts with what a spreadsheet runs as a formula, and
// only ever gains the neutralising quote.
func FuzzCSVCell(f *testing.F) {
	for _, seed := range []string{"=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "", "'=already"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := csvCell(s)
		if got != s && got != "'"+s {
			t.Fatalf("csvCell(%q) = %q", s, got)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("csvCell(%q) = %q still starts a formula", s, got)
		}
	})
}

// fuzzQuestions are a multiple choice, a text and a file question.
var fuzzQuestions = []questions.Question{
	{ID: 1, Kind: questions.MultiChoice, Label: "Which?", Options: []string{"A", "B"}},
	{ID: 2, Kind: questions.ShortText, Label: "Name a film"},
	{ID: 3, Kind: questions.File, Label: "Work"},
}

// The apply form parser never panics and keeps every field, the resume
// and the answers (files too) within their bounds, whatever the body.
func FuzzReadApplyForm(f *testing.F) {
	var ok bytes.Buffer
	mw := multipart.NewWriter(&ok)
	_ = mw.WriteField("full_name", "Zoë")
	_ = mw.WriteField("email", "zoe@example.edu")
	w, _ := mw.CreateFormFile("resume", "cv.pdf")
	_, _ = w.Write([]byte("%PDF-1.4\n%%EOF"))
	_ = mw.Close()
	f.Add(ok.Bytes(), mw.Boundary())
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"why\"\r\n\r\n"+strings.Repeat("x", 70000)+"\r\n--b--\r\n"), "b")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"../../x\"\r\n\r\n%PDF-\r\n--b--"), "b")
	f.Add([]byte("garbage"), "")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"q1\"\r\n\r\nA\r\n--b\r\nContent-Disposition: form-data; name=\"q1\"\r\n\r\nB\r\n"+
		"--b\r\nContent-Disposition: form-data; name=\"q3\"; filename=\"w.pdf\"\r\n\r\n%PDF-\r\n--b--"), "b")
	f.Fuzz(func(t *testing.T, body []byte, boundary string) {
		r := httptest.NewRequest("POST", "/roles/x/apply", bytes.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		sub, err := readApplyForm(r, fuzzQuestions)
		if err != nil {
			return
		}
		for _, up := range sub.answers.Files {
			if len(up.Data) > applications.MaxResumeBytes+1 {
				t.Fatalf("an answer's file of %d bytes was held", len(up.Data))
			}
		}
		for name, vs := range sub.answers.Fields {
			if name != "q1" && name != "q2" {
				t.Fatalf("field %q was kept as an answer", name)
			}
			for _, v := range vs {
				if len(v) > maxFieldBytes {
					t.Fatalf("an answer of %d bytes got through", len(v))
				}
			}
		}
		in := sub.input
		for _, v := range []string{in.FullName, in.Email, in.Phone, in.University, in.GradMonth, in.GradYear,
			in.LinkedIn, in.GitHub, in.Portfolio, in.Why, in.SubmissionKey, sub.honeypot} {
			if len(v) > maxFieldBytes {
				t.Fatalf("a field of %d bytes got through", len(v))
			}
		}
		if len(sub.resume.Data) > applications.MaxResumeBytes+1 {
			t.Fatalf("a resume of %d bytes was held", len(sub.resume.Data))
		}
	})
}
