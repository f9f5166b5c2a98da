package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/sessions"
	"example.com/careers/web"
)

// adminSecurity shows the signed-in account's factors.
func (s *server) adminSecurity(w http.ResponseWriter, r *http.Request) error {
	return s.renderSecurity(w, r, http.StatusOK, "")
}

func (s *server) renderSecurity(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	ctx := r.Context()
	acc := accountFrom(ctx)
	keys, err := s.Accounts.Passkeys(ctx, acc.ID)
	if err != nil {
		return err
	}
	left, err := s.Accounts.RecoveryCodesLeft(ctx, acc.ID)
	if err != nil {
		return err
	}
	needs, err := s.Accounts.NeedsSecondFactor(ctx, acc)
	if err != nil {
		return err
	}
	v := web.SecurityView{
		Chrome: s.adminChrome(r, "Sign-in security"), Flash: s.popFlash(r), Problem: problem, Name: acc.Name,
		HasTOTP: acc.HasTOTP, RecoveryLeft: left, Required: needs, MissingFactor: needs && !acc.HasSecondFactor(),
		PasskeysAvailable: s.WebAuthn != nil,
	}
	for _, k := range keys {
		row := web.PasskeyRow{ID: k.ID, Name: k.Name, Added: k.CreatedAt.In(s.Site.Settings.Location()).Format("January 2, 2006 15:04 MST")}
		if k.LastUsedAt != nil {
			row.LastUsed = k.LastUsedAt.In(s.Site.Settings.Location()).Format("January 2, 2006 15:04 MST")
		}
		v.Passkeys = append(v.Passkeys, row)
	}
	return s.render(w, r, status, web.SecurityPage(v))
}

// adminTOTPForm shows a new secret to enrol, kept in the session until
// the app's first code proves it was added.
func (s *server) adminTOTPForm(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	key, err := accounts.NewTOTPKey(s.Site.Settings.Name, acc)
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), sessions.TOTPEnrolKey, key.URL())
	return s.renderTOTPEnrol(w, r, http.StatusOK, key.URL(), "")
}

func (s *server) renderTOTPEnrol(w http.ResponseWriter, r *http.Request, status int, keyURL, problem string) error {
	key, err := accounts.ParseTOTPURL(keyURL)
	if err != nil {
		return err
	}
	qr, err := web.NewQRCode(keyURL)
	if err != nil {
		return err
	}
	return s.render(w, r, status, web.TOTPEnrolPage(web.TOTPEnrolView{
		Chrome: s.adminChrome(r, "Set up an authenticator app"), Secret: key.Secret(), QR: qr, Problem: problem,
	}))
}

// adminTOTPEnable turns the app on once its code is right; a first
// factor also brings a set of recovery codes.
func (s *server) adminTOTPEnable(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	acc := accountFrom(ctx)
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	keyURL := s.Sessions.GetString(ctx, sessions.TOTPEnrolKey)
	if keyURL == "" {
		return seeOther(w, r, "/admin/security/totp")
	}
	key, err := accounts.ParseTOTPURL(keyURL)
	if err != nil {
		return err
	}
	err = s.Accounts.EnableTOTP(ctx, acc, key.Secret(), r.PostForm.Get("code"), s.Now())
	if errors.Is(err, accounts.ErrCodeRefused) {
		return s.renderTOTPEnrol(w, r, http.StatusUnprocessableEntity, keyURL,
			"Enter the 6-digit code the app shows now for this account. If it keeps failing, check that the phone's clock is set automatically.")
	}
	if err != nil {
		return err
	}
	s.Sessions.Remove(ctx, sessions.TOTPEnrolKey)
	s.Sessions.Put(ctx, sessions.AuthAtKey, s.Now().Unix())
	return s.afterFirstFactor(w, r, acc, "Your authenticator app is set up.")
}

// afterFirstFactor shows recovery codes when the account has none yet,
// else goes back to the security page.
func (s *server) afterFirstFactor(w http.ResponseWriter, r *http.Request, acc accounts.Account, done string) error {
	left, err := s.Accounts.RecoveryCodesLeft(r.Context(), acc.ID)
	if err != nil {
		return err
	}
	if left > 0 {
		s.flash(r, done)
		return seeOther(w, r, "/admin/security")
	}
	return s.showRecoveryCodes(w, r, acc, done+" Here are your recovery codes.")
}

func (s *server) showRecoveryCodes(w http.ResponseWriter, r *http.Request, acc accounts.Account, lead string) error {
	codes, err := s.Accounts.NewRecoveryCodes(r.Context(), acc.Actor(), acc.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.RecoveryCodesPage(web.RecoveryCodesView{
		Chrome: s.adminChrome(r, "Your recovery codes"), Codes: codes, Lead: lead,
	}))
}

// adminRecoveryCodes makes a new set (the old one stops working).
func (s *server) adminRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	if !acc.HasSecondFactor() {
		return s.renderSecurity(w, r, http.StatusUnprocessableEntity, "Add a passkey or an authenticator app first: recovery codes stand in for one.")
	}
	return s.showRecoveryCodes(w, r, acc, "A new set: the codes you had before no longer work.")
}

