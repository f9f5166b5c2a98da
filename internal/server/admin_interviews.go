package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"example.com/careers/internal/applications"
	"example.com/careers/web"
)

// adminInterviews lists the applications assigned to the signed-in
// account (an interviewer's home page).
func (s *server) adminInterviews(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	list, err := s.Applications.InterviewsOf(r.Context(), acc.ID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.InterviewsPage(web.InterviewsView{
		Chrome: s.adminChrome(r, "Your interviews"), Interviews: list, Flash: s.popFlash(r),
	}))
}

// adminInterview shows one assigned application: what the interview
// needs. Not assigned is the ordinary 404, as for a missing id.
func (s *server) adminInterview(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	iv, err := s.Applications.InterviewFor(r.Context(), accountFrom(r.Context()).ID, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.InterviewPage(web.InterviewView{
		Chrome: s.adminChrome(r, iv.FullName), Interview: iv,
	}))
}

// adminInterviewResume sends an assigned application's resume.
func (s *server) adminInterviewResume(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	data, err := s.Applications.ResumeForInterviewer(r.Context(), accountFrom(r.Context()).ID, id)
	if err != nil {
		return err
	}
	s.sendResume(w, r, id, data)
	return nil
}

// adminAssign puts an interviewer on a stage of an application.
func (s *server) adminAssign(remove bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := idParam(r)
		if err != nil {
			return err
		}
		if err := parseAdminForm(w, r); err != nil {
			return err
		}
		account, err := strconv.ParseInt(r.PostForm.Get("account"), 10, 64)
		if err != nil || account <= 0 {
			return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Choose who interviews.")
		}
		stage := applications.Stage(r.PostForm.Get("stage"))
		by := accountFrom(r.Context()).Actor()
		if remove {
			err = s.Applications.Unassign(r.Context(), by, id, stage, account)
		} else {
			err = s.Applications.Assign(r.Context(), by, id, stage, account)
		}
		switch {
		case errors.Is(err, applications.ErrNotInterviewStage):
			return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Choose the take-home or an interview round.")
		case errors.Is(err, applications.ErrNotStaff):
			return s.renderApplication(w, r, http.StatusUnprocessableEntity, "That account cannot interview: it may have been disabled.")
		case errors.Is(err, applications.ErrErased):
			return s.renderApplication(w, r, http.StatusConflict, "This application was erased.")
		case err != nil:
			return err
		}
		if remove {
			s.flash(r, "Interviewer removed from "+stage.Label()+".")
		} else {
			s.flash(r, "Interviewer assigned to "+stage.Label()+".")
		}
		return seeOther(w, r, fmt.Sprintf("/admin/applications/%d#interviewers", id))
	}
}
