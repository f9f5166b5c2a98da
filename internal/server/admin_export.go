package server

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"example.com/careers/internal/applications"
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

// adminExport streams the applications of the current filter as CSV.
func (s *server) adminExport(w http.ResponseWriter, r *http.Request) error {
	f := applications.ParseFilter(r.URL.Query())
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="applications.csv"`)
	h.Set("X-Content-Type-Options", "nosniff")
	cw := csv.NewWriter(w)
	header := []string{"id", "role", "name", "email", "phone", "university", "degree", "graduation",
		"stage", "applied_at", "linkedin", "github", "portfolio"}
	wroteHeader := false
	err := s.Applications.Export(r.Context(), accountFrom(r.Context()).Actor(), f, func(a applications.Row) error {
		if !wroteHeader {
			wroteHeader = true
			if err := cw.Write(header); err != nil {
				return err
			}
		}
		rec := []string{strconv.FormatInt(a.ID, 10), a.RoleTitle, a.FullName, a.Email, a.Phone, a.University,
			a.Degree, a.Graduation.Format("2006-01"), string(a.Stage), a.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
			a.LinkedIn, a.GitHub, a.Portfolio}
		for i := range rec {
			rec[i] = csvCell(rec[i])
		}
		return cw.Write(rec)
	})
	if err != nil && !wroteHeader {
		// Nothing sent yet: the usual error page is still possible.
		h.Del("Content-Disposition")
		return err
	}
	if !wroteHeader {
		_ = cw.Write(header)
	}
	cw.Flush()
	if err != nil {
		s.Logger.ErrorContext(r.Context(), "export failed midway", "request_id", requestIDFrom(r.Context()), "err", err)
	}
	return nil
}
