package takehomes

import (
	"archive/zip"
	"bytes"
	"net/url"
	"strings"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/text"
)

// MaxFileBytes is the largest file accepted, for a student's work and for
// a task's attachment: 20 MB, room for a report or a zipped project
// without its dependencies.
const MaxFileBytes = 20 << 20

// The file types accepted, told apart by content.
const (
	TypePDF = "application/pdf"
	TypeZIP = "application/zip"
)

// Upload is a file as it arrived.
type Upload struct {
	FileName string
	Data     []byte
}

// Work is what a student hands in: a file or a link.
type Work struct {
	File Upload
	Link string
}

// Problems with work, worded for the student.
const (
	WorkMissing  = "Choose your file (a PDF or a ZIP), or give the link to your public repository."
	WorkBoth     = "Send either a file or a link, not both: choose the one you want us to review."
	WorkTooLarge = "Your file is larger than 20 MB. Please send a smaller file, or put your work in a public repository and send its link."
	WorkBadType  = "Your file must be a PDF or a ZIP archive. This file is neither, whatever its name says."
	WorkBadZIP   = "This ZIP archive could not be opened: it may be damaged or cut short. Please make it again and send it."
	WorkLongLink = "This address is longer than 500 characters: give the repository's own address, without extra parts."
	WorkBadLink  = "Give the full address of your repository, starting with https:// (for example https://github.com/you/project)."
)

var (
	pdfMagic = []byte("%PDF-")
	zipMagic = []byte("PK\x03\x04")
)

// CheckFile tells a PDF or a ZIP by its content, never by its name or the
// type the browser claims. A ZIP must open (its central directory is
// read), so a renamed or truncated file is refused now, not by the
// grader. It returns the content type, or the problem for the student.
func CheckFile(data []byte) (contentType, problem string) {
	switch {
	case len(data) == 0:
		return "", WorkMissing
	case len(data) > MaxFileBytes:
		return "", WorkTooLarge
	case bytes.HasPrefix(data, pdfMagic):
		return TypePDF, ""
	case bytes.HasPrefix(data, zipMagic):
		if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
			return "", WorkBadZIP
		}
		return TypeZIP, ""
	}
	return "", WorkBadType
}

// CheckLink accepts the address of a repository: https, a host with a
// dot, no user name or password in it, at most 500 characters. Whether it
// is public cannot be told from here; the page asks the student to check.
func CheckLink(s string) (string, string) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || !strings.Contains(u.Hostname(), ".") || u.User != nil ||
		strings.ContainsAny(s, " \t\r\n<>\"") {
		return "", WorkBadLink
	}
	// The limit holds for what is stored: escaping can make it longer.
	if link := u.String(); len(link) <= 500 {
		return link, ""
	}
	return "", WorkLongLink
}

// Check validates w and returns what to store: the content type of its
// file ("" for a link) and the cleaned link, or the problem.
func (w *Work) Check() (contentType, problem string) {
	hasFile := len(w.File.Data) > 0
	hasLink := strings.TrimSpace(w.Link) != ""
	switch {
	case hasFile && hasLink:
		return "", WorkBoth
	case hasLink:
		link, p := CheckLink(w.Link)
		w.Link = link
		return "", p
	}
	return CheckFile(w.File.Data)
}

// CleanFileName keeps a harmless name for a file, with the extension its
// content earned (.pdf or .zip), as applications.CleanFileName does for
// resumes.
func CleanFileName(name, contentType string) string {
	base := strings.TrimSuffix(applications.CleanFileName(name), ".pdf")
	if base == "resume" && !strings.Contains(strings.ToLower(name), "resume") {
		base = "work" // the name had nothing worth keeping
	}
	base = text.Line(base, 96)
	if contentType == TypeZIP {
		return base + ".zip"
	}
	return base + ".pdf"
}
