package main

import (
	"fmt"
	"io"
)

type row struct {
	what    string
	app     load
	ref     load
	refName string
	target  string
	met     bool
}

type table struct {
	rows  []row
	notes []string
}

func (t *table) add(r row) { t.rows = append(t.rows, r) }
func (t *table) note(format string, args ...any) {
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
}

func ms(us int64) string { return fmt.Sprintf("%.2f", float64(us)/1000) }

// print writes the results as Markdown, ready for the README.
func (t *table) print(w io.Writer) {
	fmt.Fprintln(w, "| Measure | Req/s | p50 ms | p95 ms | p99 ms | Errors | Reference req/s | Ratio | Target | Met |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
	for _, r := range t.rows {
		ref, ratio := "", ""
		if r.refName != "" {
			ref = fmt.Sprintf("%.0f (%s)", r.ref.perSecond(), r.refName)
			ratio = fmt.Sprintf("%.2f", r.app.perSecond()/r.ref.perSecond())
		}
		met := "yes"
		if !r.met {
			met = "**no**"
		}
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s | %d | %s | %s | %s | %s |\n",
			r.what, r.app.perSecond(), ms(r.app.P50), ms(r.app.P95), ms(r.app.P99), r.app.errors(), ref, ratio, r.target, met)
	}
	fmt.Fprintln(w)
	for _, n := range t.notes {
		fmt.Fprintln(w, "- "+n)
	}
}
