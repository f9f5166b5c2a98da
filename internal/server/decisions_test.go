package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/applications"
)

// TestBulkRejectionScheduledAndPreviewed: 200 applications closed with
// one message, scheduled for 10:00 in each student's own zone (New York,
// Kolkata, or the site's Los Angeles for those who chose none): the
// preview shows every merged message, feedback only for those who
// reached an interview; sending queues 200 messages, each held until its
// instant and answerable; sending again (a second tab) sends nothing.
func TestBulkRejectionScheduledAndPreviewed(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 17, 0, 0, 0, time.UTC) // 09:00 in Los Angeles
	a := newApp(t, withNow(now))
	slug := addRole(t, a.pool, "bulk-decision-intern", "Bulk Decision Intern", "open", nil)
	var roleID int64
	if err := a.pool.QueryRow(ctx, `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID); err != nil {
		t.Fatal(err)
	}
	names := []string{"Zoë O'Connor", "山田 花子", "Olúwadámilọ́lá Adébáyọ̀", "Łukasz Żółć"}
	zones := []string{"America/New_York", "Asia/Kolkata", ""}
	want := map[string]time.Time{
		"America/New_York": time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC), // 12:00 there now: tomorrow 10:00 EST
		"Asia/Kolkata":     time.Date(2026, 12, 3, 4, 30, 0, 0, time.UTC), // 22:30 there now: tomorrow 10:00 IST
		"":                 time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC), // 09:00 in Los Angeles: today 10:00 PST
	}
	store := applications.NewStore(a.pool)
	var sel []string
	zoneOf, interviewed := map[int64]string{}, map[int64]bool{}
	for i := range 200 {
		in := applications.Input{FullName: names[i%len(names)] + " " + strconv.Itoa(i), Email: fmt.Sprintf("bulk-%d@example.com", i),
			University: "Universidad de Chile", Degree: "bachelors", GradMonth: "5", GradYear: "2028", Why: "¿Por qué no?", Consent: true,
			SubmissionKey: fmt.Sprintf("bulk-decision-key-%04d", i)}
		in.Normalize()
		if _, err := store.Submit(ctx, roleID, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4 x")}, now, nil); err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := a.pool.QueryRow(ctx, `UPDATE applications SET time_zone = NULLIF($2, '') WHERE email = $1 RETURNING id`, in.Email, zones[i%3]).Scan(&id); err != nil {
			t.Fatal(err)
		}
		zoneOf[id] = zones[i%3]
		stage := "applied"
		if i%10 == 0 { // some reached an interview
			stage, interviewed[id] = "interview_1", true
			if _, err := a.pool.Exec(ctx, `UPDATE applications SET stage = 'interview_1' WHERE id = $1;`, id); err != nil {
				t.Fatal(err)
			}
			if _, err := a.pool.Exec(ctx, `INSERT INTO application_events (application_id, kind, from_stage, to_stage, actor) VALUES ($1, 'stage', 'applied', 'interview_1', 'test')`, id); err != nil {
				t.Fatal(err)
			}
		}
		sel = append(sel, idStr(id)+":"+stage)
	}
	a.addAccount("bulk-decisions@example.com", "Ngozi Okonkwo-Brennan", "decisions password 1", false)
	rec := a.browser()
	rec.signIn("bulk-decisions@example.com", "decisions password 1")

	form := url.Values{"sel": sel, "step": {"compose"}, "back": {"/admin/applications?role=" + idStr(roleID)}}
	res, body := rec.post("/admin/decisions/reject", form)
	if res.StatusCode != 200 || !strings.Contains(body, `name="schedule" value="yes" checked`) || strings.Count(body, `name="id"`) != 200 {
		t.Fatalf("compose: %d", res.StatusCode)
	}
	send := url.Values{"id": {}, "template": {"0"}, "note": {"Thank you for coming to our campus evening."},
		"feedback": {"Your system design answer was clear; practise estimating sizes."}, "schedule": {"yes"}, "override": {"Closing the round."},
		"back": {"/admin/applications?role=" + idStr(roleID)}}
	for id := range zoneOf {
		send["id"] = append(send["id"], idStr(id))
	}
	send.Set("step", "preview")
	res, body = rec.post("/admin/decisions/reject", send)
	if res.StatusCode != 200 || strings.Count(body, `<li class="letter">`) != 200 {
		t.Fatalf("preview: %d, %d letters", res.StatusCode, strings.Count(body, `<li class="letter">`))
	}
	if !strings.Contains(body, "Dear 山田 花子 1,") || !strings.Contains(body, "Thank you for coming to our campus evening.") ||
		!strings.Contains(body, "10:00 AM IST (Asia/Kolkata)") || !strings.Contains(body, "answers go to Recruiting team &lt;recruiting@careers.test&gt;") {
		t.Fatal("the preview does not show the merged messages with their instants")
	}
	if n := strings.Count(body, "What the interviewers noted: Your system design answer"); n != len(interviewed) {
		t.Fatalf("feedback in %d previews, want the %d who reached an interview", n, len(interviewed))
	}
	if n := a.count(`SELECT count(*) FROM outgoing_mail WHERE kind = 'decision'`); n != 0 {
		t.Fatalf("the preview queued %d messages", n)
	}

	send.Set("step", "send")
	if res, body := rec.post("/admin/decisions/reject", send); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d\n%.500s", res.StatusCode, body)
	}
	rows, err := a.pool.Query(ctx, `
		SELECT m.application_id, m.send_at, m.reply_to, j.scheduled_at, m.text_body
		FROM outgoing_mail m JOIN river_job j ON j.kind = 'send_mail' AND (j.args->>'mail_id')::bigint = m.id
		WHERE m.kind = 'decision'`)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for rows.Next() {
		var id int64
		var sendAt, scheduled time.Time
		var replyTo, text string
		if err := rows.Scan(&id, &sendAt, &replyTo, &scheduled, &text); err != nil {
			t.Fatal(err)
		}
		if seen[id] {
			t.Fatalf("application %d mailed twice", id)
		}
		seen[id] = true
		if w := want[zoneOf[id]]; !sendAt.Equal(w) || !scheduled.Equal(w) {
			t.Fatalf("application %d (%q): send_at %v, job at %v, want %v", id, zoneOf[id], sendAt, scheduled, w)
		}
		if replyTo != "Recruiting team <recruiting@careers.test>" || !strings.Contains(text, "http://careers.test/applications/") {
			t.Fatalf("application %d: reply-to %q, or no status link", id, replyTo)
		}
		if strings.Contains(text, "What the interviewers noted") != interviewed[id] {
			t.Fatalf("application %d: feedback sent %t, reached an interview %t", id, !interviewed[id], interviewed[id])
		}
	}
	rows.Close()
	if len(seen) != 200 || a.count(`SELECT count(*) FROM applications WHERE role_id = $1 AND stage = 'rejected'`, roleID) != 200 {
		t.Fatalf("%d messages, want 200, one per closed application", len(seen))
	}
	// The second tab sends the same form: refused, nothing more queued.
	if res, body := rec.post("/admin/decisions/reject", send); res.StatusCode != http.StatusConflict || !strings.Contains(body, "Nothing was sent") {
		t.Fatalf("second send: %d", res.StatusCode)
	}
	if n := a.count(`SELECT count(*) FROM outgoing_mail WHERE kind = 'decision'`); n != 200 {
		t.Fatalf("%d decision messages after a second send", n)
	}
}
