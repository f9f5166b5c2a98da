package main

import (
	"context"
	"strings"
	"testing"
	"time"

	cdpwebauthn "github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
)

// TestBrowserStaffSecondFactors walks staff authentication in Chromium,
// with the browser's own virtual authenticator (the DevTools WebAuthn
// domain) standing in for a phone or security key: a new admin is sent
// to add a factor, registers a passkey and gets recovery codes; signs
// out and in with password and passkey; enrols an authenticator app
// from the page's typed key and signs in with a code; uses a recovery
// code once (twice fails); changes the password, a common one refused.
func TestBrowserStaffSecondFactors(t *testing.T) {
	ctx := browser(t, true)
	a := startAppNamed(t, "localhost")
	pool, err := db.Open(context.Background(), a.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	const email, name, password = "mireille.dubois-ōkawa@example.com", "Mireille Dubois-Ōkawa", "saffron glacier tandem"
	if _, err := accounts.NewStore(pool).Create(context.Background(), audit.CLI, accounts.NewAccount{Email: email, Name: name, Password: password, Admin: true}); err != nil {
		t.Fatal(err)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	text := func() string { return eval[string](t, ctx, "document.body.innerText") }

	// The browser's authenticator: a platform one with user verification,
	// answering at once.
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Call(c, cdpwebauthn.Enable, cdpwebauthn.EnableParams{}); err != nil {
		t.Fatalf("enable the WebAuthn domain: %v", err)
	}
	if _, err := chromedp.Call(c, cdpwebauthn.AddVirtualAuthenticator, cdpwebauthn.AddVirtualAuthenticatorParams{
		Options: &cdpwebauthn.VirtualAuthenticatorOptions{
			Protocol: cdpwebauthn.AuthenticatorProtocolCtap2, Ctap2version: cdpwebauthn.Ctap2versionCtap21,
			Transport: cdpwebauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
			IsUserVerified: true, AutomaticPresenceSimulation: true,
		},
	}); err != nil {
		t.Fatalf("add a virtual authenticator: %v", err)
	}

	// signInPassword sends the password and waits for the page after it.
	signInPassword := func(what, then string) {
		t.Helper()
		do(t, ctx, what, chromedp.Navigate(a.base+"/admin/login"), chromedp.WaitVisible(css("#email")),
			chromedp.SendKeys(css("#email"), email), chromedp.SendKeys(css("#password"), password),
			chromedp.Click(css(`form button[type="submit"]`)), chromedp.WaitVisible(css(then)))
	}
	signOut := func() {
		t.Helper()
		do(t, ctx, "sign out", chromedp.Click(css(`form[action="/admin/logout"] button`)), chromedp.WaitVisible(css("#email")))
	}

	// A new admin is sent to add a second factor before anything else.
	signInPassword("first sign-in", "#passkeys")
	if loc := location(t, ctx); !strings.HasSuffix(loc, "/admin/security") || !strings.Contains(text(), "Add a second factor to continue") {
		t.Fatalf("a new admin's first page: %s", loc)
	}
	checkAxe(t, ctx, "security page")
	do(t, ctx, "add a passkey", chromedp.SetValue(css("[data-passkey-name]"), "Laptop de Mireille"),
		chromedp.Click(css(`[data-passkey-register] [data-passkey-start]`)), chromedp.WaitVisible(css("ol.codes")))
	codes := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("[data-recovery-code]"), e => e.textContent)`)
	if len(codes) != accounts.RecoveryCodeCount {
		t.Fatalf("%d recovery codes shown after the first passkey", len(codes))
	}
	checkAxe(t, ctx, "recovery codes")
	do(t, ctx, "continue", chromedp.Click(css(`a.button[href="/admin"]`)), chromedp.WaitVisible(css(".stats")))
	signOut()

	// Password, then the passkey.
	signInPassword("sign in for the passkey", "#code")
	if !strings.HasSuffix(location(t, ctx), "/admin/login/factor") {
		t.Fatalf("after the password: %s, want the second step", location(t, ctx))
	}
	checkAxe(t, ctx, "second step")
	do(t, ctx, "use the passkey", chromedp.Click(css(`[data-passkey-login] [data-passkey-start]`)), chromedp.WaitVisible(css(".stats")))
	var used int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM passkeys p JOIN accounts a ON a.id = p.account_id
		WHERE a.email = $1 AND p.name = 'Laptop de Mireille' AND p.last_used_at IS NOT NULL`, email).Scan(&used); err != nil || used != 1 {
		t.Fatalf("the passkey's use was not recorded: %d %v", used, err)
	}

	// An authenticator app, from the typed key.
	do(t, ctx, "app page", chromedp.Navigate(a.base+"/admin/security/totp"), chromedp.WaitVisible(css("[data-totp-secret]")))
	checkAxe(t, ctx, "app enrolment")
	secret := strings.ReplaceAll(eval[string](t, ctx, `document.querySelector("[data-totp-secret]").textContent`), " ", "")
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "turn the app on", chromedp.SendKeys(css("#code"), code), chromedp.Click(css(`form[action="/admin/security/totp"] button`)),
		chromedp.WaitVisible(css(".banner.success")))
	signOut()
	signInPassword("sign in for the app", "#code")
	// The enrolment code's step is used: the next one.
	next, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "app code", chromedp.SendKeys(css("#code"), next), chromedp.Click(css(`form[action="/admin/login/factor"] button`)),
		chromedp.WaitVisible(css(".stats")))
	signOut()

	// A recovery code works once.
	signInPassword("sign in with a recovery code", "#code")
	do(t, ctx, "recovery code", chromedp.SendKeys(css("#code"), codes[3]), chromedp.Click(css(`form[action="/admin/login/factor"] button`)),
		chromedp.WaitVisible(css("#passkeys")))
	if !strings.Contains(text(), "You signed in with a recovery code; 9 left") {
		t.Fatalf("after a recovery code: %q", text())
	}
	signOut()
	signInPassword("the same recovery code again", "#code")
	do(t, ctx, "recovery code again", chromedp.SendKeys(css("#code"), codes[3]), chromedp.Click(css(`form[action="/admin/login/factor"] button`)),
		chromedp.WaitVisible(css("#error-summary")))
	if !strings.Contains(text(), "That code did not work") {
		t.Fatalf("a used recovery code: %q", text())
	}
	do(t, ctx, "another code", chromedp.SendKeys(css("#code"), codes[4]), chromedp.Click(css(`form[action="/admin/login/factor"] button`)),
		chromedp.WaitVisible(css("#passkeys")))

	// The password: a common one is refused with a clear message.
	do(t, ctx, "password page", chromedp.Navigate(a.base+"/admin/password"), chromedp.WaitVisible(css("#current")),
		chromedp.SendKeys(css("#current"), password), chromedp.SendKeys(css("#new"), "Password1234"),
		chromedp.Click(css(`form[action="/admin/password"] button`)), chromedp.WaitVisible(css(".error-summary")))
	if !strings.Contains(text(), "on a list of common or leaked passwords") {
		t.Fatalf("a common password: %q", text())
	}
	checkAxe(t, ctx, "password error")
	do(t, ctx, "a good password", chromedp.SendKeys(css("#current"), password), chromedp.SendKeys(css("#new"), "marble orchard lighthouse"),
		chromedp.Click(css(`form[action="/admin/password"] button`)), chromedp.WaitVisible(css(".banner.success")))
	signOut()
	do(t, ctx, "the old password", chromedp.Navigate(a.base+"/admin/login"), chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), email), chromedp.SendKeys(css("#password"), password),
		chromedp.Click(css(`form button[type="submit"]`)), chromedp.WaitVisible(css("#error-summary")))
	do(t, ctx, "the new password", chromedp.Navigate(a.base+"/admin/login"), chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), email), chromedp.SendKeys(css("#password"), "marble orchard lighthouse"),
		chromedp.Click(css(`form button[type="submit"]`)), chromedp.WaitVisible(css("#code")))
	a.checkLogsHoldNone(t, email, name, password, "marble orchard lighthouse", secret, codes[3])
}
