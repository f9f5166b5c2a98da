package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestReplyByOnEveryPage: a student sees by when they will hear as a
// date with its zone, and an apology once that date has passed; the
// recruiters' dashboard lists the late application, earliest first.
func TestReplyByOnEveryPage(t *testing.T) {
	ctx := context.Background()
	a := newApp(t)
	slug := addRole(t, a.pool, "reply-by-intern", "Reply-by Intern", "open", nil)
	res, _ := a.apply(slug, validForm("reply.by@example.com").set("full_name", "Siobhán Ní Bhriain-Østergård"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	status := res.Header.Get("Location")
	var id int64
	var due time.Time
	if err := a.pool.QueryRow(ctx, `SELECT id, reply_by FROM applications WHERE email = 'reply.by@example.com'`).Scan(&id, &due); err != nil {
		t.Fatal(err)
	}
	la, _ := time.LoadLocation("America/Los_Angeles")
	day := due.In(la).Add(-time.Minute).Format("Monday, January 2, 2006")
	_, body := a.get(status)
	if !strings.Contains(body, "You will hear from us by <strong>"+day+"</strong> (the end of that day, America/Los_Angeles time)") ||
		!strings.Contains(body, "within 10 working days") {
		t.Fatalf("the status page does not promise %s", day)
	}

	// Past the date: the student reads an apology, recruiters the list.
	if _, err := a.pool.Exec(ctx, `UPDATE applications SET reply_by = now() - interval '1 day' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, body := a.get(status); !strings.Contains(body, "and we are late. We are sorry") {
		t.Fatal("a late reply is not owned up to")
	}
	a.addAccount("reply-rec@example.com", "Ngozi Okonkwo-Brennan", "reply password 1234", false)
	rec := a.browser()
	rec.signIn("reply-rec@example.com", "reply password 1234")
	_, dash := rec.get("/admin")
	i := strings.Index(dash, `<h2 id="late">Replies due</h2>`)
	if i < 0 || !strings.Contains(dash[i:], `<a href="/admin/applications/`+idStr(id)+`">Siobhán Ní Bhriain-Østergård</a>`) ||
		!strings.Contains(dash[i:], `<strong class="late">Late:</strong>`) {
		t.Fatal("the dashboard does not list the late reply")
	}

	// The role's own promise: refused when not a number of days, then
	// saved, and the student's date follows at once.
	var roleID int64
	if err := a.pool.QueryRow(ctx, `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID); err != nil {
		t.Fatal(err)
	}
	page := "/admin/roles/" + idStr(roleID) + "/reply-by"
	if res, body := rec.post(page, url.Values{"applied": {"ten"}, "interview": {"99"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `<a href="#applied">Enter a whole number`) || !strings.Contains(body, `<a href="#interview">Enter a whole number`) {
		t.Fatalf("bad levels: %d", res.StatusCode)
	}
	if res, _ := rec.post(page, url.Values{"applied": {"3"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save levels: %d", res.StatusCode)
	}
	if _, body := a.get(status); !strings.Contains(body, "within 3 working days") {
		t.Fatal("the role's own level does not reach the student")
	}

	// Closing and reopening from the role's own page comes back to it.
	res, _ = rec.post("/admin/roles/"+idStr(roleID)+"/close", url.Values{"back": {"edit"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/roles/"+idStr(roleID)+"/edit" {
		t.Fatalf("close from the role's page: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body := rec.get("/admin/roles/" + idStr(roleID) + "/edit"); !strings.Contains(body, "Reopen this role") {
		t.Fatal("the closed role's page offers no reopening")
	}
}
