// Package questions holds the questions a role adds to its apply form:
// their kinds and rules, the question sets kept with the site's content,
// reading a student's answers (knockouts included), the form's estimated
// length, and the SQL for role_questions and application_answers.
package questions

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"example.com/careers/internal/text"
)

// Kind is what sort of answer a question takes.
type Kind string

// Question kinds.
const (
	ShortText    Kind = "short_text"
	LongText     Kind = "long_text"
	SingleChoice Kind = "single_choice"
	MultiChoice  Kind = "multi_choice"
	YesNo        Kind = "yes_no"
	Link         Kind = "link"
	File         Kind = "file"
)

// Kinds lists every kind in the order the editor offers them.
var Kinds = []Kind{ShortText, LongText, SingleChoice, MultiChoice, YesNo, Link, File}

// Label is the kind's name in the editor.
func (k Kind) Label() string {
	switch k {
	case ShortText:
		return "Short text"
	case LongText:
		return "Long text"
	case SingleChoice:
		return "Single choice"
	case MultiChoice:
		return "Multiple choice"
	case YesNo:
		return "Yes or no"
	case Link:
		return "A link"
	case File:
		return "A file (PDF)"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// HasOptions reports whether answers are picked from options.
func (k Kind) HasOptions() bool { return k == SingleChoice || k == MultiChoice || k == YesNo }

// HasLimit reports whether answers are typed, within a character limit.
func (k Kind) HasLimit() bool { return k == ShortText || k == LongText }

// Limits, in characters, of typed answers: the default when the editor
// leaves the limit empty, and the most it may set.
const (
	DefaultShortChars = 200
	DefaultLongChars  = 2000
	MaxChars          = 10000
	MaxOptions        = 30
)

// yesNo are a yes/no question's options, fixed so a knockout is always
// one of them.
var yesNo = []string{"Yes", "No"}

// Question is one question of a role's form.
type Question struct {
	ID       int64  `db:"id"`
	RoleID   int64  `db:"role_id"`
	Position int    `db:"position"`
	Kind     Kind   `db:"kind"`
	Label    string `db:"label"`
	Help     string `db:"help"`
	Required bool   `db:"required"`
	// MaxChars is the limit of a typed answer; nil for other kinds.
	MaxChars *int     `db:"max_chars"`
	Options  []string `db:"options"`
	// Knockouts are the options that cannot proceed, and Requirement
	// says why ("This role cannot sponsor a work visa.").
	Knockouts   []string `db:"knockouts"`
	Requirement string   `db:"requirement"`
}

// Field is the form field's name for q: its answers arrive under it.
func (q Question) Field() string { return "q" + strconv.FormatInt(q.ID, 10) }

// Limit is the most characters a typed answer may hold.
func (q Question) Limit() int {
	if q.MaxChars != nil {
		return *q.MaxChars
	}
	return 0
}

// IsKnockout reports whether choosing option stops the application.
func (q Question) IsKnockout(option string) bool { return slices.Contains(q.Knockouts, option) }

// Form is the question editor's fields as typed: options and knockouts
// one per line.
type Form struct {
	Kind        string
	Label       string
	Help        string
	Required    bool
	MaxChars    string
	Options     string
	Knockouts   string
	Requirement string
}

// FormOf is the editor's form for an existing question.
func FormOf(q Question) Form {
	f := Form{Kind: string(q.Kind), Label: q.Label, Help: q.Help, Required: q.Required, Requirement: q.Requirement,
		Knockouts: strings.Join(q.Knockouts, "\n")}
	if q.Kind != YesNo {
		f.Options = strings.Join(q.Options, "\n")
	}
	if q.MaxChars != nil {
		f.MaxChars = strconv.Itoa(*q.MaxChars)
	}
	return f
}

// Problems are the editor's errors by field, worded for the recruiter.
type Problems map[string]string

func (p Problems) Error() string { return "question incomplete" }

// Detail lists every problem, by field, in a stable order.
func (p Problems) Detail() string {
	var out []string
	for _, f := range slices.Sorted(maps.Keys(p)) {
		out = append(out, f+": "+p[f])
	}
	return strings.Join(out, "; ")
}

// Parse checks the editor's form and returns the question it describes
// (without id, role or position), or what is wrong with it.
func Parse(f Form) (Question, Problems) {
	p := Problems{}
	q := Question{
		Kind:        Kind(strings.TrimSpace(f.Kind)),
		Label:       text.Line(f.Label, 400),
		Help:        text.Block(f.Help, 1200),
		Required:    f.Required,
		Requirement: text.Line(f.Requirement, 400),
	}
	if !q.Kind.Valid() {
		p["kind"] = "Choose what kind of answer the question takes."
	}
	switch n := text.Runes(q.Label); {
	case n == 0:
		p["label"] = "Enter the question as students should read it."
	case n > 300:
		p["label"] = "Keep the question to 300 characters or fewer: put the detail in the help text."
	}
	if text.Runes(q.Help) > 1000 {
		p["help"] = "Keep the help text to 1,000 characters or fewer."
	}
	if q.Kind.HasLimit() {
		limit := DefaultShortChars
		if q.Kind == LongText {
			limit = DefaultLongChars
		}
		if s := strings.TrimSpace(f.MaxChars); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > MaxChars {
				p["max_chars"] = "Enter a character limit from 1 to 10,000, or leave it empty for the default."
			}
			limit = n
		}
		q.MaxChars = &limit
	}
	switch q.Kind {
	case YesNo:
		q.Options = slices.Clone(yesNo)
	case SingleChoice, MultiChoice:
		q.Options = lines(f.Options)
		switch {
		case len(q.Options) < 2:
			p["options"] = "List at least two answers to choose from, one per line."
		case len(q.Options) > MaxOptions:
			p["options"] = "List at most 30 answers."
		}
		for _, o := range q.Options {
			if text.Runes(o) > 200 {
				p["options"] = "Keep each answer to 200 characters or fewer."
			}
		}
	}
	q.Knockouts = lines(f.Knockouts)
	if len(q.Knockouts) > 0 {
		switch {
		case !q.Kind.HasOptions():
			p["knockouts"] = "Only a choice or yes/no question can have answers that cannot proceed."
		case q.Requirement == "":
			p["requirement"] = "Say what the role requires, in a sentence students will read before applying."
		}
		for _, k := range q.Knockouts {
			if q.Kind.HasOptions() && !slices.Contains(q.Options, k) {
				p["knockouts"] = "“" + k + "” is not one of the question's answers: copy it exactly as listed."
				break
			}
		}
		if len(q.Knockouts) == len(q.Options) && len(q.Options) > 0 {
			p["knockouts"] = "At least one answer must be able to proceed."
		}
	} else {
		q.Requirement = ""
	}
	if text.Runes(q.Requirement) > 300 {
		p["requirement"] = "Keep the requirement to 300 characters or fewer."
	}
	if len(p) > 0 {
		return Question{}, p
	}
	return q, nil
}

// lines splits s into its non-empty trimmed lines, each kept once.
func lines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		l = text.Line(l, 400)
		if l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}
