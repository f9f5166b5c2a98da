package web

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"example.com/careers/internal/reports"
	"example.com/careers/internal/roles"
)

// ReportView is the view model of /admin/reports.
type ReportView struct {
	Chrome  Chrome
	Report  reports.Report
	Seasons []string
	Roles   []roles.Choice
	Loc     *time.Location
	// Now is the page's time, which the figures' age is counted from.
	Now   time.Time
	Flash string
}

// Age says how old the figures are, in words.
func (v ReportView) Age() string {
	age := v.Now.Sub(v.Report.RefreshedAt)
	switch {
	case age < time.Minute:
		return "less than a minute ago"
	case age < 2*time.Minute:
		return "1 minute ago"
	case age < time.Hour:
		return strconv.Itoa(int(age.Minutes())) + " minutes ago"
	case age < 2*time.Hour:
		return "1 hour ago"
	}
	return strconv.Itoa(int(age.Hours())) + " hours ago"
}

// Took says how long the figures took to compute.
func (v ReportView) Took() string {
	return strconv.FormatFloat(v.Report.Took.Seconds(), 'f', 1, 64) + " s"
}

// Every says how often the figures are recomputed.
func (v ReportView) Every() string {
	return strconv.Itoa(int(reports.RefreshInterval.Minutes())) + " minutes"
}

// CSVURL downloads one of the page's tables.
func (v ReportView) CSVURL(table string) string {
	q := url.Values{"season": {v.Report.Scope.Season}, "table": {table}}
	if v.Report.Scope.RoleID != 0 {
		q.Set("role", strconv.FormatInt(v.Report.Scope.RoleID, 10))
	}
	return "/admin/reports.csv?" + q.Encode()
}

// Bar is one bar of a chart, placed.
type Bar struct {
	Label string
	Value int
	// Shown is the value as the chart writes it.
	Shown string
	Y     int
	Width int
}

// BarChart is a horizontal bar chart drawn as SVG on the server: a title
// and a description for screen readers, and the same numbers in a table
// beside it.
type BarChart struct {
	ID, Title, Desc string
	Bars            []Bar
	Height          int
}

// Chart geometry, in SVG user units.
const (
	chartWidth   = 640
	chartLabelW  = 200
	chartBarH    = 22
	chartGap     = 8
	chartValueW  = 60
	chartBarArea = chartWidth - chartLabelW - chartValueW
)

// ViewBox is the chart's viewBox.
func (c BarChart) ViewBox() string {
	return "0 0 " + strconv.Itoa(chartWidth) + " " + strconv.Itoa(c.Height)
}

// NewBarChart lays out labels and values as bars scaled to the largest.
func NewBarChart(id, title, desc string, labels []string, values []int) BarChart {
	c := BarChart{ID: id, Title: title, Desc: desc}
	peak := 1
	for _, v := range values {
		peak = max(peak, v)
	}
	for i, l := range labels {
		c.Bars = append(c.Bars, Bar{Label: l, Value: values[i], Shown: strconv.Itoa(values[i]),
			Y: i * (chartBarH + chartGap), Width: values[i] * chartBarArea / peak})
	}
	c.Height = max(1, len(labels)*(chartBarH+chartGap))
	return c
}

// FunnelChart draws the funnel.
func (v ReportView) FunnelChart() BarChart {
	var labels []string
	var values []int
	for _, s := range v.Report.Funnel {
		labels, values = append(labels, s.Stage.Label()), append(values, s.Reached)
	}
	return NewBarChart("chart-funnel", "Applications reaching each stage",
		"A bar per stage, from Applied to Hired: how many applications of this scope ever reached it.", labels, values)
}

// DaysChart draws applications per day.
func (v ReportView) DaysChart() BarChart {
	var labels []string
	var values []int
	for _, d := range v.Report.Days {
		labels, values = append(labels, d.Date.Format("Mon Jan 2, 2006")), append(values, d.Count)
	}
	return NewBarChart("chart-days", "Applications per day", "A bar per day with applications, in "+v.Loc.String()+" time.", labels, values)
}

// RepliesChart draws replies on time and late.
func (v ReportView) RepliesChart() BarChart {
	return NewBarChart("chart-replies", "Replies on time and late",
		"Two bars: stage moves made by their reply-by date, and after it.", []string{"On time", "Late"}, []int{v.Report.OnTime, v.Report.Late})
}

// rate writes a pass-through rate.
func rate(r float64) string {
	if r < 0 {
		return "none finished yet"
	}
	return fmt.Sprintf("%.0f%%", r*100)
}

// span writes a duration as days and hours.
func span(d time.Duration) string {
	days, hours := int(d.Hours())/24, int(d.Hours())%24
	switch {
	case days == 0:
		return strconv.Itoa(hours) + " h"
	case hours == 0:
		return strconv.Itoa(days) + " d"
	}
	return strconv.Itoa(days) + " d " + strconv.Itoa(hours) + " h"
}

// count writes a cell, withheld when small.
func reportCell(c reports.Cell) string {
	if c.Withheld {
		return "fewer than 5"
	}
	return strconv.Itoa(c.N)
}
