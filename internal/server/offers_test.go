package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestOfferJourney: an offer is made with its own form (never a bare
// move), its window enforced; the student reads it on their own page
// only, asks once for more time, is given it, and accepts after a
// confirmation: hired, with the history and the recruiter told. Another
// declines (withdrawn); a third lapses (expired, recruiter told).
func TestOfferJourney(t *testing.T) {
	ctx := context.Background()
	a := newApp(t)
	slug := addRole(t, a.pool, "offer-intern", "Offer Intern", "open", nil)
	statuses := map[string]string{}
	ids := map[string]int64{}
	for _, p := range []struct{ key, email, name string }{{"yes", "offer.yes@example.com", "Zoë Ñúñez-O'Brien"}, {"no", "offer.no@example.com", "山田 花子"}, {"late", "offer.late@example.com", "Łukasz Żółć"}} {
		res, _ := a.apply(slug, validForm(p.email).set("full_name", p.name))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("apply: %d", res.StatusCode)
		}
		statuses[p.key] = strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1")
		var id int64
		if err := a.pool.QueryRow(ctx, `UPDATE applications SET stage = 'interview_1' WHERE email = $1 RETURNING id`, p.email).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[p.key] = id
	}
	rec := a.browser()
	a.addAccount("offer-rec@example.com", "Aoife Ní Bhriain", "offer password 1234", false)
	rec.signIn("offer-rec@example.com", "offer password 1234")
	app := func(k string) string { return "/admin/applications/" + idStr(ids[k]) }
	la, _ := time.LoadLocation("America/Los_Angeles")
	local := func(d time.Duration) string { return time.Now().Add(d).In(la).Format("2006-01-02T15:04") }

	if res, body := rec.post(app("yes")+"/stage", url.Values{"from": {"interview_1"}, "to": {"offer"}}); res.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "Make an offer") {
		t.Fatalf("a bare move to offer: %d", res.StatusCode)
	}
	if res, body := rec.post(app("yes")+"/offer", url.Values{"expires": {local(7 * 24 * time.Hour)}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "at least 14 days") {
		t.Fatalf("a 7-day window without a reason: %d", res.StatusCode)
	}
	if res, _ := rec.post(app("yes")+"/offer", url.Values{"expires": {local(7 * 24 * time.Hour)}, "reason": {"The team starts early; agreed with the student."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("make the offer: %d", res.StatusCode)
	}
	if n := a.count(`SELECT count(*) FROM offers WHERE application_id = $1 AND short_window_reason LIKE 'The team starts early%'`, ids["yes"]); n != 1 {
		t.Fatal("the short window's reason is not recorded")
	}
	if n := a.count(`SELECT count(*) FROM outgoing_mail WHERE application_id = $1 AND kind = 'offer_made'`, ids["yes"]); n != 1 {
		t.Fatal("the student was not mailed the offer")
	}

	_, page := a.get(statuses["yes"])
	if !strings.Contains(page, `<h2 id="offer-heading">Your offer</h2>`) || !strings.Contains(page, "the internship Offer Intern") ||
		!strings.Contains(page, "Accept the offer…") {
		t.Fatal("the status page does not show the offer")
	}
	if res, _ := a.get(statuses["no"] + "/offer"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("another student's page shows an offer: %d", res.StatusCode)
	}
	if res, body := a.get(statuses["yes"] + "/offer"); res.StatusCode != 200 || !strings.Contains(body, "Offer Intern") {
		t.Fatalf("print page: %d", res.StatusCode)
	}

	// Once more time, given by the recruiter.
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, _ := a.do(req)
		return res
	}
	if res := post(statuses["yes"]+"/offer/extension", url.Values{"reason": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("blank request: %d", res.StatusCode)
	}
	if res := post(statuses["yes"]+"/offer/extension", url.Values{"reason": {"Waiting for another answer until the 20th."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask for more time: %d", res.StatusCode)
	}
	if res := post(statuses["yes"]+"/offer/extension", url.Values{"reason": {"Again."}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("asking twice: %d", res.StatusCode)
	}
	if res, _ := rec.post(app("yes")+"/offer/extension", url.Values{"decision": {"grant"}, "until": {local(21 * 24 * time.Hour)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("grant: %d", res.StatusCode)
	}
	if n := a.count(`SELECT count(*) FROM offers WHERE application_id = $1 AND expires_at > now() + interval '20 days' AND extension_decision = 'granted'`, ids["yes"]); n != 1 {
		t.Fatal("the extension did not move the end")
	}

	// Accept, after a confirmation.
	if res, body := a.get(statuses["yes"] + "/offer/accept"); res.StatusCode != 200 || !strings.Contains(body, "Yes, accept the offer") {
		t.Fatalf("confirmation: %d", res.StatusCode)
	}
	if res := post(statuses["yes"]+"/offer/accept", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	if n := a.count(`SELECT count(*) FROM applications a JOIN offers o ON o.application_id = a.id
		WHERE a.id = $1 AND a.stage = 'hired' AND o.state = 'accepted'`, ids["yes"]); n != 1 {
		t.Fatal("accepting did not hire")
	}
	if n := a.count(`SELECT count(*) FROM application_events WHERE application_id = $1 AND from_stage = 'offer' AND to_stage = 'hired' AND actor = 'applicant'`, ids["yes"]); n != 1 {
		t.Fatal("the history lacks the acceptance")
	}
	if n := a.count(`SELECT count(*) FROM outgoing_mail WHERE kind = 'offer_accepted' AND recipient = 'offer-rec@example.com'`); n != 1 {
		t.Fatal("the recruiter was not told")
	}
	if res := post(statuses["yes"]+"/offer/decline", url.Values{}); res.StatusCode != http.StatusConflict {
		t.Fatalf("declining an accepted offer: %d", res.StatusCode)
	}

	// Decline; and an offer nobody answered.
	for _, k := range []string{"no", "late"} {
		if res, _ := rec.post(app(k)+"/offer", url.Values{"expires": {local(15 * 24 * time.Hour)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("offer %s: %d", k, res.StatusCode)
		}
	}
	if res := post(statuses["no"]+"/offer/decline", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("decline: %d", res.StatusCode)
	}
	if n := a.count(`SELECT count(*) FROM applications WHERE id = $1 AND stage = 'withdrawn'`, ids["no"]); n != 1 {
		t.Fatal("declining did not withdraw")
	}
	var expires time.Time
	if err := a.pool.QueryRow(ctx, `SELECT expires_at FROM offers WHERE application_id = $1`, ids["late"]).Scan(&expires); err != nil {
		t.Fatal(err)
	}
	if err := a.server.Offers.Expire(ctx, ids["late"], expires.Unix(), expires.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := a.count(`SELECT count(*) FROM offers WHERE application_id = $1 AND state = 'open'`, ids["late"]); n != 1 {
		t.Fatal("an offer expired before its end")
	}
	if err := a.server.Offers.Expire(ctx, ids["late"], expires.Unix(), expires.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if n := a.count(`SELECT count(*) FROM offers WHERE application_id = $1 AND state = 'expired'`, ids["late"]); n != 1 {
		t.Fatal("the lapsed offer is not marked")
	}
	if n := a.count(`SELECT count(*) FROM outgoing_mail WHERE kind = 'offer_expired' AND recipient = 'offer-rec@example.com'`); n != 1 {
		t.Fatal("the recruiter was not told of the lapse")
	}
	if _, body := a.get(statuses["late"]); !strings.Contains(body, "has expired") {
		t.Fatal("the student's page does not say the offer expired")
	}
}
