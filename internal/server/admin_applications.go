package server

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/decisions"
	"example.com/careers/internal/scorecards"
	"example.com/careers/internal/takehomes"
	"example.com/careers/web"
)

// roleChoices bounds the role filter's list: a select of ten thousand
// roles helps no one (each role's page in the admin links here).
const roleChoices = 200

// adminApplications lists applications with filters, sorting and pages.
func (s *server) adminApplications(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := applications.ParseFilter(r.URL.Query())
	status, problem := http.StatusOK, ""
	page, err := s.Applications.List(ctx, f)
	if errors.Is(err, applications.ErrListTimeout) {
		// The operator learns the filter's shape (never its text, which
		// is personal data) to find the plan that went wrong.
		s.Logger.WarnContext(ctx, "admin list timed out", "request_id", requestIDFrom(ctx),
			"role", f.RoleID != 0, "stage", f.Stage, "degree", f.Degree, "source", f.Source != "",
			"text_filter", f.Text != "", "university_filter", f.University != "", "sort", f.Sort,
			"page", f.Page, "cursor", f.After != 0 || f.Before != 0)
		// The filter form stays as typed, with what to try instead.
		status, problem = http.StatusServiceUnavailable, "This list took too long to answer, so it was stopped. "+
			"Choose a role or a stage, or type more of the name, and filter again."
		page = applications.ListPage{Filter: f}
	} else if err != nil {
		return err
	}
	choices, moreRoles, err := s.Roles.Choices(ctx, roleChoices, page.Filter.RoleID)
	if err != nil {
		return err
	}
	named, err := s.Sources.Named(ctx)
	if err != nil {
		return err
	}
	return s.render(w, r, status, web.AdminAppsPage(web.AdminAppsView{
		Chrome: s.adminChrome(r, "Applications"), ListPage: page, Roles: choices, MoreRoles: moreRoles,
		Sources: named, Flash: s.popFlash(r), Error: problem,
	}))
}

// adminApplication shows one application.
func (s *server) adminApplication(w http.ResponseWriter, r *http.Request) error {
	return s.renderApplication(w, r, http.StatusOK, "")
}

func (s *server) renderApplication(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	d, err := s.Applications.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	assigned, err := s.Applications.Assignments(r.Context(), id)
	if err != nil {
		return err
	}
	staff, err := s.Accounts.List(r.Context())
	if err != nil {
		return err
	}
	v := web.AdminAppView{
		Chrome: s.adminChrome(r, d.FullName), App: d, IsAdmin: accountFrom(r.Context()).IsAdmin,
		Flash: s.popFlash(r), Error: problem, Loc: s.Site.Settings.Location(),
		Assignments: assigned,
	}
	for _, a := range staff {
		if !a.Disabled() {
			v.Staff = append(v.Staff, web.StaffChoice{ID: a.ID, Label: a.Name + " (" + a.Role() + ")"})
		}
	}
	if v.Scorecards, err = s.stageCards(r, id, assigned); err != nil {
		return err
	}
	for _, sv := range v.Scorecards {
		if sv.Stage == d.Stage {
			v.MissingNow = sv.Missing
		}
	}
	if d.ErasedAt == nil && d.Stage.Open() {
		if v.MatchTargets, err = s.Applications.MatchTargets(r.Context(), id); err != nil {
			return err
		}
	}
	if d.ErasedAt == nil {
		v.Moves = applications.Moves(d.Stage)
	}
	if v.Answers, err = s.Questions.ForApplication(r.Context(), id); err != nil {
		return err
	}
	if v.Adjustments, err = s.Adjustments.ForApplication(r.Context(), id); err != nil {
		return err
	}
	if v.Arranged, err = s.Adjustments.ArrangedFor(r.Context(), id); err != nil {
		return err
	}
	if err := s.takeHomeForRecruiter(r, &v); err != nil {
		return err
	}
	if err := s.offerView(r, &v); err != nil {
		return err
	}
	return s.render(w, r, status, web.AdminAppPage(v))
}

