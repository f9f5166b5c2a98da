package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A plain string selector is a DOM text search in chromedp ("main" would
// also match the skip link's href): CSS selectors say what they mean.

// TestEveryPageIsAccessible opens every page kind in Chromium (admin
// pages signed in, error states reached by posting their forms), runs
// axe-core's WCAG A and AA rules, checks that phones never scroll
// sideways, and saves screenshots at 375px and 1280px.
func TestEveryPageIsAccessible(t *testing.T) {
	ctx := browser(t, true)
	a := startAppEnv(t, "127.0.0.1", pagesContent(t))
	_, pages, codes := sitePages(t, a)
	t.Logf("screenshots: %s", artifacts(t))

	do(t, ctx, "sign in", chromedp.Navigate(a.base+"/admin/login"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", pagesAdminEmail), chromedp.SendKeys("#password", pagesAdminPassword),
		chromedp.Click(`form button[type="submit"]`), chromedp.WaitVisible("#code"))
	checkAxe(t, ctx, "sign-in second step")
	do(t, ctx, "second factor", chromedp.SendKeys("#code", codes[0]),
		chromedp.Click(`form[action="/admin/login/factor"] button[type="submit"]`), chromedp.WaitVisible("#passkeys"))

	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			if p.form == nil {
				do(t, ctx, "open", chromedp.Navigate(a.base+p.path), chromedp.WaitVisible(chromedp.CSS("main")))
			} else {
				fields, _ := json.Marshal(p.form)
				multipart := strings.HasSuffix(p.path, "/apply")
				do(t, ctx, "open", chromedp.Navigate(a.base+p.path), chromedp.WaitVisible(chromedp.CSS("main")))
				eval[bool](t, ctx, `(() => {
					const f = document.createElement("form");
					f.method = "post"; f.action = `+jsString(p.path)+`;
					if (`+boolJS(multipart)+`) f.enctype = "multipart/form-data";
					for (const [k, vs] of Object.entries(`+string(fields)+`)) for (const v of vs) {
						const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.append(i);
					}
					document.body.append(f); f.submit(); return true })()`)
				do(t, ctx, "wait", chromedp.Sleep(300e6), chromedp.WaitVisible(chromedp.CSS("main")))
			}
			checkAxe(t, ctx, p.name)
			do(t, ctx, "phone", chromedp.EmulateViewport(375, 800))
			noSideScroll(t, ctx, p.name)
			screenshot(t, ctx, "page-"+p.name+"-375")
			do(t, ctx, "desktop", chromedp.EmulateViewport(1280, 900))
			screenshot(t, ctx, "page-"+p.name+"-1280")
		})
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func boolJS(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
