package server

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"

	"example.com/careers/internal/accounts"
)

// browser is a client with its own cookie jar, like one browser profile.
type browser struct {
	a   *testApp
	jar *cookiejar.Jar
}

func (a *testApp) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{a: a, jar: jar}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.a.t.Helper()
	client := &http.Client{Jar: b.jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		b.a.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.a.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.a.srv.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.a.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// cookie returns the session cookie's value, or "".
func (b *browser) cookie() string {
	u, _ := url.Parse(b.a.srv.URL)
	for _, c := range b.jar.Cookies(u) {
		if c.Name == "careers_session" {
			return c.Value
		}
	}
	return ""
}

// signIn signs the browser in and fails the test if it does not work.
// An account with a second factor (every admin fixture) proves it with a
// recovery code from a fresh set, as its owner could.
func (b *browser) signIn(email, password string) {
	b.a.t.Helper()
	res, _ := b.post("/admin/login", url.Values{"email": {email}, "password": {password}})
	if res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/admin/login/factor" {
		acc, err := b.a.Accounts().ByEmail(b.a.t.Context(), email)
		if err != nil {
			b.a.t.Fatal(err)
		}
		codes, err := b.a.Accounts().NewRecoveryCodes(b.a.t.Context(), acc.Actor(), acc.ID)
		if err != nil {
			b.a.t.Fatal(err)
		}
		res, _ = b.post("/admin/login/factor", url.Values{"code": {codes[0]}})
		if res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/admin/security" {
			b.get("/admin/security") // reads the flash about recovery codes
			return
		}
	}
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin" {
		b.a.t.Fatalf("sign in %s: %d %q", email, res.StatusCode, res.Header.Get("Location"))
	}
}

// changePassword changes the signed-in account's own password and fails
// the test if it does not work.
func (b *browser) changePassword(current, next string) {
	b.a.t.Helper()
	res, body := b.post("/admin/password", url.Values{"current": {current}, "new": {next}})
	if res.StatusCode != http.StatusSeeOther {
		b.a.t.Fatalf("change password: %d\n%s", res.StatusCode, body)
	}
}

// fixtureTOTPSecret is the authenticator app of every admin fixture.
const fixtureTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// addAccount creates an account directly in the store.
func (a *testApp) addAccount(email, name, password string, admin bool) accounts.Account {
	a.t.Helper()
	// A fixture: inserted as is, so tests may use memorable passwords
	// that the rules for new ones (TestCheckPassword) would refuse.
	// Admins must have a second factor: the fixtures come with an app.
	var secret *string
	if admin {
		s := fixtureTOTPSecret
		secret = &s
	}
	if _, err := a.pool.Exec(a.t.Context(), `INSERT INTO accounts (email, name, is_admin, password_hash, totp_secret) VALUES ($1, $2, $3, $4, $5)`,
		email, name, admin, accounts.HashPassword(password), secret); err != nil {
		a.t.Fatal(err)
	}
	acc, err := accounts.NewStore(a.pool).ByEmail(a.t.Context(), email)
	if err != nil {
		a.t.Fatal(err)
	}
	return acc
}

// addInterviewer creates an interviewer account, as addAccount does.
func (a *testApp) addInterviewer(email, name, password string) accounts.Account {
	a.t.Helper()
	acc := a.addAccount(email, name, password, false)
	if _, err := a.pool.Exec(a.t.Context(), `UPDATE accounts SET is_interviewer = true WHERE id = $1`, acc.ID); err != nil {
		a.t.Fatal(err)
	}
	acc.IsInterviewer = true
	return acc
}

// Accounts is the app's account store.
func (a *testApp) Accounts() *accounts.Store { return accounts.NewStore(a.pool) }

func idStr(id int64) string { return strconv.FormatInt(id, 10) }
