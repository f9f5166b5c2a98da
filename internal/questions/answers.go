package questions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/text"
)

// Answer is a student's answer to one question, with the question as
// they saw it.
type Answer struct {
	QuestionID *int64   `db:"question_id"`
	Position   int      `db:"position"`
	Kind       Kind     `db:"kind"`
	Label      string   `db:"label"`
	Help       string   `db:"help"`
	Options    []string `db:"options"`
	// Text is a typed answer or a link; Choices the options picked (one
	// for a single choice or yes/no).
	Text     string   `db:"answer"`
	Choices  []string `db:"choices"`
	FileName *string  `db:"file_name"`
	// File is only read for a download (FileData), never in lists.
	File []byte `db:"-"`
}

// Empty reports whether the question was left unanswered.
func (a Answer) Empty() bool { return a.Text == "" && len(a.Choices) == 0 && a.FileName == nil }

// Display is the answer as one line of text: the typed text, the
// choices joined, or the file's name.
func (a Answer) Display() string {
	switch {
	case a.FileName != nil:
		return *a.FileName
	case len(a.Choices) > 0:
		return strings.Join(a.Choices, "; ")
	}
	return a.Text
}

// Values are a form's answers as sent: each question's field with its
// values (several for a multiple choice) and its file.
type Values struct {
	Fields map[string][]string
	Files  map[string]Upload
}

// Upload is a file sent as an answer.
type Upload struct {
	FileName string
	Data     []byte
}

