package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
)

// movableClock is a server clock a test can move forward.
type movableClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *movableClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *movableClock) advance(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var secretOnPage = regexp.MustCompile(`data-totp-secret>([A-Z2-7 ]+)<`)
var codeOnPage = regexp.MustCompile(`data-recovery-code>([A-Z2-7-]{19})<`)

// TestStaffEnrolAndSignInWithTOTP: a recruiter enrols an app from the
// page's typed secret (a wrong code first), gets recovery codes, and then
// signs in with password and a code: the password alone opens nothing, a
// code works once, a recovery code works once. Every step is in the
// audit log, with the address only as a hash.
func TestStaffEnrolAndSignInWithTOTP(t *testing.T) {
	clock := &movableClock{}
	a := newApp(t, func(d *Deps) { d.Now = clock.now })
	clearAttempts(t, a)
	const email, pass = "totp-josé.ñúñez@example.com", "José's totp passphrase"
	acc := a.addAccount(email, "José Ñúñez-O'Hara", pass, false)
	b := a.browser()
	b.signIn(email, pass)

	_, page := b.get("/admin/security/totp")
	m := secretOnPage.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `<svg class="qr"`) {
		t.Fatal("the enrolment page shows no secret or no QR code")
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	if res, body := b.post("/admin/security/totp", url.Values{"code": {"12345"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "That code did not work") {
		t.Fatalf("a wrong enrolment code: %d", res.StatusCode)
	}
	res, body := b.post("/admin/security/totp", url.Values{"code": {totpCode(t, secret, clock.now())}})
	codes := codeOnPage.FindAllStringSubmatch(body, -1)
	if res.StatusCode != http.StatusOK || len(codes) != accounts.RecoveryCodeCount {
		t.Fatalf("enrolment: %d, %d recovery codes shown", res.StatusCode, len(codes))
	}
	b.post("/admin/logout", nil)

	// The password alone: the second step, and nothing opens yet.
	c := a.browser()
	res, _ = c.post("/admin/login", url.Values{"email": {email}, "password": {pass}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/login/factor" {
		t.Fatalf("password with an app enrolled: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := c.get("/admin/applications"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Fatalf("an admin page between the two steps: %d", res.StatusCode)
	}
	clock.advance(time.Minute) // past the enrolment code's step
	code := totpCode(t, secret, clock.now())
	if res, _ := c.post("/admin/login/factor", url.Values{"code": {"000000"}}); res.StatusCode != http.StatusUnauthorized && code != "000000" {
		t.Fatalf("a wrong code: %d", res.StatusCode)
	}
	if res, _ := c.post("/admin/login/factor", url.Values{"code": {code}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin" {
		t.Fatalf("the right code: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := c.get("/admin/applications"); res.StatusCode != http.StatusOK {
		t.Fatalf("signed in with the code: %d", res.StatusCode)
	}
	// The same code again, from another browser within its window: refused.
	d := a.browser()
	d.post("/admin/login", url.Values{"email": {email}, "password": {pass}})
	if res, body := d.post("/admin/login/factor", url.Values{"code": {code}}); res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "work once") {
		t.Fatalf("a code used twice: %d", res.StatusCode)
	}
	// A recovery code works once.
	if res, _ := d.post("/admin/login/factor", url.Values{"code": {strings.ToLower(codes[0][1])}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a recovery code: %d", res.StatusCode)
	}
	e := a.browser()
	e.post("/admin/login", url.Values{"email": {email}, "password": {pass}})
	if res, _ := e.post("/admin/login/factor", url.Values{"code": {codes[0][1]}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a recovery code used twice: %d", res.StatusCode)
	}

	var actions []string
	rows, _ := a.pool.Query(t.Context(), `SELECT action || ' ' || subject || ' ' || detail FROM audit_log WHERE subject = $1 ORDER BY id`, accountSubject(acc.ID))
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		actions = append(actions, s)
	}
	joined := strings.Join(actions, "\n")
	for _, want := range []string{"account.factor_added", "account.recovery_codes_made", "account.sign_in_password", "account.factor_failed",
		"account.sign_in account", "account.recovery_code_used"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the audit log lacks %s:\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "127.0.0.1") || !strings.Contains(joined, "address:") {
		t.Errorf("the audit log must name the address only by a hash:\n%s", joined)
	}
}

// TestAdminsNeedASecondFactor: an admin without one reaches only the
// security page until they add one; recruiters too once the rule says
// so; an admin can reset a lost device's factors (recent password
// needed), and that is audited.
func TestAdminsNeedASecondFactor(t *testing.T) {
	clock := &movableClock{}
	// A database of its own: the rule for recruiters is site-wide.
	own, err := db.Open(t.Context(), dbtest.OwnURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(own.Close)
	a := newApp(t, withPool(own), func(d *Deps) { d.Now = clock.now })
	clearAttempts(t, a)
	root := a.addAccount("root-2fa@example.com", "Root", "root 2fa passphrase", true)
	if _, err := a.pool.Exec(t.Context(), `UPDATE accounts SET totp_secret = NULL WHERE id = $1`, root.ID); err != nil {
		t.Fatal(err)
	}
	b := a.browser()
	b.signIn("root-2fa@example.com", "root 2fa passphrase")
	for _, path := range []string{"/admin", "/admin/users", "/admin/applications"} {
		if res, _ := b.get(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/security" {
			t.Fatalf("%s for an admin without a second factor: %d %q", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if _, body := b.get("/admin/security"); !strings.Contains(body, "Add a second factor to continue") {
		t.Fatal("the security page does not say why")
	}
	// Enrol the app; the pages open.
	_, page := b.get("/admin/security/totp")
	secret := strings.ReplaceAll(secretOnPage.FindStringSubmatch(page)[1], " ", "")
	b.post("/admin/security/totp", url.Values{"code": {totpCode(t, secret, clock.now())}})
	if res, _ := b.get("/admin/users"); res.StatusCode != http.StatusOK {
		t.Fatalf("after enrolling: %d", res.StatusCode)
	}

	// The rule for recruiters.
	rec := a.addAccount("rec-2fa@example.com", "Rec Two", "rec 2fa passphrase", false)
	r := a.browser()
	r.signIn("rec-2fa@example.com", "rec 2fa passphrase")
	if res, _ := r.get("/admin/applications"); res.StatusCode != http.StatusOK {
		t.Fatalf("a recruiter before the rule: %d", res.StatusCode)
	}
	b.post("/admin/users/policy", url.Values{"require": {"yes"}})
	if res, _ := r.get("/admin/applications"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/security" {
		t.Fatalf("a recruiter after the rule: %d %q", res.StatusCode, res.Header.Get("Location"))
	}

	// Resetting someone's factors needs a recent password.
	if _, err := a.pool.Exec(t.Context(), `UPDATE accounts SET totp_secret = $2 WHERE id = $1`, rec.ID, fixtureTOTPSecret); err != nil {
		t.Fatal(err)
	}
	clock.advance(11 * time.Minute)
	b.get("/admin/users")
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/admin/users/"+idStr(rec.ID)+"/factors/reset", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Referer", a.srv.URL+"/admin/users")
	res, body := b.do(req)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Confirm it") {
		t.Fatalf("a reset 11 minutes after signing in: %d", res.StatusCode)
	}
	if got, _ := a.Accounts().ByID(t.Context(), rec.ID); !got.HasTOTP {
		t.Fatal("the stale request reset the factors")
	}
	if res, _ := b.post("/admin/reauth", url.Values{"password": {"wrong one"}, "next": {"/admin/users"}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("re-auth with a wrong password: %d", res.StatusCode)
	}
	if res, _ := b.post("/admin/reauth", url.Values{"password": {"root 2fa passphrase"}, "next": {"/admin/users"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users" {
		t.Fatalf("re-auth: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := b.post("/admin/users/"+idStr(rec.ID)+"/factors/reset", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset after re-auth: %d", res.StatusCode)
	}
	if got, _ := a.Accounts().ByID(t.Context(), rec.ID); got.HasSecondFactor() {
		t.Fatal("the factors were not reset")
	}
	var n int
	_ = a.pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'account.factors_reset' AND subject = $1 AND account_id = $2`, accountSubject(rec.ID), root.ID).Scan(&n)
	if n != 1 {
		t.Fatalf("%d audit entries for the reset", n)
	}
	// Erasing an application and adding an account need it too.
	clock.advance(11 * time.Minute)
	for _, path := range []string{"/admin/applications/1/erase", "/admin/users", "/admin/users/" + idStr(rec.ID) + "/password"} {
		if res, _ := b.post(path, url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s with a stale sign-in: %d, want the re-auth page (403)", path, res.StatusCode)
		}
	}
}

// TestFirstAdminSetupLink: with no account, the link makes the first
// admin (under the password rules), once; then it is dead.
func TestFirstAdminSetupLink(t *testing.T) {
	own, err := db.Open(t.Context(), dbtest.OwnURL(t)) // a database with no account at all
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(own.Close)
	a := newApp(t, withPool(own))
	tok, err := a.Accounts().NewSetupLink(t.Context(), time.Now())
	if err != nil || tok == "" {
		t.Fatalf("setup link: %q %v", tok, err)
	}
	b := a.browser()
	link := "/admin/setup/" + tok
	if res, body := b.get(link); res.StatusCode != http.StatusOK || !strings.Contains(body, "Create the first admin account") {
		t.Fatalf("setup page: %d", res.StatusCode)
	}
	form := url.Values{"name": {"Ada Lovelace-Ōta"}, "email": {"ada.ota@example.com"}, "password": {"password1234"}}
	if res, body := b.post(link, form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "common or leaked") {
		t.Fatalf("a common password: %d", res.StatusCode)
	}
	form.Set("password", "lantern river sketchbook")
	if res, _ := b.post(link, form); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/security" {
		t.Fatalf("setup: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	// Signed in, and asked for a second factor first.
	if res, _ := b.get("/admin"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/security" {
		t.Fatalf("the first admin's first page: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		req, _ := http.NewRequest(method, a.srv.URL+link, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if res, _ := a.browser().do(req); res.StatusCode != http.StatusNotFound {
			t.Fatalf("%s the used link: %d, want 404", method, res.StatusCode)
		}
	}
	if tok, err := a.Accounts().NewSetupLink(t.Context(), time.Now()); err != nil || tok != "" {
		t.Fatalf("a setup link once an account exists: %q %v", tok, err)
	}
}