// takeHomeForRecruiter fills the application page's take-home: the one
// sent, or whether the role's task can be sent and when it would be due.
func (s *server) takeHomeForRecruiter(r *http.Request, v *web.AdminAppView) error {
	var err error
	if v.Take, err = s.takeHomeView(r, v.App.ID, v.Loc); err != nil {
		return err
	}
	v.Take.StudentLoc = web.StudentZone(v.App.TimeZone, v.Loc)
	if v.Take.TakeHome != nil {
		return nil
	}
	task, err := s.TakeHomes.Task(r.Context(), v.App.RoleID)
	if errors.Is(err, takehomes.ErrNoTask) {
		return nil
	}
	if err != nil {
		return err
	}
	v.HasTask = true
	v.TaskDue = fmt.Sprintf("due %d hours after sending", task.AllowanceHours)
	if task.LatestDue != nil {
		v.TaskDue += ", and no later than " + web.Moment(*task.LatestDue, v.Loc)
	}
	return nil
}

// stageCards gathers, for recruiters, each interview stage's scorecards
// with their summary and who has not written theirs.
func (s *server) stageCards(r *http.Request, id int64, assigned []applications.Assignment) ([]web.StageCardsView, error) {
	var out []web.StageCardsView
	for _, st := range applications.InterviewStages {
		cards, err := s.Scorecards.ForStage(r.Context(), accountFrom(r.Context()).ID, true, id, st)
		if err != nil {
			return nil, err
		}
		wrote := map[int64]bool{}
		for _, c := range cards {
			wrote[c.AccountID] = true
		}
		var missing []string
		for _, a := range assigned {
			if a.Stage == st && !wrote[a.AccountID] {
				missing = append(missing, a.Name)
			}
		}
		if len(cards) == 0 && len(missing) == 0 {
			continue
		}
		out = append(out, web.StageCardsView{Stage: st, Cards: cards, Summary: scorecards.Summarize(cards), Missing: missing})
	}
	return out, nil
}

// moveProblem words a refused move for the recruiter.
func moveProblem(err error) string {
	switch {
	case errors.Is(err, applications.ErrStale):
		return "Not moved: the application changed in the meantime (in another tab, or by a colleague). Here is its current stage; nothing was changed."
	case errors.Is(err, applications.ErrIllegalMove):
		return "Not moved: that stage cannot follow the current one."
	case errors.Is(err, applications.ErrErased):
		return "Not moved: the application was erased."
	case errors.Is(err, applications.ErrNotFound):
		return "Not moved: the application no longer exists."
	case errors.Is(err, applications.ErrMissingScorecards):
		return "Not moved: not every interviewer of this stage has submitted a scorecard. Wait for them, or give a reason to move on without them."
	}
	return ""
}

// adminStage moves one application; the form carries the stage the
// recruiter saw, so a stale page cannot undo a newer move.
func (s *server) adminStage(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	from, ok1 := applications.ParseStage(r.PostForm.Get("from"))
	to, ok2 := applications.ParseStage(r.PostForm.Get("to"))
	if !ok1 || !ok2 {
		return errBadRequest
	}
	tell := r.PostForm.Get("tell") == "yes"
	if to == applications.Offer {
		// An offer has terms and a window: it is made with its own form.
		return s.renderApplication(w, r, http.StatusConflict, "Make the offer with “Make an offer” below: the student gets its terms and the time to decide.")
	}
	if to == applications.Rejected && tell {
		// A rejection is worded by the decision messages (the page "Close
		// with a message" also schedules it and adds a note).
		_, err = s.Decisions.Reject(r.Context(), accountFrom(r.Context()).Actor(), decisions.Request{
			IDs: []int64{id}, Override: r.PostForm.Get("override")}, s.Now())
		if me, ok := errors.AsType[*applications.MoveError](err); ok {
			err = me.Err
		}
	} else {
		err = s.Applications.MoveStages(r.Context(), accountFrom(r.Context()).Actor(),
			[]applications.Move{{ID: id, From: from, To: to, Tell: tell, Override: r.PostForm.Get("override")}}, s.notifyApplicant)
	}
	if msg := moveProblem(err); msg != "" {
		return s.renderApplication(w, r, http.StatusConflict, msg)
	}
	if err != nil {
		return err
	}
	if tell {
		s.flash(r, "Moved to "+to.Label()+". The applicant will be emailed.")
	} else {
		s.flash(r, "Moved to "+to.Label()+". The applicant was not emailed.")
	}
	if back := pipelineBack(r.PostForm.Get("back")); back != "" {
		return seeOther(w, r, back)
	}
	return seeOther(w, r, adminAppPath(id))
}

