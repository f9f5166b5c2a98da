package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/scorecards"
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
	return s.renderInterview(w, r, http.StatusOK, id, "", nil, nil)
}

// renderInterview shows the interview page; problems and in belong to
// the stage whose scorecard was just refused.
func (s *server) renderInterview(w http.ResponseWriter, r *http.Request, status int, id int64,
	refused applications.Stage, problems scorecards.Problems, in *scorecards.Input) error {
	ctx := r.Context()
	acc := accountFrom(ctx)
	iv, err := s.Applications.InterviewFor(ctx, acc.ID, id)
	if err != nil {
		return err
	}
	v := web.InterviewView{Chrome: s.adminChrome(r, iv.FullName), Interview: iv, Flash: s.popFlash(r)}
	arranged, err := s.Adjustments.ArrangedFor(r.Context(), id)
	if err != nil {
		return err
	}
	v.ExtraMinutes = arranged.InterviewMinutes
	if v.Take, err = s.takeHomeView(r, id, s.Site.Settings.Location()); err != nil {
		return err
	}
	if problems != nil {
		v.Chrome.Title = "Error: " + v.Chrome.Title
	}
	for _, st := range iv.Stages {
		cards, err := s.Scorecards.ForStage(ctx, acc.ID, false, id, st)
		if err != nil {
			return err
		}
		kit, err := s.Scorecards.KitFor(ctx, id, st)
		if err != nil {
			return err
		}
		sv := web.StageCardsView{Stage: st, Kit: kit, Decided: scorecards.Final(iv.Stage, st)}
		for i := range cards {
			if cards[i].AccountID == acc.ID {
				sv.Mine = &cards[i]
				sv.Kit = cards[i].Kit // what they saw when they first wrote it
			} else {
				sv.Others = append(sv.Others, cards[i])
			}
		}
		if sv.Mine != nil {
			sv.Input = scorecards.Input{Ratings: sv.Mine.Ratings, Evidence: sv.Mine.Evidence, Recommendation: sv.Mine.Recommendation}
		}
		if st == refused {
			sv.Problems, sv.Input = problems, *in
		}
		v.Stages = append(v.Stages, sv)
	}
	return s.render(w, r, status, web.InterviewPage(v))
}

// adminScorecard stores the signed-in interviewer's scorecard for one
// stage of an assigned application.
func (s *server) adminScorecard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	stage := applications.Stage(chi.URLParam(r, "stage"))
	in := scorecards.Input{Ratings: map[string]string{}, Evidence: map[string]string{}, Recommendation: r.PostForm.Get("recommendation")}
	for k, vs := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "rating-"); ok && len(vs) > 0 {
			in.Ratings[key] = vs[0]
		}
		if key, ok := strings.CutPrefix(k, "evidence-"); ok && len(vs) > 0 {
			in.Evidence[key] = vs[0]
		}
	}
	acc := accountFrom(ctx)
	err = s.Scorecards.Submit(ctx, acc.Actor(), acc.ID, id, stage, in)
	if problems, ok := errors.AsType[scorecards.Problems](err); ok {
		return s.renderInterview(w, r, http.StatusUnprocessableEntity, id, stage, problems, &in)
	}
	switch {
	case errors.Is(err, scorecards.ErrNotAssigned):
		return errNotFound
	case errors.Is(err, scorecards.ErrDecided):
		s.flash(r, "The application has moved on from "+stage.Label()+": its scorecards are final.")
		return seeOther(w, r, fmt.Sprintf("/admin/interviews/%d", id))
	case err != nil:
		return err
	}
	s.flash(r, "Your scorecard for "+stage.Label()+" is saved. You can change it until the stage is decided.")
	return seeOther(w, r, fmt.Sprintf("/admin/interviews/%d#stage-%s", id, stage))
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
		var at *time.Time
		if v := strings.TrimSpace(r.PostForm.Get("at")); v != "" && !remove {
			t, err := time.ParseInLocation("2006-01-02T15:04", v, s.Site.Settings.Location())
			if err != nil {
				return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Give the interview's date and time, or leave it empty.")
			}
			at = &t
		}
		if remove {
			err = s.Applications.Unassign(r.Context(), by, id, stage, account)
		} else {
			err = s.Applications.AssignAt(r.Context(), by, id, stage, account, at)
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
			msg := "Interviewer assigned to " + stage.Label() + "."
			if at != nil {
				msg += " If their scorecard is missing a day after the interview, they are reminded by email."
			}
			s.flash(r, msg)
		}
		return seeOther(w, r, fmt.Sprintf("/admin/applications/%d#interviewers", id))
	}
}
