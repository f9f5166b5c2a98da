package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/sessions"
	"example.com/careers/web"
)

// pendingLifetime is how long a right password waits for its second
// factor before the sign-in starts over.
const pendingLifetime = 5 * time.Minute

// pendingAccount returns the account whose password was right in this
// session and whose second factor is awaited, if it still is.
func (s *server) pendingAccount(r *http.Request) (accounts.Account, bool, error) {
	ctx := r.Context()
	id := s.Sessions.GetInt64(ctx, sessions.PendingKey)
	at := s.Sessions.GetInt64(ctx, sessions.PendingAtKey)
	if id == 0 || s.Now().Sub(time.Unix(at, 0)) > pendingLifetime {
		return accounts.Account{}, false, nil
	}
	acc, err := s.Accounts.ByID(ctx, id)
	if errors.Is(err, accounts.ErrNotFound) || (err == nil && acc.Disabled()) {
		return accounts.Account{}, false, nil
	}
	return acc, err == nil, err
}

func (s *server) renderFactor(w http.ResponseWriter, r *http.Request, status int, acc accounts.Account, problem string) error {
	c := s.chrome(r, "Confirm it's you", "The second step of signing in.")
	c.NoIndex = true
	if problem != "" {
		c.Title = "Error: " + c.Title
	}
	return s.render(w, r, status, web.FactorPage(web.FactorView{
		Chrome: c, HasTOTP: acc.HasTOTP, HasPasskeys: acc.Passkeys > 0 && s.WebAuthn != nil, Problem: problem,
	}))
}

// loginFactorForm asks for the second factor.
func (s *server) loginFactorForm(w http.ResponseWriter, r *http.Request) error {
	acc, ok, err := s.pendingAccount(r)
	if err != nil {
		return err
	}
	if !ok {
		return seeOther(w, r, "/admin/login")
	}
	return s.renderFactor(w, r, http.StatusOK, acc, "")
}

var totpCodeShape = regexp.MustCompile(`^[0-9 ]{6,8}$`)

// loginFactor checks a code from the app or a recovery code. Wrong codes
// are limited per address and per account (factorLimit): whoever tries
// them already has the password.
func (s *server) loginFactor(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	acc, ok, err := s.pendingAccount(r)
	if err != nil {
		return err
	}
	if !ok {
		return seeOther(w, r, "/admin/login")
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	code := r.PostForm.Get("code")
	if code == "" {
		return s.renderFactor(w, r, http.StatusUnprocessableEntity, acc, "Enter the code.")
	}
	attempt, err := s.FactorLimit.Attempt(ctx, s.Now(), ratelimit.AddressKey(s.clientAddr(r)), accountSubject(acc.ID))
	if err != nil {
		return err
	}
	if attempt.Blocked {
		secs := strconv.Itoa(int(attempt.Wait.Seconds() + 0.999))
		w.Header().Set("Retry-After", secs)
		s.auditSignIn(r, "account.factor_throttled", accountSubject(acc.ID), "too many wrong codes")
		return s.renderFactor(w, r, http.StatusTooManyRequests, acc, "Too many wrong codes. Please wait "+secs+" seconds and try again.")
	}
	method := "recovery code"
	if totpCodeShape.MatchString(code) && acc.HasTOTP {
		method = "authenticator app"
		err = s.Accounts.CheckTOTP(ctx, acc.ID, code, s.Now())
	} else {
		err = s.Accounts.UseRecoveryCode(ctx, acc, code, s.Now())
	}
	if errors.Is(err, accounts.ErrCodeRefused) {
		s.auditSignIn(r, "account.factor_failed", accountSubject(acc.ID), method)
		return s.renderFactor(w, r, http.StatusUnauthorized, acc,
			"That code did not work. App codes change every 30 seconds and work once; a recovery code works once.")
	}
	if err != nil {
		return err
	}
	if err := s.FactorLimit.Forget(ctx, attempt); err != nil {
		return err
	}
	next := safeNext(s.Sessions.GetString(ctx, sessions.NextKey))
	if method == "recovery code" {
		left, err := s.Accounts.RecoveryCodesLeft(ctx, acc.ID)
		if err == nil {
			s.flash(r, "You signed in with a recovery code; "+strconv.Itoa(left)+" left. If you lost your device, add a new factor and make new codes here.")
			next = "/admin/security"
		}
	}
	return s.completeSignIn(w, r, acc, method, next)
}

// loginPasskeyOptions starts a passkey sign-in for the pending account.
func (s *server) loginPasskeyOptions(w http.ResponseWriter, r *http.Request) error {
	acc, ok, err := s.pendingAccount(r)
	if err != nil {
		return err
	}
	if !ok {
		return errUnauthorized
	}
	user, err := s.passkeyUser(r.Context(), acc)
	if err != nil {
		return err
	}
	options, session, err := s.WebAuthn.BeginLogin(user)
	if err != nil {
		return err
	}
	return s.sendCeremony(w, r, session, options)
}

// loginPasskey finishes the passkey sign-in.
func (s *server) loginPasskey(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	acc, ok, err := s.pendingAccount(r)
	if err != nil {
		return err
	}
	if !ok {
		return errUnauthorized
	}
	user, err := s.passkeyUser(ctx, acc)
	if err != nil {
		return err
	}
	session, err := s.takeCeremony(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	cred, err := s.WebAuthn.FinishLogin(user, session, r)
	if err != nil {
		s.auditSignIn(r, "account.factor_failed", accountSubject(acc.ID), "passkey")
		return jsonAnswer(w, http.StatusUnauthorized, map[string]string{"error": "That passkey did not work. Try again, or enter a code instead."})
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	if err := s.Accounts.PasskeyUsed(ctx, acc.ID, cred.ID, raw, s.Now()); err != nil {
		return err
	}
	next := safeNext(s.Sessions.GetString(ctx, sessions.NextKey))
	// The page's script goes on to next: a JSON answer, not a redirect.
	s.openSession(r, acc, "passkey")
	return jsonAnswer(w, http.StatusOK, map[string]string{"next": next})
}

func jsonAnswer(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}