// adminTOTPOff removes the app (recent authentication required), unless
// it is the last factor of an account that needs one.
func (s *server) adminTOTPOff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	acc := accountFrom(ctx)
	if err := s.keepOneFactor(r, acc, acc.Passkeys); err != nil {
		return s.renderSecurity(w, r, http.StatusConflict, err.Error())
	}
	if err := s.Accounts.DisableTOTP(ctx, acc.Actor(), acc.ID); err != nil {
		return err
	}
	s.flash(r, "The authenticator app is turned off.")
	return seeOther(w, r, "/admin/security")
}

var errLastFactor = errors.New("your account needs a second factor: add another one before removing this one")

func (s *server) keepOneFactor(r *http.Request, acc accounts.Account, othersLeft int) error {
	needs, err := s.Accounts.NeedsSecondFactor(r.Context(), acc)
	if err != nil {
		return err
	}
	if needs && othersLeft == 0 {
		return errLastFactor
	}
	return nil
}

// adminPasskeyOptions starts registering a passkey.
func (s *server) adminPasskeyOptions(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	user, err := s.passkeyUser(r.Context(), acc)
	if err != nil {
		return err
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range user.creds {
		exclude = append(exclude, c.Descriptor())
	}
	options, session, err := s.WebAuthn.BeginRegistration(user,
		webauthn.WithExclusions(exclude), webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred))
	if err != nil {
		return err
	}
	return s.sendCeremony(w, r, session, options)
}

// adminPasskeyAdd finishes registering it (?name= names it).
func (s *server) adminPasskeyAdd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	acc := accountFrom(ctx)
	user, err := s.passkeyUser(ctx, acc)
	if err != nil {
		return err
	}
	session, err := s.takeCeremony(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	cred, err := s.WebAuthn.FinishRegistration(user, session, r)
	if err != nil {
		return jsonAnswer(w, http.StatusUnprocessableEntity, map[string]string{"error": "The passkey could not be added. Try again."})
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	if err := s.Accounts.AddPasskey(ctx, acc, r.URL.Query().Get("name"), cred.ID, raw); err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessions.AuthAtKey, s.Now().Unix())
	left, err := s.Accounts.RecoveryCodesLeft(ctx, acc.ID)
	if err != nil {
		return err
	}
	next := "/admin/security"
	if left == 0 {
		next = "/admin/security/recovery/first"
	} else {
		s.flash(r, "Your passkey is added.")
	}
	return jsonAnswer(w, http.StatusOK, map[string]string{"next": next})
}

// adminFirstRecoveryCodes shows the first set after a first passkey (the
// passkey is added with JSON, so the codes come on the next page). Only
// an account with a factor and no codes gets here.
func (s *server) adminFirstRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	left, err := s.Accounts.RecoveryCodesLeft(r.Context(), acc.ID)
	if err != nil {
		return err
	}
	if !acc.HasSecondFactor() || left > 0 {
		return seeOther(w, r, "/admin/security")
	}
	return s.showRecoveryCodes(w, r, acc, "Your passkey is added. Here are your recovery codes.")
}

// adminPasskeyDelete removes one (recent authentication required).
func (s *server) adminPasskeyDelete(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	acc := accountFrom(ctx)
	id, err := idParam(r)
	if err != nil {
		return err
	}
	others := acc.Passkeys - 1
	if acc.HasTOTP {
		others++
	}
	if err := s.keepOneFactor(r, acc, others); err != nil {
		return s.renderSecurity(w, r, http.StatusConflict, err.Error())
	}
	if err := s.Accounts.DeletePasskey(ctx, acc.Actor(), acc.ID, id); err != nil {
		return err
	}
	s.flash(r, "The passkey is removed.")
	return seeOther(w, r, "/admin/security")
}

// adminPasswordForm and adminPassword let staff change their own
// password: the current one is required, and every other session of the
// account ends.
func (s *server) adminPasswordForm(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	return s.render(w, r, http.StatusOK, web.PasswordPage(web.PasswordView{
		Chrome: s.adminChrome(r, "Change your password"), Required: acc.MustChangePassword,
	}))
}

func (s *server) adminPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	acc := accountFrom(ctx)
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	refuse := func(field, problem string) error {
		return s.render(w, r, http.StatusUnprocessableEntity, web.PasswordPage(web.PasswordView{
			Chrome: s.adminChrome(r, "Error: Change your password"), Problem: problem, Field: field, Required: acc.MustChangePassword,
		}))
	}
	err := s.Accounts.ChangeOwnPassword(ctx, acc, r.PostForm.Get("current"), r.PostForm.Get("new"))
	if errors.Is(err, accounts.ErrBadCredentials) {
		return refuse("current", "Your current password is not right.")
	}
	if pe, ok := errors.AsType[*accounts.PasswordError](err); ok {
		return refuse("new", pe.Problem)
	}
	if err != nil {
		return err
	}
	// Every other session ends; this one goes on with a new token.
	if err := sessions.EndAll(ctx, s.Sessions, acc.ID); err != nil {
		return err
	}
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessions.AccountKey, acc.ID)
	s.Sessions.Put(ctx, sessions.AuthAtKey, s.Now().Unix())
	s.flash(r, "Your password is changed, and you are signed out everywhere else.")
	if acc.MustChangePassword {
		return seeOther(w, r, "/admin")
	}
	return seeOther(w, r, "/admin/security")
}
