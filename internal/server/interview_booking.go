package server

import (
	"errors"
	"net/http"
	"strconv"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/scheduling"
	"example.com/careers/web"
)

// interviewBookingView reads the interview round's booking and open
// times for the status page of application id, in loc.
func (s *server) interviewBookingView(r *http.Request, st applications.Status, v *web.StatusView) error {
	iv := web.InterviewBookingView{Loc: v.Take.Loc, Now: s.Now(), Rules: s.Scheduling.Rules}
	switch st.Stage {
	case applications.Interview1, applications.Interview2, applications.Interview3:
	default:
		v.Interview = iv
		return nil
	}
	var err error
	if iv.Booking, err = s.Scheduling.Current(r.Context(), st.ID); err != nil {
		return err
	}
	if iv.Open, err = s.Scheduling.OpenFor(r.Context(), st.ID, s.Now()); err != nil {
		return err
	}
	v.Interview = iv
	return nil
}

// bookingProblem words a refused booking for the student, in p's
// language ("" when err is not one the student can act on).
func bookingProblem(p *i18n.Printer, err error) string {
	switch {
	case errors.Is(err, scheduling.ErrTaken):
		return p.T("booking.problem.taken")
	case errors.Is(err, scheduling.ErrNotFound):
		return p.T("booking.problem.gone")
	case errors.Is(err, scheduling.ErrTooLate):
		return p.T("booking.problem.too_late")
	case errors.Is(err, scheduling.ErrLimit):
		return p.T("booking.problem.limit")
	case errors.Is(err, scheduling.ErrAlreadyBooked):
		return p.T("booking.problem.already")
	case errors.Is(err, scheduling.ErrNoBooking):
		return p.T("booking.problem.no_booking")
	case errors.Is(err, scheduling.ErrNotBookable):
		return p.T("booking.problem.not_bookable")
	}
	return ""
}

// interviewBook books, moves or cancels the student's interview time.
func (s *server) interviewBook(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	action := r.PostForm.Get("action")
	slot, _ := strconv.ParseInt(r.PostForm.Get("slot"), 10, 64)
	if (action == "book" || action == "move") && slot <= 0 {
		return s.renderStatus(w, r, st, http.StatusUnprocessableEntity, "", statusProblem{"slot", s.printer(r).T("booking.problem.choose_first"), ""})
	}
	ctx, now := r.Context(), s.Now()
	var done string
	switch action {
	case "book":
		err, done = s.bookOnce(r, st.ID, slot), "booked"
	case "move":
		_, err = s.Scheduling.Reschedule(ctx, s.Applications, st.ID, slot, now)
		done = "moved"
	case "cancel":
		_, err = s.Scheduling.Cancel(ctx, st.ID, now)
		done = "cancelled"
	default:
		return errBadRequest
	}
	if msg := bookingProblem(s.printer(r), err); msg != "" {
		return s.renderStatus(w, r, st, http.StatusConflict, "", statusProblem{"slot", msg, ""})
	}
	if err != nil {
		return err
	}
	s.Logger.InfoContext(ctx, "interview "+done, "request_id", requestIDFrom(ctx), "application_id", st.ID)
	s.seeOther(w, r, "/applications/"+st.Token+"?done="+done+"#interview")
	return nil
}

// bookOnce books slot; the same slot booked again (a double click, a
// second tab) is the booking already made, not an error.
func (s *server) bookOnce(r *http.Request, id, slot int64) error {
	_, err := s.Scheduling.Book(r.Context(), s.Applications, id, slot, s.Now())
	if errors.Is(err, scheduling.ErrAlreadyBooked) {
		if cur, cerr := s.Scheduling.Current(r.Context(), id); cerr == nil && cur != nil && cur.Slot.ID == slot {
			return nil
		}
	}
	return err
}
