package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/alerts"
	"example.com/careers/internal/content"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/roles"
	"example.com/careers/web"
)

// seasonSummary is the timeline's one-line "where we are" for today, in
// r's language.
func (s *server) seasonSummary(r *http.Request) string {
	st := s.site(r).Settings
	return web.NewTimeline(st.Season, content.DayOf(s.Now(), st.Location())).Summary(r.Context())
}

func (s *server) alertsView(r *http.Request, title string) web.AlertsView {
	v := web.AlertsView{Chrome: s.chrome(r, title, s.printer(r).T("alerts.description")), Summary: s.seasonSummary(r)}
	return v
}

// alertsForm serves the sign-up form.
func (s *server) alertsForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, web.AlertsPage(s.alertsView(r, s.printer(r).T("alerts.title"))))
}

// alertsSubscribe records a sign-up and mails the confirmation link. The
// answer is the same whatever the address's state, so the form cannot
// tell anyone who is subscribed.
func (s *server) alertsSubscribe(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	ctx := r.Context()
	in := alerts.Input{Email: r.PostForm.Get("email"), Degree: roles.Degree(r.PostForm.Get("degree"))}
	for _, a := range r.PostForm["areas"] {
		in.Areas = append(in.Areas, roles.Area(a))
	}
	v := s.alertsView(r, s.printer(r).T("alerts.title"))
	privatePage(w)
	if r.PostForm.Get(honeypotField) != "" {
		v.Done = true
		return s.render(w, r, http.StatusOK, web.AlertsPage(v))
	}
	if msg := in.Validate(); msg != "" {
		v.Email, v.Areas, v.Degree, v.Problem = in.Email, in.Areas, in.Degree, alertProblem(s.printer(r), msg)
		v.Chrome.Title = s.printer(r).T("alerts.error_title", "Title", v.Chrome.Title)
		return s.render(w, r, http.StatusUnprocessableEntity, web.AlertsPage(v))
	}
	attempt, err := s.AlertLimit.Attempt(ctx, s.Now(), ratelimit.AddressKey(s.clientAddr(r)))
	if err != nil {
		return err
	}
	if attempt.Blocked {
		w.Header().Set("Retry-After", strconv.Itoa(int(attempt.Wait.Seconds()+0.999)))
		v.Email, v.Areas, v.Degree = in.Email, in.Areas, in.Degree
		v.Problem = s.printer(r).T("alerts.too_many")
		return s.render(w, r, http.StatusTooManyRequests, web.AlertsPage(v))
	}
	if err := s.Alerts.Subscribe(ctx, in, s.confirmAlert); err != nil {
		return err
	}
	v.Done = true
	return s.render(w, r, http.StatusOK, web.AlertsPage(v))
}

// alertToken serves the confirm and unsubscribe pages (GET shows a
// button; POST acts, including RFC 8058 one-click POSTs from mail
// clients, which carry no session and need none).
func (s *server) alertToken(action string, act bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		token := chi.URLParam(r, "token")
		lookup := s.Alerts.ByToken
		if action == "confirm" {
			lookup = s.Alerts.ByConfirmToken
		}
		if _, err := lookup(ctx, token); err != nil {
			if errors.Is(err, alerts.ErrNotFound) {
				return errNotFound
			}
			return err
		}
		privatePage(w)
		v := web.AlertTokenView{Action: action, Token: token, Done: act}
		if act {
			var err error
			if action == "confirm" {
				err = s.Alerts.ConfirmToken(ctx, token, s.Now())
			} else {
				err = s.Alerts.Unsubscribe(ctx, token, s.Now())
			}
			if err != nil {
				return err
			}
		}
		p := s.printer(r)
		v.Chrome = s.chrome(r, map[string]string{"confirm": p.T("alerts.token.confirm_title"), "unsubscribe": p.T("alerts.token.unsubscribe_title")}[action],
			p.T("alerts.token.description"))
		v.Chrome.NoIndex = true
		v.Chrome.Canonical = ""
		return s.render(w, r, http.StatusOK, web.AlertTokenPage(v))
	}
}

// alertProblems are the catalog's words for the problems
// alerts.Input.Validate reports in English.
var alertProblems = map[string]string{
	"Enter an email address like name@example.com.": "alerts.invalid_email",
}

// alertProblem is Validate's problem msg in p's language (as it is, for
// a problem the catalog does not know yet).
func alertProblem(p *i18n.Printer, msg string) string {
	if id, ok := alertProblems[msg]; ok {
		return p.T(id)
	}
	return msg
}
