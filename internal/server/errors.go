package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/alerts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/mail"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/selfid"
	"example.com/careers/internal/takehomes"
	"example.com/careers/web"
)

// statusError carries the HTTP status a failure should be answered with.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

var (
	errNotFound         = &statusError{http.StatusNotFound, errors.New("not found")}
	errMethodNotAllowed = &statusError{http.StatusMethodNotAllowed, errors.New("method not allowed")}
	errCrossOrigin      = &statusError{http.StatusForbidden, errors.New("cross-origin request refused")}
	errPanic            = errors.New("handler panicked")
	errBadRequest       = &statusError{http.StatusBadRequest, errors.New("malformed request")}
	errTooLarge         = &statusError{http.StatusRequestEntityTooLarge, errors.New("request body too large")}
	errBusy             = &statusError{http.StatusServiceUnavailable, errors.New("too many uploads at once")}
	errUnauthorized     = &statusError{http.StatusUnauthorized, errors.New("not signed in")}
	errForbidden        = &statusError{http.StatusForbidden, errors.New("not allowed")}
	// errRecruitersOnly refuses interviewers the recruiters' pages.
	errRecruitersOnly = &statusError{http.StatusForbidden, errors.New("recruiters only")}
)

// statusOf maps an error to the status the user gets; anything unknown is
// a 500.
func (s *server) statusOf(err error) int {
	if se, ok := errors.AsType[*statusError](err); ok {
		return se.status
	}
	switch {
	case errors.Is(err, roles.ErrNotFound), errors.Is(err, applications.ErrNotFound), errors.Is(err, accounts.ErrNotFound),
		errors.Is(err, mail.ErrNotFound), errors.Is(err, alerts.ErrNotFound), errors.Is(err, takehomes.ErrNotFound),
		errors.Is(err, questions.ErrNotFound), errors.Is(err, selfid.ErrNotFound):
		return http.StatusNotFound
	case s.Database.IsUnavailable(err), errors.Is(err, accounts.ErrBusy):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// errorCopy is what a user reads for each status, as the catalog's
// errors.<name>.heading and .message: friendly, and never the internals
// of the failure.
var errorCopy = map[int]string{
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusBadRequest:            "bad_request",
	http.StatusRequestEntityTooLarge: "too_large",
	http.StatusUnauthorized:          "unauthorized",
	http.StatusForbidden:             "forbidden",
	http.StatusServiceUnavailable:    "unavailable",
	http.StatusInternalServerError:   "internal",
}

// errorText is the heading and message of the error page for status,
// in p's language ("" for a status with no message).
func errorText(p *i18n.Printer, status int) (heading, message string) {
	name := errorCopy[status]
	heading = p.T("errors." + name + ".heading")
	if id := "errors." + name + ".message"; p.T(id) != id {
		message = p.T(id)
	}
	return heading, message
}

// serveError logs server failures and renders the error page for err.
func (s *server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The client went away: nobody is left to read a page, and it is
		// not a failure of ours.
		s.Logger.DebugContext(r.Context(), "client gone", "request_id", requestIDFrom(r.Context()))
		return
	}
	status := s.statusOf(err)
	if _, ok := errorCopy[status]; !ok {
		status = http.StatusInternalServerError
	}
	p := s.printer(r)
	heading, message := errorText(p, status)
	id := requestIDFrom(r.Context())
	switch {
	case status == http.StatusServiceUnavailable:
		// Shed load or the database out of reach: anyone can cause a
		// stream of these, so they are WARN and counted; /readyz and the
		// counter are what an operator watches.
		reason := "database"
		if errors.Is(err, errBusy) || errors.Is(err, accounts.ErrBusy) {
			reason = "busy"
		}
		s.metrics.unavailable.WithLabelValues(reason).Inc()
		s.Logger.WarnContext(r.Context(), "request answered 503", "request_id", id, "reason", reason, "err", err)
	case status >= 500:
		s.Logger.ErrorContext(r.Context(), "request failed", "request_id", id, "status", status, "err", err)
	}
	w.Header().Set("Cache-Control", "no-store")
	v := web.ErrorView{
		Chrome:  s.chrome(r, heading, message),
		Status:  status,
		Heading: heading,
		Message: message,
	}
	// The refusals of staff pages stay English, as those pages are.
	if errors.Is(err, errCrossOrigin) {
		v.Heading, v.Message = p.T("errors.forbidden.heading"), p.T("errors.cross_origin.message")
	} else if errors.Is(err, errRecruitersOnly) {
		v.Heading, v.Message = "You don't have access to this page", "Interviewers see the applications assigned to them, under Your interviews."
	} else if status == http.StatusForbidden {
		v.Heading, v.Message = "You don't have access to this page", "This page is for admins only."
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "30")
		if r.Method == http.MethodPost {
			// Honest about a form: it was not stored.
			v.Message = p.T("errors.unavailable.message_post")
		}
	}
	v.Chrome.Title = v.Heading
	v.Chrome.NoIndex = true
	// An error page is nobody's canonical address; and the request's own
	// URL may hold a guessed token, which every 404 must not echo back
	// (all wrong tokens get one identical page: TestWrongTokensAllLookAlike).
	v.Chrome.Canonical = ""
	// For the same reason the switcher leads to each language's home
	// page, not to this address in it.
	for i, l := range v.Chrome.Languages {
		v.Chrome.Languages[i].Href = s.Site.Catalog.Printer(l.Code).Path("/")
	}
	if status >= 500 {
		v.RequestID = id
	}
	if rerr := s.render(w, r, status, web.ErrorPage(v)); rerr != nil {
		if r.Context().Err() != nil {
			// The connection is gone or cut (an aborted or stalled upload):
			// the status line is all it may still take, and nothing is
			// wrong with the site.
			s.Logger.DebugContext(r.Context(), "connection ended before the error page", "request_id", id)
		} else {
			s.Logger.ErrorContext(r.Context(), "render error page", "request_id", id, "err", rerr)
		}
		http.Error(w, http.StatusText(status), status)
	}
}

func (s *server) notFound(http.ResponseWriter, *http.Request) error { return errNotFound }

// methodNotAllowed answers 405 with the Allow header RFC 9110 asks for,
// found by asking the router which methods the path has.
func (s *server) methodNotAllowed(w http.ResponseWriter, r *http.Request) error {
	var allowed []string
	if s.mux.Match(chi.NewRouteContext(), http.MethodGet, r.URL.Path) {
		// middleware.GetHead answers HEAD wherever GET is routed.
		allowed = append(allowed, http.MethodGet, http.MethodHead)
	}
	if s.mux.Match(chi.NewRouteContext(), http.MethodPost, r.URL.Path) {
		allowed = append(allowed, http.MethodPost)
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	return errMethodNotAllowed
}
