// Package decisions sends the answers that end an application kindly:
// templates recruiters edit, merged for each student with an optional
// personal note and, for students who reached interviews, feedback; sent
// from an address that can be answered, at a sensible hour of the
// student's own day; previewed message by message before a bulk
// rejection goes. The SQL for decision_templates.
package decisions

import (
	"strings"
	"time"
)

// Limits and form fields.
const (
	MaxNameRunes     = 80
	MaxSubjectRunes  = 200
	MaxBodyRunes     = 5000
	MaxNoteRunes     = 2000
	MaxFeedbackRunes = 2000
	FieldName        = "name"
	FieldSubject     = "subject"
	FieldBody        = "body"
	FieldNote        = "note"
	FieldFeedback    = "feedback"
)

// Placeholders lists what a template may use, for the editor's help.
var Placeholders = []string{"{name}", "{role}", "{team}", "{note}", "{feedback}"}

// Template is a decision message as recruiters wrote it.
type Template struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	Subject   string    `db:"subject"`
	Body      string    `db:"body"`
	UpdatedBy string    `db:"updated_by"`
	UpdatedAt time.Time `db:"updated_at"`
}

// Fields are what one student's message is merged with. Feedback is
// given only to students who reached an interview.
type Fields struct {
	Name, Role, Team, Note, Feedback string
}

// Merge fills t's placeholders for f. {note} and {feedback} become a
// paragraph of their own when given and vanish when not, so a template
// reads well either way.
func (t Template) Merge(f Fields) (subject, body string) {
	paragraph := func(lead, s string) string {
		if s = strings.TrimSpace(s); s == "" {
			return ""
		}
		return "\n" + lead + s + "\n"
	}
	r := strings.NewReplacer("{name}", f.Name, "{role}", f.Role, "{team}", f.Team,
		"{note}", paragraph("", f.Note), "{feedback}", paragraph("What the interviewers noted: ", f.Feedback))
	subject = strings.NewReplacer("{name}", f.Name, "{role}", f.Role, "{team}", f.Team, "{note}", "", "{feedback}", "").Replace(t.Subject)
	body = r.Replace(t.Body)
	// A vanished paragraph must not leave a run of blank lines behind.
	for strings.Contains(body, "\n\n\n") {
		body = strings.ReplaceAll(body, "\n\n\n", "\n\n")
	}
	return subject, strings.TrimSpace(body)
}

// Paragraphs splits a merged body at blank lines, for the message's
// layout.
func Paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// SendAt is when a decision made at now reaches a student in zone: the
// next hour:00 of their own day (today if it is still ahead, else
// tomorrow), never in their night.
func SendAt(now time.Time, zone *time.Location, hour int) time.Time {
	local := now.In(zone)
	at := time.Date(local.Year(), local.Month(), local.Day(), hour, 0, 0, 0, zone)
	if !at.After(now) {
		at = time.Date(local.Year(), local.Month(), local.Day()+1, hour, 0, 0, 0, zone)
	}
	return at.UTC()
}
