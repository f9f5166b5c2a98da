package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
	shot := func(name string) {
		t.Helper()
		checkAxe(t, ctx, name)
		do(t, ctx, "resize", chromedp.EmulateViewport(375, 800))
		noSideScroll(t, ctx, name)
		screenshot(t, ctx, "student-"+name+"-375")
		do(t, ctx, "resize", chromedp.EmulateViewport(1280, 900))
		screenshot(t, ctx, "student-"+name+"-1280")
	}

	do(t, ctx, "home", chromedp.Navigate(a.base+"/"), chromedp.WaitVisible("h1"))
	shot("home")
	do(t, ctx, "to roles", chromedp.Click(`a.button[href="/roles"]`), chromedp.WaitVisible("#results-heading"))
	shot("roles")

	do(t, ctx, "search", chromedp.SendKeys("#q", "data"))
	eval[bool](t, ctx, `document.querySelector("#degree").value = "masters", true`)
	do(t, ctx, "submit search", chromedp.Click(`form.search button[type="submit"]`), chromedp.WaitVisible(".chips"))
	if loc := location(t, ctx); !strings.Contains(loc, "q=data") || !strings.Contains(loc, "degree=masters") {
		t.Fatalf("the search is not in the URL: %s", loc)
	}
	shot("roles-search")

	do(t, ctx, "open role", chromedp.Click(`.role-list li:first-child h3 a`), chromedp.WaitVisible(".facts"))
	title := eval[string](t, ctx, `document.querySelector("h1").textContent`)
	shot("role")
	do(t, ctx, "to apply", chromedp.Click(`.page-head a.button`), chromedp.WaitVisible("form.apply"))
	shot("apply")

	// First an incomplete form: the error state, checked too.
	do(t, ctx, "submit empty", chromedp.Click(`form.apply button[type="submit"]`), chromedp.WaitVisible(".error-summary"))
	if !strings.HasPrefix(eval[string](t, ctx, "document.title"), "Error: ") {
		t.Error("the title does not announce the error")
	}
	shot("apply-errors")

	fill := []struct{ sel, val string }{
		{"#full_name", "Zoë Ångström"}, {"#email", "zoe.browser@example.edu"}, {"#university", "Université de Montréal"},
		{"#why", "I want to build data pipelines for studios."},
	}
	for _, f := range fill {
		do(t, ctx, "fill "+f.sel, chromedp.SendKeys(f.sel, f.val))
	}
	eval[bool](t, ctx, `(() => {
		const degree = document.querySelector("#degree");
		degree.value = degree.options[1].value;
		document.querySelector("#grad_month").value = "6";
		document.querySelector("#grad_year").value = document.querySelector("#grad_year").options[2].value;
		return true })()`)
	do(t, ctx, "consent", chromedp.Click("#consent"))
	do(t, ctx, "choose resume", chromedp.SetUploadFiles("#resume", []string{testResume(t)}))
	do(t, ctx, "send", chromedp.Click(`form.apply button[type="submit"]`), chromedp.WaitVisible(".banner.success"))
	status := location(t, ctx)
	if !strings.Contains(status, "/applications/") {
		t.Fatalf("after applying: %s", status)
	}
	if body := eval[string](t, ctx, "document.body.innerText"); !strings.Contains(body, "Hello Zoë Ångström") || !strings.Contains(body, strings.TrimSpace(title)) {
		t.Error("the status page does not show the name and the role")
	}
	shot("status")

	do(t, ctx, "to withdraw", chromedp.Click(`a[href$="/withdraw"]`), chromedp.WaitVisible(`button.danger`))
	shot("withdraw")
	do(t, ctx, "withdraw", chromedp.Click(`button.danger`), chromedp.WaitVisible(".notice"))
	if body := eval[string](t, ctx, "document.body.innerText"); !strings.Contains(body, "You withdrew this application") {
		t.Fatal("the withdrawal is not shown")
	}
	shot("withdrawn")
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
