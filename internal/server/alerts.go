package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/alerts"
	"example.com/careers/internal/content"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/roles"
	"example.com/careers/web"
)

// seasonSummary is the timeline's one-line "where we are" for today.
func (s *server) seasonSummary() string {
	st := s.Site.Settings
	return web.NewTimeline(st.Season, content.DayOf(s.Now(), st.Location())).Summary()
}

func (s *server) alertsView(r *http.Request, title string) web.AlertsView {
	v := web.AlertsView{Chrome: s.chrome(r, title, "Get an email when new internship roles are posted."), Summary: s.seasonSummary()}
	return v
}

// alertsForm serves the sign-up form.
func (s *server) alertsForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, web.AlertsPage(s.alertsView(r, "Tell me when roles open")))
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
	v := s.alertsView(r, "Tell me when roles open")
	privatePage(w)
	if r.PostForm.Get(honeypotField) != "" {
		v.Done = true
		return s.render(w, r, http.StatusOK, web.AlertsPage(v))
	}
	if msg := in.Validate(); msg != "" {
		v.Email, v.Areas, v.Degree, v.Problem = in.Email, in.Areas, in.Degree, msg
		v.Chrome.Title = "Error: " + v.Chrome.Title
		return s.render(w, r, http.StatusUnprocessableEntity, web.AlertsPage(v))
	}
	attempt, err := s.AlertLimit.Attempt(ctx, s.Now(), ratelimit.AddressKey(s.clientAddr(r)))
	if err != nil {
		return err
	}
	if attempt.Blocked {
		w.Header().Set("Retry-After", strconv.Itoa(int(attempt.Wait.Seconds()+0.999)))
		v.Email, v.Areas, v.Degree = in.Email, in.Areas, in.Degree
		v.Problem = "Many sign-ups have come from your network in a short time. Please wait a few minutes and try again."
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
		v.Chrome = s.chrome(r, map[string]string{"confirm": "Confirm your role alerts", "unsubscribe": "Unsubscribe from role alerts"}[action], "Role alerts.")
		v.Chrome.NoIndex = true
		v.Chrome.Canonical = ""
		return s.render(w, r, http.StatusOK, web.AlertTokenPage(v))
	}
}
