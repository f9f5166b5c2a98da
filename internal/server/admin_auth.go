package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/sessions"
	"example.com/careers/internal/text"
	"example.com/careers/web"
)

const accountCtxKey ctxKey = iota + 100

// accountFrom returns the signed-in account that requireAccount found.
func accountFrom(ctx context.Context) accounts.Account {
	a, _ := ctx.Value(accountCtxKey).(accounts.Account)
	return a
}

// adminHeaders marks every admin response private and unindexed.
func adminHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
		next.ServeHTTP(w, r)
	})
}

// requireAccount lets a request through only with a session of an
// enabled account. Others go to sign-in (a page) or get 401 (anything
// else). The account is read afresh on every request, so disabling it
// takes effect at once.
func (s *server) requireAccount(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id := s.Sessions.GetInt64(ctx, sessions.AccountKey)
		var acc accounts.Account
		var err error
		if id != 0 {
			acc, err = s.Accounts.ByID(ctx, id)
			if err != nil && !errors.Is(err, accounts.ErrNotFound) {
				s.serveError(w, r, err)
				return
			}
			if err == nil && acc.Disabled() {
				err = accounts.ErrNotFound
			}
			if err != nil {
				_ = s.Sessions.Destroy(ctx)
			}
		}
		if id == 0 || err != nil {
			s.Logger.InfoContext(ctx, "refused: not signed in", "request_id", requestIDFrom(ctx),
				"method", r.Method, "path", r.URL.Path)
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.serveError(w, r, errUnauthorized)
			return
		}
		if to, err := s.gate(ctx, acc, r.URL.Path); err != nil {
			s.serveError(w, r, err)
			return
		} else if to != "" {
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, accountCtxKey, acc)))
	})
}

// gate names the page an account must go to before any other: its own
// new password when an admin set it, then its security page while it
// lacks a second factor it needs. "" lets the request through.
func (s *server) gate(ctx context.Context, acc accounts.Account, path string) (string, error) {
	if acc.MustChangePassword {
		if path == "/admin/password" {
			return "", nil
		}
		return "/admin/password", nil
	}
	if acc.HasSecondFactor() || path == "/admin/password" || path == "/admin/reauth" ||
		path == "/admin/security" || strings.HasPrefix(path, "/admin/security/") {
		return "", nil
	}
	needs, err := s.Accounts.NeedsSecondFactor(ctx, acc)
	if err != nil || !needs {
		return "", err
	}
	return "/admin/security", nil
}

