package applications

import (
	"bytes"
	"path"
	"strings"
	"unicode"

	"example.com/careers/internal/text"
)

// MaxResumeBytes is the largest resume accepted: 5 MB.
const MaxResumeBytes = 5 << 20

// Resume is an uploaded resume.
type Resume struct {
	FileName string
	Data     []byte
}

// Resume problems, worded for the student.
const (
	ResumeMissing  = "Choose your resume (a PDF file)."
	ResumeTooLarge = "Your resume is larger than 5 MB. Please upload a smaller PDF."
	ResumeNotPDF   = "Your resume must be a PDF file. This file is not a PDF, whatever its name says."
)

// ResumeMessageID is the catalog message of a CheckResume problem
// (content/i18n/apply.*.yaml), its size filled from the field Size (in
// MB); "" for no problem.
func ResumeMessageID(problem string) string {
	switch problem {
	case ResumeMissing:
		return "apply.error.resume_missing"
	case ResumeTooLarge:
		return "apply.error.resume_large"
	case ResumeNotPDF:
		return "apply.error.resume_not_pdf"
	}
	return ""
}

// pdfMagic opens every PDF file.
var pdfMagic = []byte("%PDF-")

// CheckResume accepts a PDF by its content: the "%PDF-" signature, not the
// file name or the type the browser claims, which anyone can forge. It
// returns the problem for the student, or "".
func CheckResume(data []byte) string {
	switch {
	case len(data) == 0:
		return ResumeMissing
	case len(data) > MaxResumeBytes:
		return ResumeTooLarge
	case !bytes.HasPrefix(data, pdfMagic):
		return ResumeNotPDF
	}
	return ""
}

// CleanFileName keeps a harmless version of the uploaded file's name for
// recruiters to see: no folders, no control characters or quotes, at most
// 100 characters, ending in .pdf.
func CleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	unsafe := func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`"'<>:|?*;`, r) {
			return -1
		}
		return r
	}
	// Filtered before and after normalising: NFC turns some characters
	// into filtered ones (U+037E, the Greek question mark, becomes ";"),
	// which filtering only before let through (found by FuzzCleanFileName).
	name = strings.Map(unsafe, name)
	name = strings.Map(unsafe, text.Line(name, 100))
	name = strings.TrimLeft(name, ". ")
	name = strings.TrimSuffix(name, path.Ext(name))
	if name == "" || name == "/" {
		name = "resume"
	}
	return name + ".pdf"
}
