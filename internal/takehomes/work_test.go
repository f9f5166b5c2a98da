package takehomes_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/takehomes"
)

func TestCheckFileByContent(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("main.go")
	_, _ = w.Write([]byte("package main"))
	_ = zw.Close()
	good := buf.Bytes()
	for _, c := range []struct {
		name        string
		data        []byte
		wantType    string
		wantProblem string
	}{
		{"pdf", []byte("%PDF-1.7 work"), takehomes.TypePDF, ""},
		{"zip", good, takehomes.TypeZIP, ""},
		{"zip cut short", good[:len(good)-10], "", takehomes.WorkBadZIP},
		{"zip signature only", []byte("PK\x03\x04 junk"), "", takehomes.WorkBadZIP},
		{"html named .pdf", []byte("<html><script>alert(1)</script>"), "", takehomes.WorkBadType},
		{"empty", nil, "", takehomes.WorkMissing},
		{"too large", append([]byte("%PDF-"), make([]byte, takehomes.MaxFileBytes)...), "", takehomes.WorkTooLarge},
	} {
		ct, problem := takehomes.CheckFile(c.data)
		if ct != c.wantType || problem != c.wantProblem {
			t.Errorf("%s: %q %q, want %q %q", c.name, ct, problem, c.wantType, c.wantProblem)
		}
	}
}

func TestCheckWorkLinks(t *testing.T) {
	for link, ok := range map[string]bool{
		"https://github.com/you/project":        true,
		" https://gitlab.com/you/project.git ":  true,
		"http://github.com/you/project":         false,
		"javascript:alert(1)":                   false,
		"https://user:pass@github.com/you/repo": false,
		"https://localhost/repo":                false,
		"https://github.com/you/<script>":       false,
	} {
		w := takehomes.Work{Link: link}
		if _, problem := w.Check(); (problem == "") != ok {
			t.Errorf("%q: problem %q, want ok=%v", link, problem, ok)
		}
	}
	// Under 500 as typed, over it once escaped: refused, not a 500.
	long := takehomes.Work{Link: "https://github.com/you/" + strings.Repeat("é", 240)}
	if _, problem := long.Check(); problem != takehomes.WorkLongLink {
		t.Errorf("a link too long once escaped: %q", problem)
	}
	w := takehomes.Work{Link: "https://github.com/x/y", File: takehomes.Upload{Data: []byte("%PDF-1.4")}}
	if _, problem := w.Check(); problem != takehomes.WorkBoth {
		t.Errorf("a file and a link: %q", problem)
	}
}

func TestTakeHomeStateAndHandIn(t *testing.T) {
	due := time.Date(2026, 11, 2, 17, 0, 0, 0, time.UTC)
	th := takehomes.TakeHome{Stage: applications.TakeHome, DueAt: due}
	at := func(d time.Duration) time.Time { return due.Add(d) }
	if !th.CanHandIn(at(0)) || th.State(at(-time.Hour)) != takehomes.StateWaiting {
		t.Error("before the due moment the work can be handed in")
	}
	if !th.CanHandIn(at(takehomes.LateGrace)) || th.CanHandIn(at(takehomes.LateGrace+time.Second)) {
		t.Error("a first hand-in is taken within the grace, not after")
	}
	if th.State(at(takehomes.LateGrace+time.Second)) != takehomes.StateMissing {
		t.Error("no work after the grace is missing")
	}
	th.Submission = &takehomes.Submission{SubmittedAt: at(10 * time.Minute)}
	if th.State(at(time.Hour)) != takehomes.StateLate || th.Late() != 10*time.Minute {
		t.Error("work after the due moment is late, by how much")
	}
	if th.CanHandIn(at(time.Second)) {
		t.Error("work already in cannot be replaced after the due moment")
	}
	th.Stage = applications.Interview1
	if th.CanHandIn(at(-time.Hour)) || th.CanAskExtension() {
		t.Error("after the stage nothing more is taken")
	}
}
