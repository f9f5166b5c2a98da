package server

import (
	"errors"
	"net/http"
	"strconv"

	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/applications"
	"example.com/careers/web"
)

// adjustmentAsk takes a student's request for an adjustment from their
// status page.
func (s *server) adjustmentAsk(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	body, problem := adjustments.Clean(r.PostForm.Get(adjustments.FieldBody))
	if problem == "" {
		err = s.Adjustments.Ask(r.Context(), st.ID, body, s.Now())
		if errors.Is(err, adjustments.ErrTooMany) {
			problem = "You have " + strconv.Itoa(adjustments.MaxOpen) + " requests waiting for an answer: a recruiter will write to you soon. If it is urgent, reply to our last message."
		} else if err != nil {
			return err
		}
	}
	if problem != "" {
		v, err := s.statusView(r, st, "", statusProblem{adjustments.FieldBody, problem, ""})
		if err != nil {
			return err
		}
		v.AdjustmentText = body
		privatePage(w)
		return s.render(w, r, http.StatusUnprocessableEntity, web.StatusPage(v))
	}
	http.Redirect(w, r, "/applications/"+st.Token+"?done=adjustment#adjustment", http.StatusSeeOther)
	return nil
}

// adminAdjustmentHandle records how a recruiter handled a request and
// what the application is given from now on.
func (s *server) adminAdjustmentHandle(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	req, err := int64Param(r, "req")
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	h, problems := adjustments.ParseHandling(f.Get(adjustments.FieldNote), f.Get(adjustments.FieldTakeHomeHours), f.Get(adjustments.FieldInterviewMinutes))
	if problems != nil {
		for _, k := range []string{adjustments.FieldNote, adjustments.FieldTakeHomeHours, adjustments.FieldInterviewMinutes} {
			if problems[k] != "" {
				return s.renderApplication(w, r, http.StatusUnprocessableEntity, problems[k])
			}
		}
	}
	err = s.Adjustments.Handle(r.Context(), accountFrom(r.Context()).Actor(), id, req, h, s.Now())
	switch {
	case errors.Is(err, adjustments.ErrHandled):
		return s.renderApplication(w, r, http.StatusConflict, "That request was already answered: reload the page to see the answer.")
	case errors.Is(err, applications.ErrNotFound), errors.Is(err, adjustments.ErrNotFound):
		return errNotFound
	case err != nil:
		return err
	}
	s.flash(r, "The answer is recorded and mailed to the student.")
	return seeOther(w, r, "/admin/applications/"+strconv.FormatInt(id, 10)+"#adjustments")
}
