package server

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/questions"
)

// csvCell neutralises a cell a spreadsheet would run as a formula (it
// starts with =, +, -, @, a tab or a carriage return) by prefixing a
// single quote, as OWASP advises for CSV injection.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportChunk is how many rows are written per query for their answers.
const exportChunk = 500

// adminExport streams the applications of the current filter as CSV.
// Filtered to one role, each of its questions has a column of its own;
// answers to questions since removed, and every answer when the export
// spans roles, go in one column of "question: answer" lines.
func (s *server) adminExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := applications.ParseFilter(r.URL.Query())
	var qs []questions.Question
	if f.RoleID != 0 {
		var err error
		if qs, err = s.Questions.ForRole(ctx, f.RoleID); err != nil {
			return err
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="applications.csv"`)
	h.Set("X-Content-Type-Options", "nosniff")
	cw := csv.NewWriter(w)
	header := []string{"id", "role", "name", "email", "phone", "university", "degree", "graduation",
		"stage", "applied_at", "source", "linkedin", "github", "portfolio"}
	for i, q := range qs {
		header = append(header, questions.Column(i, q.Label))
	}
	header = append(header, "other_answers")
	wroteHeader := false
	var chunk []applications.Row
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		ids := make([]int64, len(chunk))
		for i, a := range chunk {
			ids[i] = a.ID
		}
		answers, err := s.Questions.ByApplication(ctx, ids)
		if err != nil {
			return err
		}
		if !wroteHeader {
			wroteHeader = true
			if err := cw.Write(csvRow(header)); err != nil {
				return err
			}
		}
		for _, a := range chunk {
			rec := []string{strconv.FormatInt(a.ID, 10), a.RoleTitle, a.FullName, a.Email, a.Phone, a.University,
				a.Degree, a.Graduation.Format("2006-01"), string(a.Stage), a.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
				a.Source, a.LinkedIn, a.GitHub, a.Portfolio}
			rec = append(rec, answerCells(qs, answers[a.ID])...)
			if err := cw.Write(csvRow(rec)); err != nil {
				return err
			}
		}
		chunk = chunk[:0]
		return nil
	}
	err := s.Applications.Export(ctx, accountFrom(ctx).Actor(), f, func(a applications.Row) error {
		chunk = append(chunk, a)
		if len(chunk) < exportChunk {
			return nil
		}
		return flush()
	})
	if err == nil {
		err = flush()
	}
	if err != nil && !wroteHeader {
		// Nothing sent yet: the usual error page is still possible.
		h.Del("Content-Disposition")
		return err
	}
	if !wroteHeader {
		_ = cw.Write(csvRow(header))
	}
	cw.Flush()
	if err != nil {
		s.Logger.ErrorContext(ctx, "export failed midway", "request_id", requestIDFrom(ctx), "err", err)
	}
	return nil
}

// answerCells are an application's answers as cells: one per question
// of qs, then the others as "question: answer" lines.
func answerCells(qs []questions.Question, answers []questions.Answer) []string {
	cells := make([]string, len(qs)+1)
	var other []string
	for _, a := range answers {
		i := slices.IndexFunc(qs, func(q questions.Question) bool { return a.QuestionID != nil && *a.QuestionID == q.ID })
		if i >= 0 {
			cells[i] = a.Display()
			continue
		}
		other = append(other, a.Label+": "+a.Display())
	}
	cells[len(qs)] = strings.Join(other, "\n")
	return cells
}

// csvRow neutralises every cell of rec (csvCell).
func csvRow(rec []string) []string {
	for i := range rec {
		rec[i] = csvCell(rec[i])
	}
	return rec
}