// Get returns the first value sent for field.
func (v Values) Get(field string) string {
	if vs := v.Fields[field]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Has reports whether value was among those sent for field (a choice
// to show as picked again after an error).
func (v Values) Has(field, value string) bool { return slices.Contains(v.Fields[field], value) }

// Read checks the values sent for qs and returns the answers to store
// (unanswered optional questions left out) and every problem, in the
// questions' order. A knockout answer is a problem, worded with the
// role's requirement: nothing is stored.
func Read(qs []Question, v Values) ([]Answer, applications.Errors) {
	var answers []Answer
	var errs applications.Errors
	for _, q := range qs {
		a, p := read(q, v)
		if p.Message != "" {
			p.Field = q.Field()
			errs = append(errs, p)
			continue
		}
		if !a.Empty() {
			answers = append(answers, a)
		}
	}
	return answers, errs
}

// YesNoAnswer is a yes-or-no question's answer as a message argument:
// a page writes it in its language ("Sí").
type YesNoAnswer string

// problem is a problem with q's answer: msg is the English text of
// the catalog's id, with the question's label as Question and args.
func problem(q Question, msg, id string, args ...any) applications.FieldError {
	return applications.Problem(q.Field(), msg, id, append([]any{"Question", q.Label}, args...)...)
}

func read(q Question, v Values) (Answer, applications.FieldError) {
	id := q.ID
	a := Answer{QuestionID: &id, Position: q.Position, Kind: q.Kind, Label: q.Label, Help: q.Help, Options: q.Options}
	name := "“" + q.Label + "”"
	switch q.Kind {
	case ShortText, LongText, Link:
		if q.Kind == LongText {
			a.Text = text.Block(v.Get(q.Field()), 4*MaxChars)
		} else {
			a.Text = text.Line(v.Get(q.Field()), 4*MaxChars)
		}
		n := text.Runes(a.Text)
		switch {
		case n == 0 && q.Required:
			return a, problem(q, "Answer the question "+name+".", "apply.question_error.missing")
		case q.Kind == Link && n > 0 && !applications.ValidLink(a.Text):
			return a, problem(q, "Enter your answer to "+name+" as a full web address starting with https://.", "apply.question_error.link")
		case q.Kind != Link && n > q.Limit():
			return a, problem(q, fmt.Sprintf("Your answer to %s is %d characters long. Please shorten it to %d or fewer.", name, n, q.Limit()),
				"apply.question_error.long", "Count", n, "Max", q.Limit())
		}
	case SingleChoice, YesNo, MultiChoice:
		for _, c := range v.Fields[q.Field()] {
			if c == "" {
				continue
			}
			if !slices.Contains(q.Options, c) {
				return a, problem(q, "Choose one of the answers listed for "+name+".", "apply.question_error.unknown_choice")
			}
			if !slices.Contains(a.Choices, c) {
				a.Choices = append(a.Choices, c)
			}
		}
		switch {
		case len(a.Choices) == 0 && q.Required && q.Kind == MultiChoice:
			return a, problem(q, "Choose at least one answer to "+name+".", "apply.question_error.choose_some")
		case len(a.Choices) == 0 && q.Required:
			return a, problem(q, "Choose an answer to "+name+".", "apply.question_error.choose_one")
		case len(a.Choices) > 1 && q.Kind != MultiChoice:
			return a, problem(q, "Choose only one answer to "+name+".", "apply.question_error.only_one")
		}
		for _, c := range a.Choices {
			if q.IsKnockout(c) {
				var choice any = c
				if q.Kind == YesNo {
					choice = YesNoAnswer(c)
				}
				return a, problem(q, KnockoutMessage(q, c), "apply.question_error.knockout", "Requirement", q.Requirement, "Choice", choice)
			}
		}
	case File:
		up, sent := v.Files[q.Field()]
		if !sent || len(up.Data) == 0 {
			if q.Required {
				return a, problem(q, "Choose a PDF file for "+name+".", "apply.question_error.file_missing")
			}
			return a, applications.FieldError{}
		}
		size := applications.MaxResumeBytes >> 20
		switch applications.CheckResume(up.Data) {
		case applications.ResumeTooLarge:
			return a, problem(q, "The file for "+name+" is larger than 5 MB. Please choose a smaller PDF.", "apply.question_error.file_large", "Size", size)
		case applications.ResumeNotPDF:
			return a, problem(q, "The file for "+name+" must be a PDF. This file is not one, whatever its name says.", "apply.question_error.file_not_pdf")
		}
		fn := applications.CleanFileName(up.FileName)
		a.FileName, a.File = &fn, up.Data
	}
	return a, applications.FieldError{}
}

// KnockoutMessage tells a student, before anything is stored, that the
// answer they chose cannot go ahead for this role, and why.
func KnockoutMessage(q Question, choice string) string {
	return q.Requirement + " You answered “" + choice + "” to “" + q.Label +
		"”, so we cannot take this application forward, and nothing has been stored. If that answer was a mistake, change it; other roles may suit you."
}

// Requirements lists the knockout requirements of qs, once each, for the
// role page to show before anyone fills the form in.
func Requirements(qs []Question) []string {
	var out []string
	for _, q := range qs {
		if len(q.Knockouts) > 0 && !slices.Contains(out, q.Requirement) {
			out = append(out, q.Requirement)
		}
	}
	return out
}

// Save stores answers with application id, in tx: it runs in the
// transaction that stores the application (applications.Extra).
func Save(answers []Answer) applications.Extra {
	return func(ctx context.Context, tx pgx.Tx, id int64) error {
		for _, a := range answers {
			if _, err := tx.Exec(ctx, `
				INSERT INTO application_answers (application_id, question_id, position, kind, label, help, options,
				                                 answer, choices, file_name, file_data)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				id, a.QuestionID, a.Position, a.Kind, a.Label, a.Help, nonNil(a.Options), a.Text, nonNil(a.Choices), a.FileName, a.File); err != nil {
				return fmt.Errorf("save answers: %w", err)
			}
		}
		return nil
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const answerColumns = `question_id, position, kind, label, help, options, answer, choices, file_name`

// ForApplication lists application id's answers in the form's order,
// files by name only.
func (s *Store) ForApplication(ctx context.Context, id int64) ([]Answer, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+answerColumns+` FROM application_answers WHERE application_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Answer])
}

// FileData returns the file answered at position of application id, and
// its name; ErrNotFound when there is none.
func (s *Store) FileData(ctx context.Context, id int64, position int) (string, []byte, error) {
	var name string
	var data []byte
	err := s.pool.QueryRow(ctx, `
		SELECT file_name, file_data FROM application_answers
		WHERE application_id = $1 AND position = $2 AND file_data IS NOT NULL`, id, position).Scan(&name, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, ErrNotFound
	}
	return name, data, err
}

// ByApplication returns the answers of the applications ids, by
// application, for a CSV export: one query for the whole page of rows.
func (s *Store) ByApplication(ctx context.Context, ids []int64) (map[int64][]Answer, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT application_id, `+answerColumns+` FROM application_answers
		WHERE application_id = ANY($1) ORDER BY application_id, position`, ids)
	if err != nil {
		return nil, fmt.Errorf("answers: %w", err)
	}
	out := map[int64][]Answer{}
	type row struct {
		ApplicationID int64 `db:"application_id"`
		Answer
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByName[row])
	if err != nil {
		return nil, err
	}
	for _, r := range got {
		out[r.ApplicationID] = append(out[r.ApplicationID], r.Answer)
	}
	return out, nil
}

// Column names a CSV column for question q: its position and label, so
// a column stays readable and two questions with one label stay apart.
func Column(position int, label string) string {
	return "Q" + strconv.Itoa(position+1) + ": " + label
}
