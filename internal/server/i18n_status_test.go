package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/applications"
)

// statusAreas are the catalog files of the student's status page.
var statusAreas = []string{"status", "booking", "offer"}

// statusLeftovers are the English texts of the status catalogs that a
// Spanish page must not show: each message's fixed words (the parts
// between its {{.Fields}}) that its Spanish text does not share.
func statusLeftovers(t *testing.T) []string {
	t.Helper()
	var out []string
	letters := regexp.MustCompile(`\pL`)
	for _, area := range statusAreas {
		en, es := catalogTexts(t, area, "en"), catalogTexts(t, area, "es")
		if len(en) != len(es) {
			t.Errorf("%s: %d English messages, %d Spanish", area, len(en), len(es))
		}
		for id, texts := range en {
			spanish := strings.Join(es[id], "\n")
			if spanish == "" {
				t.Errorf("%s: %s has no Spanish text", area, id)
			}
			for _, text := range texts {
				for _, piece := range templateField.Split(text, -1) {
					piece = strings.TrimSpace(piece)
					if !letters.MatchString(piece) || strings.Contains(spanish, piece) {
						continue
					}
					out = append(out, piece)
				}
			}
		}
	}
	if len(out) < 150 {
		t.Fatalf("only %d English texts to look for: are the catalogs read right?", len(out))
	}
	return out
}

// Every stage a student can be in has its name in every language.
func TestStatusStageNamesTranslated(t *testing.T) {
	a := newApp(t)
	for _, l := range a.server.Site.Catalog.Languages() {
		p := a.server.Site.Catalog.Printer(l.Code)
		for _, st := range []applications.Stage{applications.Applied, applications.TakeHome, applications.Interview1, applications.Interview2,
			applications.Interview3, applications.Offer, applications.Hired, applications.Rejected, applications.Withdrawn} {
			id := "status.stage." + string(st)
			if got := p.T(id); got == id || got == "" {
				t.Errorf("%s: no name for the stage %s", l.Code, st)
			} else if l.Code == "en" && got != st.Label() {
				t.Errorf("en: %s is %q, the stage's label is %q", id, got, st.Label())
			}
		}
		for _, step := range []string{"applied", "take_home", "interviews", "decision"} {
			if id := "status.step." + step; p.T(id) == id {
				t.Errorf("%s: no name for the step %s", l.Code, step)
			}
		}
	}
}

