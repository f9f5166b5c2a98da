package server

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"example.com/careers/internal/reports"
	"example.com/careers/web"
)

// reportRoleChoices bounds the report's role choices.
const reportRoleChoices = 200

// reportScope reads the report's season and role from the request. A
// season no role belongs to falls back to the site's, so a made-up name
// computes (and stores) nothing.
func (s *server) reportScope(r *http.Request, seasons []string) reports.Scope {
	sc := reports.Scope{Season: r.FormValue("season")}
	if !slices.Contains(seasons, sc.Season) {
		sc.Season = s.Site.Settings.Season.Name
	}
	if id, err := strconv.ParseInt(r.FormValue("role"), 10, 64); err == nil && id > 0 {
		sc.RoleID = id
	}
	return sc
}

// adminReports shows the recruiting reports.
func (s *server) adminReports(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	seasons, err := s.Reports.Seasons(ctx)
	if err != nil {
		return err
	}
	now := s.Now()
	rep, err := s.Reports.Report(ctx, s.reportScope(r, seasons), now)
	if err != nil {
		return err
	}
	choices, _, err := s.Roles.Choices(ctx, reportRoleChoices, rep.Scope.RoleID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.ReportsPage(web.ReportView{
		Chrome: s.adminChrome(r, "Reports: "+rep.Scope.Season), Report: rep, Seasons: seasons, Roles: choices, Loc: s.Site.Settings.Location(),
		Now: now, Flash: s.popFlash(r),
	}))
}

// adminReportsRefresh recomputes a season's figures when a recruiter
// asks, rather than at the next periodic run, and returns to the report.
func (s *server) adminReportsRefresh(w http.ResponseWriter, r *http.Request) error {
	seasons, err := s.Reports.Seasons(r.Context())
	if err != nil {
		return err
	}
	sc := s.reportScope(r, seasons)
	started := time.Now()
	if err := s.Reports.Refresh(r.Context(), sc.Season, s.Now()); err != nil {
		return err
	}
	s.flash(r, "Recomputed the figures of "+sc.Season+" in "+strconv.FormatFloat(time.Since(started).Seconds(), 'f', 1, 64)+" s.")
	q := url.Values{"season": {sc.Season}}
	if sc.RoleID != 0 {
		q.Set("role", strconv.FormatInt(sc.RoleID, 10))
	}
	return seeOther(w, r, "/admin/reports?"+q.Encode())
}

// adminReportCSV downloads one table of the report, formula-safe.
func (s *server) adminReportCSV(w http.ResponseWriter, r *http.Request) error {
	seasons, err := s.Reports.Seasons(r.Context())
	if err != nil {
		return err
	}
	rep, err := s.Reports.Report(r.Context(), s.reportScope(r, seasons), s.Now())
	if err != nil {
		return err
	}
	table := r.URL.Query().Get("table")
	rows, ok := reportTable(rep, table)
	if !ok {
		return errNotFound
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="report-`+table+`.csv"`)
	cw := csv.NewWriter(w)
	for _, row := range rows {
		if err := cw.Write(csvRow(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// reportTable is one table of rep as CSV rows, header first.
func reportTable(rep reports.Report, table string) ([][]string, bool) {
	itoa := strconv.Itoa
	cell := func(c reports.Cell) string {
		if c.Withheld {
			return "<5"
		}
		return itoa(c.N)
	}
	switch table {
	case "funnel":
		rows := [][]string{{"stage", "reached", "finished", "moved_on", "pass_through"}}
		for _, s := range rep.Funnel {
			rate := ""
			if s.Rate >= 0 {
				rate = strconv.FormatFloat(s.Rate, 'f', 4, 64)
			}
			rows = append(rows, []string{string(s.Stage), itoa(s.Reached), itoa(s.Finished), itoa(s.Advanced), rate})
		}
		return rows, true
	case "time":
		rows := [][]string{{"stage", "left_stage", "median_hours", "p90_hours"}}
		for _, d := range rep.Durations {
			rows = append(rows, []string{string(d.Stage), itoa(d.Count), strconv.FormatFloat(d.Median.Hours(), 'f', 2, 64),
				strconv.FormatFloat(d.P90.Hours(), 'f', 2, 64)})
		}
		return rows, true
	case "days":
		rows := [][]string{{"day", "applications"}}
		for _, d := range rep.Days {
			rows = append(rows, []string{d.Date.Format("2006-01-02"), itoa(d.Count)})
		}
		return rows, true
	case "replies":
		return [][]string{{"on_time", "late"}, {itoa(rep.OnTime), itoa(rep.Late)}}, true
	case "university", "degree", "source":
		groups := map[string][]reports.Group{"university": rep.University, "degree": rep.Degree, "source": rep.Source}[table]
		rows := [][]string{{table, "applications", "interviews", "offers"}}
		for _, g := range groups {
			rows = append(rows, []string{g.Label, cell(g.Applications), cell(g.Interviews), cell(g.Offers)})
		}
		return rows, true
	}
	return nil, false
}
