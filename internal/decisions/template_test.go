package decisions

import (
	"strings"
	"testing"
	"time"
)

func TestMergeLeavesNoHoles(t *testing.T) {
	tm := Template{Subject: "Your application for {role}", Body: "Dear {name},\n\nThank you.\n{note}{feedback}\nBest wishes."}
	subject, body := tm.Merge(Fields{Name: "Siobhán O'Brien-Ngũgĩ", Role: "Data <Intern>", Team: "Data"})
	if subject != "Your application for Data <Intern>" || body != "Dear Siobhán O'Brien-Ngũgĩ,\n\nThank you.\n\nBest wishes." {
		t.Fatalf("without note or feedback: %q / %q", subject, body)
	}
	_, body = tm.Merge(Fields{Name: "山田 花子", Note: "It was close.", Feedback: "Explain trade-offs."})
	if got := Paragraphs(body); len(got) != 5 || got[2] != "It was close." || got[3] != "What the interviewers noted: Explain trade-offs." {
		t.Fatalf("paragraphs %q", got)
	}
	if strings.Contains(body, "{") {
		t.Fatalf("a placeholder is left: %q", body)
	}
}

func TestSendAtIsTheStudentsMorning(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	cases := []struct {
		now, want string
	}{
		{"2026-12-02T13:00:00Z", "2026-12-02T15:00:00Z"}, // 08:00 there: today at 10
		{"2026-12-02T15:00:00Z", "2026-12-03T15:00:00Z"}, // 10:00 sharp: tomorrow
		{"2026-12-02T07:00:00Z", "2026-12-02T15:00:00Z"}, // 02:00 there: this morning, not now
		// Clocks go forward on 14 March 2027: 10:00 EDT is 14:00 UTC.
		{"2027-03-13T20:00:00Z", "2027-03-14T14:00:00Z"},
	}
	for _, c := range cases {
		now, _ := time.Parse(time.RFC3339, c.now)
		if got := SendAt(now, ny, 10).Format(time.RFC3339); got != c.want {
			t.Errorf("SendAt(%s) = %s, want %s", c.now, got, c.want)
		}
	}
}