// The status page speaks Spanish under /es/, through a student's whole
// journey: the page after applying, the time zone, the take-home, the
// interview booking across the change to daylight-saving time, an
// adjustment request, the offer with its print and confirm pages, and
// withdrawing. Forms post to Spanish addresses, their answers come back
// to Spanish pages, dates and times are written the Spanish way in the
// student's zone, and no English text of the status catalogs is left.
func TestStatusPageInSpanish(t *testing.T) {
	clock := &testClock{now: time.Date(2027, 3, 1, 18, 0, 0, 0, time.UTC)}
	a := newApp(t, withClock(clock))
	leftovers := statusLeftovers(t)
	es := a.server.Site.Catalog.Printer("es")
	la, _ := time.LoadLocation("America/Los_Angeles")
	const name = "Zoë Ångström-D'Souza 王"

	slug := addRole(t, a.pool, "i18n-status-role", "Núñez-O'Brien Playback Intern 李小龙", "open", nil)
	var roleID int64
	_ = a.pool.QueryRow(t.Context(), `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID)
	applied, _ := a.apply(slug, validForm("zoe.status@example.com").set("full_name", name))
	if applied.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", applied.StatusCode)
	}
	status := es.Path(strings.TrimSuffix(applied.Header.Get("Location"), "?submitted=1"))
	if !strings.HasPrefix(status, "/es/applications/") {
		t.Fatalf("the Spanish status page is %s", status)
	}
	var id int64
	var created time.Time
	_ = a.pool.QueryRow(t.Context(), `SELECT id, created_at FROM applications WHERE email = 'zoe.status@example.com'`).Scan(&id, &created)

	a.addAccount("status-rec@example.com", "Aoife Ní Bhriain", "status recruiter password", false)
	iv := a.addInterviewer("status-iv@example.com", "Ngọc Ánh Trần", "status interviewer password")
	rec := a.browser()
	rec.signIn("status-rec@example.com", "status recruiter password")
	app := "/admin/applications/" + idStr(id)

	t.Run("applied", func(t *testing.T) {
		res, body := a.get(status + "?submitted=1")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		day := es.Date(created.In(la))
		checkSpanish(t, status, body, leftovers, `<html lang="es">`, "<title>"+es.T("status.title"),
			es.T("status.submitted.heading"), es.T("status.stages_heading"), es.T("status.step.applied"), es.T("status.step_here"),
			es.T("status.advice.applied.reviewing"), `href="/es/prepare"`, es.T("status.stage.applied"),
			"Hola, Zoë Ångström-D&#39;Souza 王.", `<span lang="en">Núñez-O&#39;Brien Playback Intern 李小龙</span>`,
			es.T("status.intro_after", "Date", day), `action="/es/applications/`)
		if !strings.Contains(day, " de ") || !regexp.MustCompile(` de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de `).MatchString(day) {
			t.Errorf("the date %q is not written the Spanish way", day)
		}
		if !strings.Contains(body, `<time datetime="`+created.UTC().Format("2006-01-02T15:04:05Z")+`">`+day+`</time>: `+es.T("status.stage.applied")) {
			t.Error("the history is not in Spanish")
		}
		// The English page is as it was.
		_, en := a.get(strings.TrimPrefix(status, "/es"))
		for _, want := range []string{`<html lang="en">`, "Where your application stands", "You are here", "History", "submitted on " + created.In(la).Format("January 2, 2006") + "."} {
			if !strings.Contains(en, want) {
				t.Errorf("the English page lacks %q", want)
			}
		}
	})

	t.Run("take-home", func(t *testing.T) {
		if res, _ := rec.post("/admin/roles/"+idStr(roleID)+"/take-home", url.Values{"body": {"Build a **tiny** player."}, "allowance": {"72"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving the task: %d", res.StatusCode)
		}
		if res, _ := rec.post(app+"/take-home", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sending: %d", res.StatusCode)
		}
		_, body := a.get(status)
		due := es.Moment(clock.Now().Add(72*time.Hour), la)
		checkSpanish(t, "take-home", body, leftovers, es.T("status.take_home.heading"), due, es.T("status.zone.unset", "Zone", "America/Los_Angeles"),
			`action="`+status+`/take-home"`, `action="`+status+`/take-home/extension"`, `<div lang="en"><div class="prose">`,
			es.T("status.stage.take_home"), es.T("status.advice.take_home.next"))
		if !strings.Contains(due, "PST (America/Los_Angeles)") || !strings.Contains(due, "a las") {
			t.Errorf("the due moment %q is not Spanish", due)
		}
		res, body := a.postForm(status+"/time-zone", url.Values{"tz": {"Mars/Olympus_Mons"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a bad zone: %d", res.StatusCode)
		}
		checkSpanish(t, "bad zone", body, leftovers, es.T("status.zone.bad"), "<title>"+es.T("status.error_title", "Title", es.T("status.title")))
		res, _ = a.postForm(status+"/time-zone", url.Values{"tz": {"America/Los_Angeles"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status+"?done=zone#take-home" {
			t.Fatalf("the zone: %d to %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = a.get(status + "?done=zone")
		checkSpanish(t, "zone", body, leftovers, es.T("status.take_home.done_zone", "Zone", "America/Los_Angeles"), es.T("status.zone.set", "Zone", "America/Los_Angeles"))
		res, body = a.upload(nil, status+"/take-home", "work", "", nil, "link", "javascript:alert(1)")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a bad link: %d", res.StatusCode)
		}
		checkSpanish(t, "bad link", body, leftovers, es.T("status.take_home.work_bad_link"))
		if res, body := a.postForm(status+"/take-home/extension", url.Values{"reason": {" "}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no reason: %d", res.StatusCode)
		} else {
			checkSpanish(t, "no reason", body, leftovers, es.T("status.take_home.no_reason"))
		}
		res, _ = a.upload(nil, status+"/take-home", "work", "", nil, "link", "https://github.com/zoe/tiny-player")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status+"?done=work#take-home" {
			t.Fatalf("handing in: %d to %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = a.get(status + "?done=work")
		checkSpanish(t, "handed in", body, leftovers, es.T("status.take_home.done_work"), es.T("status.take_home.have_work"),
			es.T("status.take_home.handed_in", "When", es.Moment(clock.Now(), la)))
	})

	t.Run("booking", func(t *testing.T) {
		// Thursdays and Mondays at 9:00 in Los Angeles, across the change
		// to daylight-saving time on Sunday March 14, 2027.
		form := url.Values{"account": {idStr(iv.ID)}, "stage": {"interview_1"}, "from": {"2027-03-11"}, "to": {"2027-03-15"},
			"weekday": {"1", "4"}, "times": {"09:00"}, "zone": {"America/Los_Angeles"}, "length": {"45"},
			"place": {"https://meet.example.com/zoe"}, "capacity": {"1"}}
		if res, _ := rec.post("/admin/roles/"+idStr(roleID)+"/schedule", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("adding the times: %d", res.StatusCode)
		}
		if res, _ := rec.post(app+"/stage", url.Values{"from": {"take_home"}, "to": {"interview_1"}, "tell": {"yes"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("move to the first round: %d", res.StatusCode)
		}
		_, body := a.get(status)
		checkSpanish(t, "booking", body, leftovers, es.T("booking.heading"), es.T("booking.choose"),
			"<legend>Jueves, 11 de marzo de 2027</legend>", "De 09:00 a 09:45 PST (45 minutos)",
			"<legend>Lunes, 15 de marzo de 2027</legend>", "De 09:00 a 09:45 PDT (45 minutos)",
			es.T("booking.shown_in", "Zone", "America/Los_Angeles"), `action="`+status+`/interview"`,
			es.T("status.step_now", "Stage", es.T("status.stage.interview_1")))
		if res, body := a.postForm(status+"/interview", url.Values{"action": {"book"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("booking without a time: %d", res.StatusCode)
		} else {
			checkSpanish(t, "no time", body, leftovers, es.T("booking.problem.choose_first"))
		}
		slot := regexpFind(t, body, `value="(\d+)"[^>]*>\s*<label for="slot-\d+">De 09:00 a 09:45 PDT`)
		res, _ := a.postForm(status+"/interview", url.Values{"action": {"book"}, "slot": {slot}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status+"?done=booked#interview" {
			t.Fatalf("booking: %d to %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = a.get(status + "?done=booked")
		checkSpanish(t, "booked", body, leftovers, es.T("booking.done.booked"), es.T("booking.booked"),
			"lunes, 15 de marzo de 2027, a las 09:00 PDT (America/Los_Angeles)", "45 minutos.", es.T("booking.move_heading"),
			es.T("booking.change_until", "When", "domingo, 14 de marzo de 2027, a las 21:00 PDT (America/Los_Angeles)"),
			es.N("booking.moves_left", 2))
	})

	t.Run("adjustment", func(t *testing.T) {
		res, body := a.postForm(status+"/adjustment", url.Values{"adjustment": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("an empty request: %d", res.StatusCode)
		}
		checkSpanish(t, "empty adjustment", body, leftovers, es.T("status.adjustment.empty"), es.T("status.adjustment.hint", "Max", "2.000"))
		res, _ = a.postForm(status+"/adjustment", url.Values{"adjustment": {"Subtítulos, por favor."}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status+"?done=adjustment#adjustment" {
			t.Fatalf("the request: %d to %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = a.get(status + "?done=adjustment")
		checkSpanish(t, "adjustment", body, leftovers, es.T("status.adjustment.done"), es.T("status.adjustment.received"),
			es.T("status.adjustment.asked", "Date", es.Date(clock.Now().In(la)))+" “Subtítulos, por favor.”")
	})

	t.Run("offer", func(t *testing.T) {
		// Another application, in the last round without interviewers to
		// wait for.
		res, _ := a.apply(slug, validForm("zoe.offer@example.com").set("full_name", name))
		status := es.Path(strings.TrimSuffix(res.Header.Get("Location"), "?submitted=1"))
		var id int64
		if err := a.pool.QueryRow(t.Context(), `UPDATE applications SET stage = 'interview_1' WHERE email = 'zoe.offer@example.com' RETURNING id`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		app := "/admin/applications/" + idStr(id)
		expires := clock.Now().Add(20 * 24 * time.Hour).In(la)
		if res, _ := rec.post(app+"/offer", url.Values{"expires": {expires.Format("2006-01-02T15:04")}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("making the offer: %d", res.StatusCode)
		}
		until := es.Moment(expires.Truncate(time.Minute), la)
		_, body := a.get(status)
		checkSpanish(t, "offer", body, leftovers, es.T("offer.heading"), `<div class="offer-text" lang="en">`, until,
			`href="`+status+`/offer/accept"`, `href="`+status+`/offer/decline"`, `href="`+status+`/offer"`,
			es.T("status.advice.offer"), es.T("status.step_now", "Stage", es.T("status.stage.offer")))
		_, body = a.get(status + "/offer")
		checkSpanish(t, "offer print", body, leftovers, "<title>"+es.T("offer.title", "Role", "Núñez-O&#39;Brien Playback Intern 李小龙"),
			`<h1>Oferta: <span lang="en">Núñez-O&#39;Brien Playback Intern 李小龙</span></h1>`, `<div lang="en"><p> Dear`, "abierta hasta el "+until,
			`href="`+status+`#offer"`)
		for _, answer := range []string{"accept", "decline"} {
			_, body = a.get(status + "/offer/" + answer)
			checkSpanish(t, "offer "+answer, body, leftovers, es.T("offer.confirm_"+answer+"_before"), es.T("offer.confirm_"+answer+"_button"),
				`action="`+status+`/offer/`+answer+`"`, es.T("offer.not_now"))
		}
		if res, body := a.postForm(status+"/offer/extension", url.Values{"reason": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no reason: %d", res.StatusCode)
		} else {
			checkSpanish(t, "offer no reason", body, leftovers, es.T("offer.no_reason"))
		}
		res, _ = a.postForm(status+"/offer/extension", url.Values{"reason": {"Termino mis exámenes el 30 de marzo."}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status+"?done=offer-extension#offer" {
			t.Fatalf("asking for more time: %d to %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = a.get(status + "?done=offer-extension")
		checkSpanish(t, "offer asked", body, leftovers, es.T("offer.done.extension"), es.T("offer.asked"))
		res, _ = a.postForm(status+"/offer/accept", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != status+"?done=offer-accept#offer" {
			t.Fatalf("accepting: %d to %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = a.get(status + "?done=offer-accept")
		checkSpanish(t, "offer accepted", body, leftovers, es.T("offer.done.accept"), es.T("offer.accepted"), es.T("status.stage.hired"),
			es.T("status.advice.hired"))
	})

	t.Run("withdraw", func(t *testing.T) {
		other, _ := a.apply(slug, validForm("zoe.other@example.com").set("full_name", name))
		page := es.Path(strings.TrimSuffix(other.Header.Get("Location"), "?submitted=1"))
		_, body := a.get(page + "/withdraw")
		checkSpanish(t, "withdraw", body, leftovers, "<title>"+es.T("status.withdraw.page_title"), "<h1>"+es.T("status.withdraw.title")+"</h1>",
			es.T("status.withdraw.confirm_before"), es.T("status.withdraw.button"), `action="`+page+`/withdraw"`,
			`href="`+page+`">`+es.T("status.back"))
		res, _ := a.postForm(page+"/withdraw", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
			t.Fatalf("withdrawing: %d to %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, body = a.get(page)
		checkSpanish(t, "withdrawn", body, leftovers, es.T("status.withdrawn.heading"), `href="/es/roles">`+es.T("status.withdrawn.link"),
			es.T("status.stage.withdrawn"))
		_, body = a.get(page + "/withdraw")
		checkSpanish(t, "withdraw again", body, leftovers, es.T("status.withdraw.already"))
	})
}
