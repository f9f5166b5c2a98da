package server

import (
	"errors"
	"io"
	"net/http"

	"example.com/careers/internal/applications"
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
	input    applications.Input
	resume   applications.Resume
	honeypot string
}

// readApplyForm streams the multipart body, keeping the resume in memory
// (never on disk: instances stay stateless) and each field within bounds.
// A body over the limit returns an *http.MaxBytesError.
func readApplyForm(r *http.Request) (applySubmission, error) {
	var sub applySubmission
	mr, err := r.MultipartReader()
	if err != nil {
		return sub, errBadRequest
	}
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return sub, nil
		}
		if err != nil {
			return sub, err
		}
		name := part.FormName()
		if seen[name] {
			continue // the first value of a field counts
		}
		seen[name] = true
		if name == "resume" {
			sub.resume.FileName = part.FileName()
			// One byte over the limit is enough to tell the file is too big.
			sub.resume.Data, err = io.ReadAll(io.LimitReader(part, applications.MaxResumeBytes+1))
			if err != nil {
				return sub, err
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		if err != nil {
			return sub, err
		}
		if len(b) > maxFieldBytes {
			return sub, &http.MaxBytesError{Limit: maxFieldBytes}
		}
		sub.set(name, string(b))
	}
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
