package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserStudentJourneyWithoutJavaScript runs the student journey
// with JavaScript turned off in the browser: the site must not need it.
func TestBrowserStudentJourneyWithoutJavaScript(t *testing.T) {
	ctx := browser(t, false)
	a := startApp(t)
	do(t, ctx, "apply form", chromedp.Navigate(a.base+"/roles/data-engineering-intern-studio-data/apply"),
		chromedp.WaitVisible(chromedp.CSS("form.apply")))
	if n := eval[int](t, ctx, `document.querySelectorAll("p[aria-live]").length`); n != 0 {
		t.Fatal("the site's script ran: JavaScript is not off in this browser")
	}
	studentJourney(t, ctx, a, "nojs", false)
}
