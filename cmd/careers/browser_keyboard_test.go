package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyboard drives the page with keys only, as a person without a mouse.
type keyboard struct {
	t   *testing.T
	ctx context.Context
}

// focused describes the element that has focus.
func (k keyboard) focused() string {
	return eval[string](k.t, k.ctx, `(() => { const e = document.activeElement;
		return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.getAttribute("href") ? "[" + e.getAttribute("href") + "]" : "") +
			(e.type === "submit" ? "[submit]" : "") })()`)
}

// tabTo presses Tab until the focused element matches want (a substring
// of its description), failing after max presses.
func (k keyboard) tabTo(want string, max int) {
	k.t.Helper()
	for range max {
		do(k.t, k.ctx, "tab", chromedp.KeyEvent(kb.Tab))
		if strings.Contains(k.focused(), want) {
			return
		}
	}
	k.t.Fatalf("Tab never reached %s (focus is on %s)", want, k.focused())
}

func (k keyboard) press(keys string) {
	k.t.Helper()
	do(k.t, k.ctx, "keys", chromedp.KeyEvent(keys))
}

func (k keyboard) shiftTab() {
	k.t.Helper()
	do(k.t, k.ctx, "shift+tab", chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(kb.ModifierShift)))
}

// waitFor waits for a page with the selector after a key submitted a form
// or followed a link.
func (k keyboard) waitFor(sel string) {
	k.t.Helper()
	do(k.t, k.ctx, "wait "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// TestBrowserKeyboardOnly applies with the keyboard alone (Tab, Shift+Tab,
// Enter, Space and typing) on a 375px-wide screen. Only the file is
// chosen without keys: headless Chromium has no file dialog to drive.
func TestBrowserKeyboardOnly(t *testing.T) {
	ctx := browser(t, true)
	a := startApp(t)
	k := keyboard{t, ctx}
	do(t, ctx, "phone", chromedp.EmulateViewport(375, 800))
	do(t, ctx, "home", chromedp.Navigate(a.base+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))

	// The first Tab reaches the skip link, which moves focus to the content.
	k.press(kb.Tab)
	if f := k.focused(); !strings.Contains(f, "[#main]") {
		t.Fatalf("the first Tab focuses %s, want the skip link", f)
	}
	if visible := eval[bool](t, ctx, `document.activeElement.getBoundingClientRect().top >= 0`); !visible {
		t.Error("the focused skip link is not on screen")
	}
	k.press(kb.Enter)
	k.tabTo("[/roles]", 40)
	// Shift+Tab goes back, Tab forward again.
	k.shiftTab()
	if strings.Contains(k.focused(), "[/roles]") {
		t.Error("Shift+Tab did not move focus back")
	}
	k.tabTo("[/roles]", 3)
	k.press(kb.Enter)
	k.waitFor("#results-heading")

	k.tabTo("input#q", 40)
	k.press("data")
	k.tabTo("select#degree", 10)
	k.press("Master")
	k.tabTo("[submit]", 10)
	k.press(kb.Enter)
	k.waitFor(".chips")
	if loc := location(t, ctx); !strings.Contains(loc, "degree=masters") {
		t.Fatalf("search by keyboard: %s", loc)
	}
	k.tabTo("[/roles/", 60)
	k.press(kb.Enter)
	k.waitFor(".facts")
	k.tabTo("/apply]", 40)
	k.press(kb.Enter)
	k.waitFor("form.apply")

	fields := []struct{ id, keys string }{
		{"input#full_name", "Kay Board"}, {"input#email", "kay@example.edu"}, {"input#university", "Keyboard College"},
		{"select#degree", "Master"}, {"select#grad_month", "June"}, {"select#grad_year", "2028"},
	}
	for _, f := range fields {
		// From the top of the page: past the header's links and its
		// language switcher.
		k.tabTo(f.id, 20)
		k.press(f.keys)
	}
	do(t, ctx, "choose resume", chromedp.SetUploadFiles(chromedp.CSS("#resume"), []string{testResume(t)}))
	k.tabTo("textarea#why", 10)
	k.press("Keys are all I need.")
	k.tabTo("input#consent", 10)
	k.press(" ")
	if !eval[bool](t, ctx, `document.querySelector("#consent").checked`) {
		t.Fatal("Space did not tick the consent box")
	}
	k.tabTo("[submit]", 10)
	screenshot(t, ctx, "keyboard-apply-375")
	k.press(kb.Enter)
	// The status page's banner: with JavaScript the form is sent in the
	// background (upload progress) and the page changes when it is stored.
	k.waitFor(".banner.success")
	if loc := location(t, ctx); !strings.Contains(loc, "/applications/") {
		t.Fatalf("keyboard application not sent:\n%s", eval[string](t, ctx, "document.body.innerText"))
	}
	noSideScroll(t, ctx, "status")
	screenshot(t, ctx, "keyboard-status-375")
}
