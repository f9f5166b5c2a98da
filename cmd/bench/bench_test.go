package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestMedianTakesEachFigureAndSumsErrors(t *testing.T) {
	runs := []load{
		{Requests: 1000, DurationUS: 1e6, P50: 3, P95: 30, P99: 90, BadStatus: 1},
		{Requests: 3000, DurationUS: 1e6, P50: 1, P95: 10, P99: 50},
		{Requests: 2000, DurationUS: 2e6, P50: 2, P95: 20, P99: 70, SocketErrors: 2},
	}
	b := &bench{o: options{runs: len(runs)}}
	i := 0
	got, err := b.median(context.Background(), func(context.Context) (load, error) { i++; return runs[i-1], nil })
	if err != nil {
		t.Fatal(err)
	}
	// Rates 1000, 3000 and 1000 per second: the median is 1000.
	if got.perSecond() != 1000 || got.P50 != 2 || got.P95 != 20 || got.P99 != 70 || got.errors() != 3 {
		t.Fatalf("median %+v (%.0f/s)", got, got.perSecond())
	}
}

func TestTableMarksMissedTargets(t *testing.T) {
	var tb table
	tb.add(row{what: "page", app: load{Requests: 400, DurationUS: 1e6, P99: 9000}, ref: load{Requests: 1000, DurationUS: 1e6},
		refName: "nginx", target: "≥ 0.40", met: true})
	tb.add(row{what: "list", app: load{Requests: 10, DurationUS: 1e6, P95: 60000}, target: "p95 < 50 ms"})
	tb.note("peak %d MB", 100)
	var out bytes.Buffer
	tb.print(&out)
	for _, want := range []string{"| page | 400 |", "| 1000 (nginx) | 0.40 | ≥ 0.40 | yes |", "| list | 10 | 0.00 | 60.00 |", "| **no** |", "- peak 100 MB"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPgbenchFiguresAreRead(t *testing.T) {
	out := []byte("number of failed transactions: 0 (0.000%)\nlatency average = 52.345 ms\ntps = 152.87 (without initial connection time)\n")
	if m := tpsLine.FindSubmatch(out); m == nil || string(m[1]) != "152.87" {
		t.Fatalf("tps not found: %q", m)
	}
	if m := latencyLine.FindSubmatch(out); m == nil || string(m[1]) != "52.345" {
		t.Fatalf("latency not found: %q", m)
	}
}

// The growth line names each size and derives the order from the ends:
// twenty times the data at twice the p95 is about size^0.23.
func TestGrowthStatesItsOrder(t *testing.T) {
	got := describeGrowth([]point{{500, 4_000}, {2_002, 5_000}, {10_010, 8_000}}, "open roles")
	for _, want := range []string{"500 open roles 4.00 ms", "2,002 open roles 5.00 ms", "10,010 open roles 8.00 ms", "size^0.23 (slower than the data)", "2.0× the p95 for 20× the data"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	if got := describeGrowth([]point{{100_000, 10_000}, {1_000_000, 100_000}}, "applications"); !strings.Contains(got, "size^1.00 (linear in the data)") {
		t.Errorf("linear: %q", got)
	}
	if thousands(1_000_000) != "1,000,000" || thousands(999) != "999" || thousands(1000) != "1,000" {
		t.Errorf("thousands: %s %s %s", thousands(1_000_000), thousands(999), thousands(1000))
	}
}
