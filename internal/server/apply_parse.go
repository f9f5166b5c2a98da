package server

import (
	"net/http"

	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/sources"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/roles"
)

// applyBodyLimit bounds a whole apply request: the largest resume plus
// room for the other fields and the multipart framing.
const applyBodyLimit = applications.MaxResumeBytes + 512<<10

// maxFieldBytes bounds each text field: far above what any field may
// hold (the answer is at most 2,000 characters), so an honest form never
// meets it; a field over it makes the request too large.
const maxFieldBytes = 64 << 10

// honeypotField is hidden from people; bots fill it. Its name avoids what
// browsers and password managers autofill (website, url, address...).
const honeypotField = "hp_extra_notes"

// applySubmission is a parsed apply request.
type applySubmission struct {
	input   applications.Input
	resume  applications.Resume
	answers questions.Values
	// adjustment is an optional request for an adjustment, sent with
	// the application.
	adjustment string
	honeypot   string
}

// applyLimit bounds an apply request for a role whose form has qs: the
// resume, each file its questions ask for, and the rest.
func applyLimit(qs []questions.Question) int64 {
	limit := int64(applyBodyLimit)
	for _, q := range qs {
		if q.Kind == questions.File {
			limit += applications.MaxResumeBytes
		}
	}
	return limit
}

// readApplyForm reads the apply form: the resume, the text fields and
// the answers to the role's questions qs, each within bounds
// (readUploadForm). A body over the limit returns an *http.MaxBytesError.
func readApplyForm(r *http.Request, qs []questions.Question) (applySubmission, error) {
	var sub applySubmission
	var files []string
	for _, q := range qs {
		if q.Kind == questions.File {
			files = append(files, q.Field())
		}
	}
	f, err := readUploadForm(r, "resume", applications.MaxResumeBytes, files...)
	if err != nil {
		return sub, err
	}
	sub.resume = applications.Resume{FileName: f.fileName, Data: f.file}
	for name, value := range f.fields {
		sub.set(name, value)
	}
	sub.adjustment = f.fields[adjustments.FieldBody]
	sub.input.Source = sources.FromQuery(f.values)
	sub.answers = questions.Values{Fields: map[string][]string{}, Files: map[string]questions.Upload{}}
	for _, q := range qs {
		if vs, ok := f.values[q.Field()]; ok {
			sub.answers.Fields[q.Field()] = vs
		}
		if up, ok := f.files[q.Field()]; ok {
			sub.answers.Files[q.Field()] = questions.Upload{FileName: up.name, Data: up.data}
		}
	}
	return sub, nil
}

func (sub *applySubmission) set(name, value string) {
	in := &sub.input
	switch name {
	case applications.FieldFullName:
		in.FullName = value
	case applications.FieldEmail:
		in.Email = value
	case applications.FieldPhone:
		in.Phone = value
	case applications.FieldUniversity:
		in.University = value
	case applications.FieldDegree:
		in.Degree = roles.Degree(value)
	case applications.FieldGradMonth:
		in.GradMonth = value
	case applications.FieldGradYear:
		in.GradYear = value
	case applications.FieldLinkedIn:
		in.LinkedIn = value
	case applications.FieldGitHub:
		in.GitHub = value
	case applications.FieldPortfolio:
		in.Portfolio = value
	case applications.FieldWhy:
		in.Why = value
	case applications.FieldConsent:
		in.Consent = value == "yes"
	case "submission_key":
		in.SubmissionKey = value
	case honeypotField:
		sub.honeypot = value
	}
}
