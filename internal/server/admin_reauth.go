package server

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/sessions"
	"example.com/careers/web"
)

// reauthWindow is how recent the password (or a factor) must be for a
// sensitive action: erasing data, creating accounts, resetting a
// password or a factor, turning a factor off.
const reauthWindow = 10 * time.Minute

// requireRecentAuth lets a sensitive action through only when the
// password was proven within reauthWindow. Otherwise nothing is done,
// and the page asks for the password, then sends the admin back to the
// page they came from to do it again.
func (s *server) requireRecentAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := s.Sessions.GetInt64(r.Context(), sessions.AuthAtKey)
		if s.Now().Sub(time.Unix(at, 0)) <= reauthWindow {
			next.ServeHTTP(w, r)
			return
		}
		back := "/admin"
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
			back = safeNext(ref.RequestURI())
		}
		s.Logger.InfoContext(r.Context(), "refused: authentication not recent", "request_id", requestIDFrom(r.Context()), "path", r.URL.Path)
		if err := s.renderReauth(w, r, http.StatusForbidden, back, ""); err != nil {
			s.serveError(w, r, err)
		}
	})
}

func (s *server) renderReauth(w http.ResponseWriter, r *http.Request, status int, next, problem string) error {
	return s.render(w, r, status, web.ReauthPage(web.ReauthView{
		Chrome: s.adminChrome(r, "Confirm it's you"), Next: next, Problem: problem,
	}))
}

// adminReauthForm and adminReauth prove the password again.
func (s *server) adminReauthForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderReauth(w, r, http.StatusOK, safeNext(r.URL.Query().Get("next")), "")
}

func (s *server) adminReauth(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	acc := accountFrom(ctx)
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	next := safeNext(r.PostForm.Get("next"))
	attempt, err := s.SignInLimit.Attempt(ctx, s.Now(), ratelimit.AddressKey(s.clientAddr(r)), ratelimit.HashedKey("account", acc.Email))
	if err != nil {
		return err
	}
	if attempt.Blocked {
		return s.renderReauth(w, r, http.StatusTooManyRequests, next, "Too many tries. Please wait a minute and try again.")
	}
	_, err = s.Accounts.Authenticate(ctx, acc.Email, r.PostForm.Get("password"))
	if errors.Is(err, accounts.ErrBadCredentials) {
		s.auditSignIn(r, "account.reauth_failed", accountSubject(acc.ID), "")
		return s.renderReauth(w, r, http.StatusUnauthorized, next, "That is not your password.")
	}
	if err != nil {
		return err
	}
	if err := s.SignInLimit.Succeeded(ctx, attempt); err != nil {
		return err
	}
	s.Sessions.Put(ctx, sessions.AuthAtKey, s.Now().Unix())
	s.auditSignIn(r, "account.reauth", accountSubject(acc.ID), "")
	s.flash(r, "Thank you. You can go ahead now.")
	return seeOther(w, r, next)
}
