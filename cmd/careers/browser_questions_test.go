package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"example.com/careers/internal/db"
)

// TestBrowserApplyWithQuestions applies to a role that asks a question
// of its own (a writing sample, a second PDF; a role of the test's own,
// since the page checks add questions to the demo roles) with JavaScript
// on and off: the role page says what the
// form asks, the first try without the sample is refused beside the
// question, and the second goes through; with JavaScript the progress
// bar reaches 100%. axe checks the form and its error state.
func TestBrowserApplyWithQuestions(t *testing.T) {
	a := startApp(t)
	pool, err := db.Open(context.Background(), a.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	role := faultRole(t, pool, "browser-questions-intern", "Browser Questions Intern", "open")
	if _, err := pool.Exec(context.Background(), `
		INSERT INTO role_questions (role_id, position, kind, label, required) VALUES ($1, 0, 'file', 'A writing sample (PDF)', true)`, role); err != nil {
		t.Fatal(err)
	}
	for _, js := range []bool{true, false} {
		name := "js-off"
		if js {
			name = "js-on"
		}
		t.Run(name, func(t *testing.T) {
			ctx := browser(t, js)
			do(t, ctx, "role", chromedp.Navigate(a.base+"/roles/browser-questions-intern"), chromedp.WaitVisible(chromedp.CSS(".before-apply")))
			if text := eval[string](t, ctx, `document.querySelector(".before-apply").innerText`); !strings.Contains(text, "minutes") {
				t.Fatalf("the role page does not say how long the form takes: %q", text)
			}
			do(t, ctx, "to apply", chromedp.Click(chromedp.CSS(`.page-head a.button`)), chromedp.WaitVisible(chromedp.CSS("form.apply")))
			sample := `input[type="file"]:not(#resume)`
			if n := eval[int](t, ctx, `document.querySelectorAll('`+sample+`').length`); n != 1 {
				t.Fatalf("%d file questions on the form", n)
			}
			if js {
				checkAxe(t, ctx, "apply-questions")
			}
			email := "ines." + name + "@example.edu"
			for _, f := range []struct{ sel, val string }{
				{"#full_name", "Inês O'Connor-Åberg"}, {"#email", email}, {"#university", "Universidade de Lisboa"},
				{"#why", "Trailers are how I fell in love with film."},
				{"#degree", "Bachelor"}, {"#grad_month", "June"}, {"#grad_year", "2028"},
			} {
				do(t, ctx, "fill "+f.sel, chromedp.SendKeys(chromedp.CSS(f.sel), f.val))
			}
			do(t, ctx, "consent", chromedp.Click(chromedp.CSS("#consent")))
			do(t, ctx, "resume", chromedp.SetUploadFiles(chromedp.CSS("#resume"), []string{testResume(t)}))
			do(t, ctx, "send without the sample", chromedp.Click(chromedp.CSS(`form.apply button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS(".error-summary")))
			if text := eval[string](t, ctx, `document.querySelector(".error-summary").innerText`); !strings.Contains(text, "writing sample") {
				t.Fatalf("the error summary does not name the question: %q", text)
			}
			if js {
				checkAxe(t, ctx, "apply-questions-errors")
			}
			// The typed values came back; files must be chosen again.
			if got := eval[string](t, ctx, `document.querySelector("#full_name").value`); got != "Inês O'Connor-Åberg" {
				t.Fatalf("the name came back as %q", got)
			}
			if js {
				do(t, ctx, "record progress", chromedp.Evaluate[chromedp.Void](`new MutationObserver(() => {
					const bar = document.querySelector(".upload-progress progress");
					if (bar) sessionStorage.setItem("qProgress", String(Math.max(bar.value, Number(sessionStorage.getItem("qProgress") || 0))));
				}).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true})`))
			}
			do(t, ctx, "files again", chromedp.SetUploadFiles(chromedp.CSS("#resume"), []string{testResume(t)}),
				chromedp.SetUploadFiles(chromedp.CSS(sample), []string{testResume(t)}))
			do(t, ctx, "send", chromedp.Click(chromedp.CSS(`form.apply button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".banner.success")))
			if js {
				if got := eval[string](t, ctx, `sessionStorage.getItem("qProgress")`); got != "100" {
					t.Fatalf("the progress bar reached %q", got)
				}
			}
		})
	}
}