// requireRecruiter refuses interviewers with 403: they reach only their
// own interviews (admin_interviews.go) and their account's pages.
func (s *server) requireRecruiter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		acc := accountFrom(r.Context())
		if acc.IsInterviewer {
			s.Logger.WarnContext(r.Context(), "refused: recruiters only", "request_id", requestIDFrom(r.Context()),
				"account_id", acc.ID, "path", r.URL.Path)
			s.serveError(w, r, errRecruitersOnly)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireAdmin refuses recruiters with 403.
func (s *server) requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		acc := accountFrom(r.Context())
		if !acc.IsAdmin {
			s.Logger.WarnContext(r.Context(), "refused: admin only", "request_id", requestIDFrom(r.Context()),
				"account_id", acc.ID, "path", r.URL.Path)
			s.serveError(w, r, errForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loginForm serves the sign-in page.
func (s *server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if s.Sessions.GetInt64(r.Context(), sessions.AccountKey) != 0 {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther) //nolint:gosec // G710: safeNext keeps only paths under /admin
		return nil
	}
	return s.renderLogin(w, r, http.StatusOK, web.LoginView{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *server) renderLogin(w http.ResponseWriter, r *http.Request, status int, v web.LoginView) error {
	v.Chrome = s.chrome(r, "Sign in", "Sign in to the recruiting pages.")
	v.Chrome.NoIndex = true
	return s.render(w, r, status, web.LoginPage(v))
}

// login checks the credentials, throttled per client address and per
// account, and starts a session with a new token.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	// Cleaned like every stored address (a NUL or invalid UTF-8 reached
	// the database and was a 500, not a refusal: TestSQLMetacharactersAreText).
	email := text.Line(r.PostForm.Get("email"), 320)
	password := r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	now := s.Now()
	accountKey := ratelimit.HashedKey("account", email)

	if email == "" || password == "" {
		return s.renderLogin(w, r, http.StatusUnprocessableEntity, web.LoginView{
			Email: email, Next: next, Problem: "Enter your email address and your password.",
		})
	}
	attempt, err := s.SignInLimit.Attempt(ctx, now, ratelimit.AddressKey(s.clientAddr(r)), accountKey)
	if err != nil {
		return err
	}
	if attempt.Blocked {
		s.Logger.WarnContext(ctx, "sign-in throttled", "request_id", requestIDFrom(ctx), "account_under_attack", attempt.UnderAttack)
		s.auditSignIn(r, "account.sign_in_throttled", s.claimedAccount(ctx, email), map[bool]string{true: "account under attack", false: "too many tries"}[attempt.UnderAttack])
		secs := strconv.Itoa(int(attempt.Wait.Seconds() + 0.999))
		w.Header().Set("Retry-After", secs)
		return s.renderLogin(w, r, http.StatusTooManyRequests, web.LoginView{
			Email: email, Next: next,
			Problem: "Too many sign-in attempts. For your account's safety, please wait " + secs + " seconds and try again.",
		})
	}

	acc, err := s.Accounts.Authenticate(ctx, email, password)
	if errors.Is(err, accounts.ErrBadCredentials) {
		s.Logger.InfoContext(ctx, "sign-in failed", "request_id", requestIDFrom(ctx))
		s.auditSignIn(r, "account.sign_in_failed", s.claimedAccount(ctx, email), "wrong password or no such account")
		return s.renderLogin(w, r, http.StatusUnauthorized, web.LoginView{
			Email: email, Next: next, Problem: "That email and password do not match an account.",
		})
	}
	if err != nil {
		return err
	}
	// A correct password does not count, and clears this address's
	// failures at the account.
	if err := s.SignInLimit.Succeeded(ctx, attempt); err != nil {
		return err
	}
	// A new token at sign-in: a token planted before (session fixation)
	// is worth nothing afterwards.
	if err := s.Sessions.RenewToken(ctx); err != nil {
		return err
	}
	if acc.HasSecondFactor() {
		// The password alone opens nothing: the session waits for the
		// second factor (admin_factor.go).
		s.Sessions.Put(ctx, sessions.PendingKey, acc.ID)
		s.Sessions.Put(ctx, sessions.PendingAtKey, now.Unix())
		s.Sessions.Put(ctx, sessions.NextKey, next)
		s.auditSignIn(r, "account.sign_in_password", accountSubject(acc.ID), "second factor asked")
		return seeOther(w, r, "/admin/login/factor")
	}
	return s.completeSignIn(w, r, acc, "password", next)
}

// completeSignIn opens the session for acc once every factor it has was
// proven (method names the last one, for the audit log), then sends the
// browser on to next.
func (s *server) completeSignIn(w http.ResponseWriter, r *http.Request, acc accounts.Account, method, next string) error {
	s.openSession(r, acc, method)
	http.Redirect(w, r, next, http.StatusSeeOther) //nolint:gosec // G710: next went through safeNext, which keeps only paths under /admin
	return nil
}

// openSession marks the session signed in as acc, and records it.
func (s *server) openSession(r *http.Request, acc accounts.Account, method string) {
	ctx := r.Context()
	s.Sessions.Remove(ctx, sessions.PendingKey)
	s.Sessions.Remove(ctx, sessions.PendingAtKey)
	s.Sessions.Remove(ctx, sessions.NextKey)
	s.Sessions.Put(ctx, sessions.AccountKey, acc.ID)
	s.Sessions.Put(ctx, sessions.AuthAtKey, s.Now().Unix())
	s.Logger.InfoContext(ctx, "signed in", "request_id", requestIDFrom(ctx), "account_id", acc.ID, "method", method)
	s.auditSignIn(r, "account.sign_in", accountSubject(acc.ID), method)
}

// auditSignIn records a sign-in event with a hash of the client address
// (never the address itself). A failure to write it is logged, not
// shown: the sign-in itself stands.
func (s *server) auditSignIn(r *http.Request, action, subject, detail string) {
	addr := ratelimit.HashedKey("address", ratelimit.AddressKey(s.clientAddr(r)))
	if detail != "" {
		detail += "; "
	}
	if err := s.Audit.Write(r.Context(), audit.Actor{Label: "sign-in"}, action, subject, detail+addr); err != nil {
		s.Logger.ErrorContext(r.Context(), "audit sign-in", "request_id", requestIDFrom(r.Context()), "err", err)
	}
}

// claimedAccount names the account an email typed at sign-in belongs
// to, for the audit log: its id, or that none has it.
func (s *server) claimedAccount(ctx context.Context, email string) string {
	acc, err := s.Accounts.ByEmail(ctx, email)
	if err != nil {
		return "no account with that email"
	}
	return accountSubject(acc.ID)
}

func accountSubject(id int64) string { return "account " + strconv.FormatInt(id, 10) }

// logout ends the session on the server, not just in the browser.
// It needs no full sign-in: the second step's "cancel" signs out too.
func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	id := s.Sessions.GetInt64(r.Context(), sessions.AccountKey)
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	s.Logger.InfoContext(r.Context(), "signed out", "request_id", requestIDFrom(r.Context()), "account_id", id)
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-sign-in destination only when it is a local
// admin path: never another host ("//evil", "/\evil", "https://evil").
func safeNext(next string) string {
	const home = "/admin"
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || path.Clean(u.Path) != u.Path {
		return home
	}
	if u.Path != "/admin" && !strings.HasPrefix(u.Path, "/admin/") || strings.HasPrefix(u.Path, "/admin/login") {
		return home
	}
	return u.RequestURI()
}

// clientAddr is the client's address: the connection's, unless a trusted
// proxy header is configured. X-Forwarded-For is read from the right: the
// last entry is the one our proxy added; earlier ones are the client's
// claims.
func (s *server) clientAddr(r *http.Request) string {
	if h := s.TrustedProxyHeader; h != "" {
		if v := r.Header.Values(h); len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			if ip, ok := ratelimit.ParseAddr(parts[len(parts)-1]); ok {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