// adminBulk moves every selected application, or none.
func (s *server) adminBulk(w http.ResponseWriter, r *http.Request) error {
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	back := r.PostForm.Get("back")
	if !strings.HasPrefix(back, "/admin/applications") || strings.HasPrefix(back, "//") {
		back = "/admin/applications"
	}
	if r.PostForm.Get("action") == "take_home" {
		return s.adminBulkTakeHome(w, r, back)
	}
	to, ok := applications.ParseStage(r.PostForm.Get("to"))
	if !ok {
		return errBadRequest
	}
	var moves []applications.Move
	for _, sel := range r.PostForm["sel"] {
		idText, stage, found := strings.Cut(sel, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		from, okStage := applications.ParseStage(stage)
		if !found || err != nil || !okStage {
			return errBadRequest
		}
		moves = append(moves, applications.Move{ID: id, From: from, To: to, Tell: r.PostForm.Get("tell") == "yes",
			Override: r.PostForm.Get("override")})
	}
	if len(moves) == 0 {
		s.flash(r, "Select at least one application to move.")
		return seeOther(w, r, back)
	}
	if to == applications.Offer {
		s.flash(r, "Offers are made one by one, on each application's page: each has its terms and its time to decide.")
		return seeOther(w, r, back)
	}
	var err error
	if to == applications.Rejected && r.PostForm.Get("tell") == "yes" {
		// Rejections are worded by the decision messages.
		req := decisions.Request{Override: r.PostForm.Get("override")}
		for _, m := range moves {
			req.IDs = append(req.IDs, m.ID)
		}
		_, err = s.Decisions.Reject(r.Context(), accountFrom(r.Context()).Actor(), req, s.Now())
	} else {
		err = s.Applications.MoveStages(r.Context(), accountFrom(r.Context()).Actor(), moves, s.notifyApplicant)
	}
	if me, ok := errors.AsType[*applications.MoveError](err); ok {
		s.flash(r, fmt.Sprintf("Nothing was moved: application %d could not go to %s. %s", me.ID, to.Label(), moveProblem(me.Err)))
		return seeOther(w, r, back)
	}
	if err != nil {
		return err
	}
	s.flash(r, fmt.Sprintf("Moved %d applications to %s.", len(moves), to.Label()))
	return seeOther(w, r, back)
}

// adminBulkTakeHome sends the take-home to every selected application,
// or to none.
func (s *server) adminBulkTakeHome(w http.ResponseWriter, r *http.Request, back string) error {
	var ids []int64
	for _, sel := range r.PostForm["sel"] {
		idText, _, _ := strings.Cut(sel, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			return errBadRequest
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		s.flash(r, "Select at least one application to send the take-home to.")
		return seeOther(w, r, back)
	}
	res, err := s.TakeHomes.Send(r.Context(), accountFrom(r.Context()).Actor(), ids, s.Now())
	if se, ok := errors.AsType[*takehomes.SendError](err); ok && sendProblem(se.Err) != "" {
		s.flash(r, fmt.Sprintf("Nothing was sent: application %d could not get the take-home. %s", se.ID, sendProblem(se.Err)))
		return seeOther(w, r, back)
	}
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Take-home sent to %d students.", res.Sent)
	if res.AlreadySent > 0 {
		msg += fmt.Sprintf(" %d already had it and were not sent it again.", res.AlreadySent)
	}
	s.flash(r, msg)
	return seeOther(w, r, back)
}

// adminMatch moves an application to another team's open role of the
// same season, keeping everything, and tells the student.
func (s *server) adminMatch(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	target, err := strconv.ParseInt(r.PostForm.Get("role"), 10, 64)
	if err != nil || target <= 0 {
		return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Choose the role to match with.")
	}
	err = s.Applications.Match(r.Context(), accountFrom(r.Context()).Actor(), id, target, s.notifyApplicant)
	switch {
	case errors.Is(err, applications.ErrMatchDuplicate):
		return s.renderApplication(w, r, http.StatusConflict, "Not matched: this student already applied to that role with the same address. Continue with that application instead.")
	case errors.Is(err, applications.ErrNoMatch):
		return s.renderApplication(w, r, http.StatusConflict, "Not matched: that role is not an open role of this season.")
	case errors.Is(err, applications.ErrMatchEnded):
		return s.renderApplication(w, r, http.StatusConflict, "Not matched: the application has ended.")
	case errors.Is(err, applications.ErrErased):
		return s.renderApplication(w, r, http.StatusConflict, "Not matched: the application was erased.")
	case err != nil:
		return err
	}
	s.flash(r, "Matched with the new role; the student is told by email, and their private page shows it.")
	return seeOther(w, r, adminAppPath(id))
}

// adminNote adds a recruiter's note.
func (s *server) adminNote(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	err = s.Applications.AddNote(r.Context(), accountFrom(r.Context()).Actor(), id, r.PostForm.Get("note"))
	if errors.Is(err, applications.ErrEmptyNote) {
		return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Write something in the note first.")
	}
	if err != nil {
		return err
	}
	s.flash(r, "Note added.")
	return seeOther(w, r, adminAppPath(id))
}

// adminResume sends the resume as a download that no browser will render
// in the site's origin: attachment, nosniff and a sandbox CSP.
func (s *server) adminResume(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	data, err := s.Applications.ResumeFile(r.Context(), id)
	if err != nil {
		return err
	}
	s.sendResume(w, r, id, data)
	return nil
}

// adminAnswerFile sends a file a student gave as an answer, as an
// attachment like the resume.
func (s *server) adminAnswerFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	pos, err := strconv.Atoi(chi.URLParam(r, "position"))
	if err != nil || pos < 0 {
		return errNotFound
	}
	_, data, err := s.Questions.FileData(r.Context(), id, pos)
	if err != nil {
		return err
	}
	sendAttachment(w, "application/pdf", fmt.Sprintf("application-%d-answer-%d.pdf", id, pos+1), data)
	s.Logger.InfoContext(r.Context(), "answer file downloaded", "request_id", requestIDFrom(r.Context()),
		"account_id", accountFrom(r.Context()).ID, "application_id", id)
	return nil
}

// sendResume sends application id's resume as an attachment that no
// browser renders in the site's origin.
func (s *server) sendResume(w http.ResponseWriter, r *http.Request, id int64, data []byte) {
	// The name is ours, not the uploader's: nothing to inject.
	sendAttachment(w, "application/pdf", fmt.Sprintf("application-%d-resume.pdf", id), data)
	s.Logger.InfoContext(r.Context(), "resume downloaded", "request_id", requestIDFrom(r.Context()),
		"account_id", accountFrom(r.Context()).ID, "application_id", id)
}

// attachmentDisposition is the Content-Disposition of a download named
// name: quoted as is when it is plain ASCII, RFC 2231-encoded otherwise
// (a file named in Japanese keeps its name).
func attachmentDisposition(name string) string {
	for _, c := range name {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return mime.FormatMediaType("attachment", map[string]string{"filename": name})
		}
	}
	return `attachment; filename="` + name + `"`
}

// sendAttachment sends an uploaded file (its type checked by content at
// upload) as a download that no browser will render in the site's
// origin: attachment, nosniff and a sandbox CSP. name is a cleaned file
// name (no quotes or control characters); mime encodes any non-ASCII.
func sendAttachment(w http.ResponseWriter, contentType, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", attachmentDisposition(name))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data) //nolint:gosec // G705: a PDF or ZIP (checked by content at upload) sent as an attachment under CSP sandbox and nosniff
}

// adminErase erases an applicant's personal data (admins only).
func (s *server) adminErase(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "yes" {
		return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Tick the box to confirm the erasure.")
	}
	if err := s.Privacy.Erase(r.Context(), accountFrom(r.Context()).Actor(), id, s.Now()); err != nil {
		return err
	}
	s.flash(r, "The applicant's personal data was erased.")
	return seeOther(w, r, adminAppPath(id))
}

func adminAppPath(id int64) string { return "/admin/applications/" + strconv.FormatInt(id, 10) }
