package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/decisions"
	"example.com/careers/web"
)

// adminDecision composes, previews and sends the rejection of the
// applications posted in id (or sel, from the list's bulk form).
func (s *server) adminDecision(w http.ResponseWriter, r *http.Request) error {
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	back := f.Get("back")
	if !strings.HasPrefix(back, "/admin/") || strings.HasPrefix(back, "//") {
		back = "/admin/applications"
	}
	req := decisions.Request{Note: f.Get("note"), Feedback: f.Get("feedback"), Override: f.Get("override"),
		Schedule: f.Get("schedule") == "yes" || f.Get("step") == "compose"}
	req.TemplateID, _ = strconv.ParseInt(f.Get("template"), 10, 64)
	for _, v := range append(f["id"], f["sel"]...) {
		idText, _, _ := strings.Cut(v, ":") // sel is "id:stage"
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || id <= 0 {
			return errBadRequest
		}
		req.IDs = append(req.IDs, id)
	}
	if len(req.IDs) == 0 {
		s.flash(r, "Select at least one application to close with a message.")
		return seeOther(w, r, back)
	}
	ctx := r.Context()
	v := web.DecisionView{Chrome: s.adminChrome(r, "Close with a message"), IDs: req.IDs, Request: req,
		SendHour: s.Decisions.Options.SendHour, Back: back}
	var err error
	if v.Templates, err = s.Decisions.Templates(ctx); err != nil {
		return err
	}
	now := s.Now()
	switch f.Get("step") {
	case "send":
		n, err := s.Decisions.Reject(ctx, accountFrom(ctx).Actor(), req, now)
		if err == nil {
			when := "now"
			if req.Schedule {
				when = fmt.Sprintf("at %d:00 in each student's time zone", v.SendHour)
			}
			s.flash(r, fmt.Sprintf("Closed %d applications; their messages go %s.", n, when))
			return seeOther(w, r, back)
		}
		if v.Problem = decisionProblem(err); v.Problem == "" {
			return err
		}
		v.Chrome.Title = "Error: " + v.Chrome.Title
		return s.render(w, r, http.StatusConflict, web.DecisionPage(v))
	case "preview":
		v.Letters, err = s.Decisions.Preview(ctx, req, now)
		if v.Problem = decisionProblem(err); err != nil && v.Problem == "" {
			return err
		}
		if v.Letters == nil {
			v.Letters = []decisions.Letter{}
		}
	}
	return s.render(w, r, http.StatusOK, web.DecisionPage(v))
}

// decisionProblem words a refused decision for the recruiter ("" when
// the error is not the recruiter's to fix).
func decisionProblem(err error) string {
	if me, ok := errors.AsType[*applications.MoveError](err); ok {
		return fmt.Sprintf("Nothing was sent: application %d could not be closed. %s", me.ID, moveProblem(me.Err))
	}
	switch {
	case err == nil:
		return ""
	case errors.Is(err, decisions.ErrChanged):
		return "Nothing was sent: an application was erased or removed meanwhile. Go back to the list and choose again."
	case errors.Is(err, decisions.ErrTooMany):
		return fmt.Sprintf("Choose at most %d applications at once.", decisions.MaxBatch)
	case errors.Is(err, decisions.ErrNotFound):
		return "That message no longer exists: choose another."
	}
	return ""
}

// adminDecisionTemplates lists the decision messages.
func (s *server) adminDecisionTemplates(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Decisions.Templates(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.DecisionTemplatesPage(web.DecisionTemplatesView{
		Chrome: s.adminChrome(r, "Decision messages"), Flash: s.popFlash(r), Templates: list, Loc: s.Site.Settings.Location(),
	}))
}

// adminDecisionTemplate shows one message's editor.
func (s *server) adminDecisionTemplate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	t, err := s.Decisions.Template(r.Context(), id)
	if errors.Is(err, decisions.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.DecisionTemplatePage(web.DecisionTemplateView{
		Chrome: s.adminChrome(r, "Edit: "+t.Name), Template: t,
	}))
}

// adminDecisionTemplateSave saves an edited message.
func (s *server) adminDecisionTemplateSave(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	t := decisions.Template{ID: id, Name: r.PostForm.Get(decisions.FieldName), Subject: r.PostForm.Get(decisions.FieldSubject),
		Body: r.PostForm.Get(decisions.FieldBody)}
	if problems := t.Check(); len(problems) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, web.DecisionTemplatePage(web.DecisionTemplateView{
			Chrome: s.adminChrome(r, "Error: Edit: "+t.Name), Template: t, Errors: problems,
		}))
	}
	err = s.Decisions.Update(r.Context(), accountFrom(r.Context()).Actor(), t)
	if errors.Is(err, decisions.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	s.flash(r, "Saved “"+t.Name+"”.")
	return seeOther(w, r, "/admin/decisions")
}
