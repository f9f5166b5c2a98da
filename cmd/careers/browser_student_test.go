package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"example.com/careers/internal/db"
)

// testResume writes a small real PDF to choose through the file input.
func testResume(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "My Resume.pdf")
	pdf := "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
	if err := os.WriteFile(path, []byte(pdf), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBrowserStudentJourney: home -> roles -> search and filter -> role
// -> apply with a PDF chosen through the file input -> status page ->
// withdraw, in Chromium, with axe on every page and screenshots.
func TestBrowserStudentJourney(t *testing.T) {
	ctx := browser(t, true)
	a := startApp(t)
	t.Logf("screenshots: %s", artifacts(t))
	studentJourney(t, ctx, a, "student", true)
}

// studentJourney walks the journey with clicks and typing only, so it
// works with JavaScript off too (selects are chosen with the keyboard).
func studentJourney(t *testing.T, ctx context.Context, a *app, prefix string, checks bool) {
	shot := func(name string) {
		t.Helper()
		if checks {
			checkAxe(t, ctx, name)
		}
		do(t, ctx, "resize", chromedp.EmulateViewport(375, 800))
		noSideScroll(t, ctx, name)
		screenshot(t, ctx, prefix+"-"+name+"-375")
		do(t, ctx, "resize", chromedp.EmulateViewport(1280, 900))
		screenshot(t, ctx, prefix+"-"+name+"-1280")
	}
	text := func() string { return eval[string](t, ctx, "document.body.innerText") }

	do(t, ctx, "home", chromedp.Navigate(a.base+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if checks {
		// Everything the home page costs a phone, from an empty cache.
		bytes := eval[int](t, ctx, `(() => {
			const nav = performance.getEntriesByType("navigation")[0];
			return performance.getEntriesByType("resource").reduce((n, r) => n + r.transferSize, nav.transferSize) })()`)
		if bytes <= 0 || bytes > 50_000 {
			t.Errorf("the home page transfers %d bytes, want 1..50000", bytes)
		}
		if third := eval[int](t, ctx, `performance.getEntriesByType("resource").filter(r => !r.name.startsWith(location.origin)).length`); third != 0 {
			t.Errorf("the home page loads %d resources from other sites", third)
		}
	}
	shot("home")
	do(t, ctx, "to roles", chromedp.Click(chromedp.CSS(`a.button[href="/roles"]`)), chromedp.WaitVisible(chromedp.CSS("#results-heading")))
	shot("roles")

	do(t, ctx, "search", chromedp.SendKeys(chromedp.CSS("#q"), "data"))
	// A select is chosen as a person does: focus it, type the option.
	do(t, ctx, "degree", chromedp.SendKeys(chromedp.CSS("#degree"), "Master"))
	do(t, ctx, "submit search", chromedp.Click(chromedp.CSS(`form.search button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".chips")))
	if loc := location(t, ctx); !strings.Contains(loc, "q=data") || !strings.Contains(loc, "degree=masters") {
		t.Fatalf("the search is not in the URL: %s", loc)
	}
	shot("roles-search")

	do(t, ctx, "open role", chromedp.Click(chromedp.CSS(`.role-list li:first-child h3 a`)), chromedp.WaitVisible(chromedp.CSS(".facts")))
	title := eval[string](t, ctx, `document.querySelector("h1").textContent`)
	shot("role")
	do(t, ctx, "to apply", chromedp.Click(chromedp.CSS(`.page-head a.button`)), chromedp.WaitVisible(chromedp.CSS("form.apply")))
	// The only script, the answer counter, runs exactly when JavaScript is on.
	if live := eval[int](t, ctx, `document.querySelectorAll("p[aria-live]").length`); (live == 1) != checks {
		t.Errorf("counter live regions: %d (JavaScript on: %v)", live, checks)
	}
	shot("apply")

	// First an incomplete form: the error state, checked too.
	do(t, ctx, "submit empty", chromedp.Click(chromedp.CSS(`form.apply button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	if !strings.HasPrefix(eval[string](t, ctx, "document.title"), "Error: ") {
		t.Error("the title does not announce the error")
	}
	shot("apply-errors")

	for _, f := range []struct{ sel, val string }{
		{"#full_name", "Zoë Ångström"}, {"#email", "zoe." + prefix + "@example.edu"}, {"#university", "Université de Montréal"},
		{"#why", "I want to build data pipelines for studios."},
		{"#degree", "Master"}, {"#grad_month", "June"}, {"#grad_year", "2028"},
	} {
		do(t, ctx, "fill "+f.sel, chromedp.SendKeys(chromedp.CSS(f.sel), f.val))
	}
	do(t, ctx, "consent", chromedp.Click(chromedp.CSS("#consent")))
	do(t, ctx, "choose resume", chromedp.SetUploadFiles(chromedp.CSS("#resume"), []string{testResume(t)}))
	if checks {
		// With JavaScript the form shows its upload's progress: a
		// recorder kept in the tab's session storage (it outlives the
		// page) notes the highest value the bar reached and what the
		// live region said.
		do(t, ctx, "record progress", chromedp.Evaluate[chromedp.Void](`new MutationObserver(() => {
			const bar = document.querySelector(".upload-progress progress");
			if (!bar) return;
			sessionStorage.setItem("progressMax", String(Math.max(bar.value, Number(sessionStorage.getItem("progressMax") || 0))));
			sessionStorage.setItem("progressLabel", bar.labels[0] ? bar.labels[0].textContent : "");
			const said = document.querySelector(".upload-progress [aria-live]");
			if (said && said.textContent) sessionStorage.setItem("progressSaid", said.textContent);
		}).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true})`))
	}
	do(t, ctx, "send", chromedp.Click(chromedp.CSS(`form.apply button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".banner.success")))
	if checks {
		got := eval[[]string](t, ctx, `[sessionStorage.getItem("progressMax"), sessionStorage.getItem("progressLabel"), sessionStorage.getItem("progressSaid")]`)
		if got[0] != "100" || got[1] != "Sending your application" || !strings.Contains(got[2], "100% sent") {
			t.Errorf("upload progress: highest %q, label %q, said %q", got[0], got[1], got[2])
		}
	}
	status := location(t, ctx)
	if !strings.Contains(status, "/applications/") {
		t.Fatalf("after applying: %s\n%s", status, text())
	}
	if body := text(); !strings.Contains(body, "Hello Zoë Ångström") || !strings.Contains(body, strings.TrimSpace(title)) {
		t.Error("the status page does not show the name and the role")
	}
	shot("status")

	// A take-home arrives (as a recruiter's send leaves it): the student
	// chooses their zone with the keyboard, uploads their work and asks
	// for more time, all plain forms.
	sendTakeHome(t, a, "zoe."+prefix+"@example.edu")
	mark := chromedp.Evaluate[chromedp.Void](`document.body.dataset.old = "1"`)
	fresh := chromedp.CSS("body:not([data-old]) .take-home .banner.success")
	do(t, ctx, "take-home", chromedp.Navigate(strings.TrimSuffix(status, "?submitted=1")), chromedp.WaitVisible(chromedp.CSS("#take-home")))
	shot("status-take-home")
	do(t, ctx, "zone", chromedp.SendKeys(chromedp.CSS("#tz"), "Europe/Madrid"), mark,
		chromedp.Click(chromedp.CSS(`form[action$="/time-zone"] button`)), chromedp.WaitVisible(fresh))
	if body := text(); !strings.Contains(body, "(Europe/Madrid)") || !strings.Contains(body, "Write a short design note") {
		t.Fatalf("the take-home is not shown in the chosen zone:\n%s", body)
	}
	do(t, ctx, "upload the work", chromedp.SetUploadFiles(chromedp.CSS("#work"), []string{testResume(t)}), mark,
		chromedp.Click(chromedp.CSS(`form[action$="/take-home"] button[type="submit"]`)), chromedp.WaitVisible(fresh))
	do(t, ctx, "ask for more time", chromedp.SendKeys(chromedp.CSS("#reason"), "Exámenes finales esa semana"), mark,
		chromedp.Click(chromedp.CSS(`form[action$="/extension"] button`)), chromedp.WaitVisible(fresh))
	if body := text(); !strings.Contains(body, "Replace my work") || !strings.Contains(body, "You asked for more time") {
		t.Fatalf("the work or the request is not shown:\n%s", body)
	}
	shot("status-take-home-done")

	do(t, ctx, "to withdraw", chromedp.Click(chromedp.CSS(`a[href$="/withdraw"]`)), chromedp.WaitVisible(chromedp.CSS(`button.danger`)))
	shot("withdraw")
	do(t, ctx, "withdraw", chromedp.Click(chromedp.CSS(`button.danger`)), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if !strings.Contains(text(), "You withdrew this application") {
		t.Fatal("the withdrawal is not shown")
	}
	shot("withdrawn")

	// The whole journey, logged at debug level, keeps the student's data
	// and their private link out of the log.
	a.checkLogsHoldNone(t, "zoe."+prefix+"@example.edu", "Zoë", "Ångström", "Université de Montréal",
		"data pipelines for studios", "Exámenes finales", statusToken(t, status))
}

// sendTakeHome gives the application of email a take-home due in three
// days, as a recruiter's send leaves it.
func sendTakeHome(t *testing.T, a *app, email string) {
	t.Helper()
	ctx := context.Background()
	pool, err := db.Open(ctx, a.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, `
		WITH moved AS (UPDATE applications SET stage = 'take_home' WHERE email = $1 RETURNING id)
		INSERT INTO take_homes (application_id, body, sent_at, sent_by, first_due_at, due_at)
		SELECT id, 'Write a short design note for a **subtitle** pipeline.', now(), 'test', now() + interval '3 days', now() + interval '3 days'
		FROM moved`, email); err != nil {
		t.Fatal(err)
	}
}

// TestAxeHarnessFindsProblems proves the axe check can fail: a page with
// an unlabelled input and an image without alt text must be reported.
func TestAxeHarnessFindsProblems(t *testing.T) {
	ctx := browser(t, true)
	do(t, ctx, "bad page", chromedp.Navigate(`data:text/html,<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="x.png"><input type="text"></main></body></html>`))
	got := strings.Join(axeViolations(t, ctx), "\n")
	if !strings.Contains(got, "image-alt") || !strings.Contains(got, "label") {
		t.Fatalf("axe missed the problems:\n%s", got)
	}
}
