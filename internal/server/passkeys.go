package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"

	"github.com/go-webauthn/webauthn/webauthn"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/sessions"
)

// ErrPasskeysNeedDomain: WebAuthn relying parties are named by a domain,
// so a site served under an IP address cannot offer passkeys.
var ErrPasskeysNeedDomain = errors.New("passkeys need BASE_URL to name a host, not an IP address")

// NewWebAuthn is the site's WebAuthn relying party: its ID is the host
// of baseURL, and only that origin may use its passkeys.
func NewWebAuthn(siteName, baseURL string) (*webauthn.WebAuthn, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("webauthn: base URL %q has no host", baseURL)
	}
	if net.ParseIP(u.Hostname()) != nil {
		return nil, ErrPasskeysNeedDomain
	}
	return webauthn.New(&webauthn.Config{
		RPID: u.Hostname(), RPDisplayName: siteName, RPOrigins: []string{u.Scheme + "://" + u.Host},
	})
}

// passkeyUser is an account as the WebAuthn library sees it.
type passkeyUser struct {
	acc   accounts.Account
	creds []webauthn.Credential
}

func (u passkeyUser) WebAuthnID() []byte                         { return u.acc.WebAuthnID }
func (u passkeyUser) WebAuthnName() string                       { return u.acc.Email }
func (u passkeyUser) WebAuthnDisplayName() string                { return u.acc.Name }
func (u passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// errNoPasskeys answers passkey requests on a site without them.
var errNoPasskeys = &statusError{http.StatusNotFound, ErrPasskeysNeedDomain}

func (s *server) passkeyUser(ctx context.Context, acc accounts.Account) (passkeyUser, error) {
	if s.WebAuthn == nil {
		return passkeyUser{}, errNoPasskeys
	}
	list, err := s.Accounts.Passkeys(ctx, acc.ID)
	if err != nil {
		return passkeyUser{}, err
	}
	u := passkeyUser{acc: acc}
	for _, p := range list {
		var c webauthn.Credential
		if err := json.Unmarshal(p.Credential, &c); err != nil {
			return passkeyUser{}, fmt.Errorf("passkey %d: %w", p.ID, err)
		}
		u.creds = append(u.creds, c)
	}
	return u, nil
}

// sendCeremony keeps a ceremony's challenge in the session (the browser
// never holds it) and answers its options as JSON.
func (s *server) sendCeremony(w http.ResponseWriter, r *http.Request, session *webauthn.SessionData, options any) error {
	raw, err := json.Marshal(session)
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), sessions.WebAuthnKey, raw)
	return jsonAnswer(w, http.StatusOK, options)
}

// takeCeremony returns the ceremony kept by sendCeremony and forgets it:
// a challenge answers once.
func (s *server) takeCeremony(r *http.Request) (webauthn.SessionData, error) {
	raw := s.Sessions.PopBytes(r.Context(), sessions.WebAuthnKey)
	var session webauthn.SessionData
	if len(raw) == 0 {
		return session, errBadRequest
	}
	if err := json.Unmarshal(raw, &session); err != nil {
		return session, errBadRequest
	}
	return session, nil
}
