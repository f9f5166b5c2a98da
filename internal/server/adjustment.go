package server

import (
	"errors"
	"net/http"
	"strconv"

	"example.com/careers/internal/adjustments"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/text"
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
	p := s.printer(r)
	body, problem := adjustments.Clean(r.PostForm.Get(adjustments.FieldBody))
	if problem != "" {
		problem = adjustmentProblem(p, body)
	} else {
		err = s.Adjustments.Ask(r.Context(), st.ID, body, s.Now())
		if errors.Is(err, adjustments.ErrTooMany) {
			problem = p.T("status.adjustment.too_many", "Open", strconv.Itoa(adjustments.MaxOpen))
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
	s.seeOther(w, r, "/applications/"+st.Token+"?done=adjustment#adjustment")
	return nil
}

// adjustmentProblem words, in p's language, why adjustments.Clean
// refused body: empty, or too long.
func adjustmentProblem(p *i18n.Printer, body string) string {
	if n := text.Runes(body); n > 0 {
		return p.T("status.adjustment.too_long", "Length", strconv.Itoa(n), "Max", strconv.Itoa(adjustments.MaxBodyRunes))
	}
	return p.T("status.adjustment.empty")
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
