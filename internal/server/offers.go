package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/offers"
	"example.com/careers/web"
)

// offerView fills v's offer for the recruiters' page.
func (s *server) offerView(r *http.Request, v *web.AdminAppView) error {
	o, err := s.Offers.ForApplication(r.Context(), v.App.ID)
	if err != nil {
		return err
	}
	now := s.Now()
	v.Offer, v.Now = o, now
	v.CanOffer = o == nil && applications.CanMove(v.App.Stage, applications.Offer) && v.App.ErasedAt == nil
	v.OfferWindowDays = int(s.Offers.Options.Window.Hours() / 24)
	local := now.In(v.Loc).Add(s.Offers.Options.Window)
	v.OfferDefault = web.DateTimeLocal(time.Date(local.Year(), local.Month(), local.Day(), 17, 0, 0, 0, v.Loc), v.Loc)
	return nil
}

// adminOfferMake makes the offer from the application's page.
func (s *server) adminOfferMake(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	d, err := s.Applications.ByID(ctx, id)
	if err != nil {
		return err
	}
	expires, perr := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(r.PostForm.Get("expires")), s.Site.Settings.Location())
	if perr != nil {
		return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Choose until when the offer is open: a date and a time.")
	}
	err = s.Offers.Make(ctx, accountFrom(ctx).Actor(), id, d.Stage, expires, r.PostForm.Get("reason"), s.Now())
	switch {
	case errors.Is(err, offers.ErrShortWindow):
		return s.renderApplication(w, r, http.StatusUnprocessableEntity,
			"Career offices ask that students get at least "+strconv.Itoa(int(s.Offers.Options.Window.Hours()/24))+" days to decide: choose a later end, or give the reason for a shorter one.")
	case errors.Is(err, offers.ErrTooShort):
		return s.renderApplication(w, r, http.StatusUnprocessableEntity, "An offer stays open at least a day: choose a later end.")
	case errors.Is(err, offers.ErrAlreadyExists):
		return s.renderApplication(w, r, http.StatusConflict, "This application already has an offer.")
	}
	if msg := moveProblem(err); msg != "" {
		return s.renderApplication(w, r, http.StatusConflict, msg)
	}
	if err != nil {
		return err
	}
	s.flash(r, "Offer made. The student has been emailed it.")
	return seeOther(w, r, adminAppPath(id)+"#offer")
}

// adminOfferExtension answers the student's request for more time.
func (s *server) adminOfferExtension(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	grant := r.PostForm.Get("decision") == "grant"
	var until time.Time
	if grant {
		if until, err = time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(r.PostForm.Get("until")), s.Site.Settings.Location()); err != nil {
			return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Choose the offer's new end: a date and a time.")
		}
	}
	err = s.Offers.AnswerExtension(r.Context(), accountFrom(r.Context()).Actor(), id, grant, until, s.Now())
	switch {
	case errors.Is(err, offers.ErrNotLater):
		return s.renderApplication(w, r, http.StatusUnprocessableEntity, "The new end must be later than the current one.")
	case errors.Is(err, offers.ErrNoRequest), errors.Is(err, offers.ErrNotOpen), errors.Is(err, offers.ErrNotFound):
		return s.renderApplication(w, r, http.StatusConflict, "Nothing changed: the request was already answered, or the offer is closed.")
	case err != nil:
		return err
	}
	s.flash(r, "Answered; the student has been emailed.")
	return seeOther(w, r, adminAppPath(id)+"#offer")
}

// offerStatus reads the student's status and offer (404 without one).
func (s *server) offerStatus(r *http.Request) (web.StatusView, error) {
	st, err := s.statusByToken(r)
	if err != nil {
		return web.StatusView{}, err
	}
	v, err := s.statusView(r, st, "", statusProblem{})
	if err != nil {
		return v, err
	}
	if v.Offer == nil {
		return v, errNotFound
	}
	return v, nil
}

// offerPrint is the offer on a page of its own.
func (s *server) offerPrint(w http.ResponseWriter, r *http.Request) error {
	v, err := s.offerStatus(r)
	if err != nil {
		return err
	}
	v.Chrome.Title = s.printer(r).T("offer.title", "Role", v.Status.RoleTitle)
	return s.render(w, r, http.StatusOK, web.OfferPrintPage(v))
}

// offerConfirm asks before accepting or declining.
func (s *server) offerConfirm(w http.ResponseWriter, r *http.Request) error {
	v, err := s.offerStatus(r)
	if err != nil {
		return err
	}
	accept := chi.URLParam(r, "answer") == "accept"
	p := s.printer(r)
	if !v.Offer.OpenAt(v.Now) {
		return seeOther(w, r, p.Path("/applications/"+v.Status.Token+"#offer"))
	}
	c := s.chrome(r, p.T("offer.decline_title"), p.T("offer.decline_description"))
	if accept {
		c = s.chrome(r, p.T("offer.accept_title"), p.T("offer.accept_description"))
	}
	c.NoIndex, c.Canonical = true, ""
	return s.render(w, r, http.StatusOK, web.OfferConfirmPage(web.OfferConfirmView{Chrome: c, Status: v, Accept: accept}))
}

// offerDecide records the student's answer.
func (s *server) offerDecide(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	answer := chi.URLParam(r, "answer")
	if answer != "accept" && answer != "decline" {
		return errNotFound
	}
	err = s.Offers.Decide(r.Context(), st.ID, answer == "accept", s.Now())
	switch {
	case errors.Is(err, offers.ErrNotOpen), errors.Is(err, offers.ErrNotFound):
		return s.renderStatus(w, r, st, http.StatusConflict, "", statusProblem{})
	case err != nil:
		return err
	}
	http.Redirect(w, r, s.printer(r).Path("/applications/"+st.Token+"?done=offer-"+answer+"#offer"), http.StatusSeeOther) //nolint:gosec // G710: a path on this site; answer is accept or decline
	return nil
}

// offerAskMore takes the student's one request for more time.
func (s *server) offerAskMore(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	err = s.Offers.AskForMore(r.Context(), st.ID, r.PostForm.Get("reason"), s.Now())
	switch {
	case errors.Is(err, offers.ErrNoReason):
		return s.renderStatus(w, r, st, http.StatusUnprocessableEntity, "", statusProblem{"offer-reason",
			s.printer(r).T("offer.no_reason"), ""})
	case errors.Is(err, offers.ErrAlreadyAsked), errors.Is(err, offers.ErrNotOpen), errors.Is(err, offers.ErrNotFound):
		return s.renderStatus(w, r, st, http.StatusConflict, "", statusProblem{})
	case err != nil:
		return err
	}
	s.seeOther(w, r, "/applications/"+st.Token+"?done=offer-extension#offer")
	return nil
}
