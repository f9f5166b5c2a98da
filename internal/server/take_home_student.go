package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/takehomes"
	"example.com/careers/web"
)

// takeHomeBodyLimit bounds a hand-in request: the largest file plus room
// for the link and the multipart framing.
const takeHomeBodyLimit = takehomes.MaxFileBytes + 256<<10

// pastDue is the answer to work that comes too late, in r's language.
func (s *server) pastDue(r *http.Request) statusProblem {
	return statusProblem{"work", s.printer(r).T("status.take_home.past_due_problem"), ""}
}

// workProblems are the catalog's words for takehomes' problems with the
// work handed in.
var workProblems = map[string]string{
	takehomes.WorkMissing:  "status.take_home.work_missing",
	takehomes.WorkBoth:     "status.take_home.work_both",
	takehomes.WorkTooLarge: "status.take_home.work_too_large",
	takehomes.WorkBadType:  "status.take_home.work_bad_type",
	takehomes.WorkBadZIP:   "status.take_home.work_bad_zip",
	takehomes.WorkLongLink: "status.take_home.work_long_link",
	takehomes.WorkBadLink:  "status.take_home.work_bad_link",
}

// workProblem is takehomes' problem in r's language (as it is when the
// catalog has no words for it).
func (s *server) workProblem(r *http.Request, problem string) string {
	if id, ok := workProblems[problem]; ok {
		return s.printer(r).T(id)
	}
	return problem
}

// statusProblem is what went wrong on the status page, to show there.
type statusProblem struct {
	field, msg, link string
}

// renderStatus renders the status page of st; done confirms what the
// student just did, p says what went wrong.
func (s *server) renderStatus(w http.ResponseWriter, r *http.Request, st applications.Status, status int, done string, p statusProblem) error {
	v, err := s.statusView(r, st, done, p)
	if err != nil {
		return err
	}
	privatePage(w)
	return s.render(w, r, status, web.StatusPage(v))
}

// statusView builds the status page of st (see renderStatus).
func (s *server) statusView(r *http.Request, st applications.Status, done string, p statusProblem) (web.StatusView, error) {
	now := s.Now()
	pr := s.printer(r)
	v := web.StatusView{
		Chrome:        s.chrome(r, pr.T("status.title"), pr.T("status.description")),
		Status:        st,
		JustSubmitted: r.URL.Query().Get("submitted") == "1",
		Location:      s.Site.Settings.Location(),
		Zones:         web.ZoneChoices(web.StudentZone(st.TimeZone, s.Site.Settings.Location()).String(), now),
		Done:          done,
		Problem:       p.msg, Field: p.field, Link: p.link,
	}
	if p.msg != "" {
		v.Chrome.Title = pr.T("status.error_title", "Title", v.Chrome.Title)
	}
	v.Chrome.NoIndex = true
	v.Chrome.Canonical = ""
	take, err := s.takeHomeView(r, st.ID, web.StudentZone(st.TimeZone, v.Location))
	if err != nil {
		return v, err
	}
	v.Take = take
	if err := s.interviewBookingView(r, st, &v); err != nil {
		return v, err
	}
	if v.SelfID, err = s.selfIDForm(r, st.ID); err != nil {
		return v, err
	}
	if v.Adjustments, err = s.Adjustments.ForApplication(r.Context(), st.ID); err != nil {
		return v, err
	}
	if v.Reply, err = s.replyByLine(r, st); err != nil {
		return v, err
	}
	v.Now = now
	if v.Offer, err = s.Offers.ForApplication(r.Context(), st.ID); err != nil {
		return v, err
	}
	return v, nil
}

// replyByLine says when st's student will hear, in the program's zone
// (the zone reply-by days are counted in).
func (s *server) replyByLine(r *http.Request, st applications.Status) (web.ReplyByLine, error) {
	var line web.ReplyByLine
	if s.ReplyBy == nil || !st.Stage.Open() {
		return line, nil
	}
	own, err := s.ReplyBy.RoleLevels(r.Context(), st.RoleID)
	if err != nil {
		return line, err
	}
	rules := s.ReplyBy.Rules
	levels := rules.Defaults.Over(own)
	if st.ReplyBy == nil {
		if st.Stage == applications.TakeHome {
			line.AfterHandIn = levels.TakeHome
		}
		return line, nil
	}
	line.Day = rules.Calendar.LastDay(*st.ReplyBy)
	line.Zone = rules.Calendar.Loc.String()
	line.Days = levels.For(st.Stage)
	line.Overdue = !st.ReplyBy.After(s.Now())
	return line, nil
}

// takeHomeView reads application id's take-home for a page showing times
// in loc (Take.TakeHome is nil when none was sent).
func (s *server) takeHomeView(r *http.Request, id int64, loc *time.Location) (web.TakeHomeView, error) {
	v := web.TakeHomeView{Now: s.Now(), Loc: loc}
	th, err := s.TakeHomes.ForApplication(r.Context(), id)
	if err != nil || th == nil {
		return v, err
	}
	v.TakeHome = th
	v.TaskHTML, err = s.Markdown.Render([]byte(th.Body))
	return v, err
}

// statusByToken reads the status page's application from the route.
func (s *server) statusByToken(r *http.Request) (applications.Status, error) {
	return s.Applications.ByToken(r.Context(), chi.URLParam(r, "token"))
}

// doneRedirect returns to the status page after a change, saying what was
// done (a GET after the POST: reload and back never resend it).
func (s *server) doneRedirect(w http.ResponseWriter, r *http.Request, token, done string) error {
	s.seeOther(w, r, "/applications/"+token+"?done="+done+"#take-home")
	return nil
}

// takeHomeSubmit takes the student's work: a file, read within the
// upload limits like a resume, or a link.
func (s *server) takeHomeSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	// Before reading 20 MB: is there a take-home that takes work now?
	th, err := s.TakeHomes.ForApplication(ctx, st.ID)
	if err != nil {
		return err
	}
	if th == nil {
		return errNotFound
	}
	if !th.CanHandIn(s.Now()) {
		// Nobody reads the body: close once answered (as for a busy slot).
		w.Header().Set("Connection", "close")
		_ = http.NewResponseController(w).SetReadDeadline(time.Now())
		return s.renderStatus(w, r, st, http.StatusConflict, "", s.pastDue(r))
	}
	release, err := s.takeUploadSlot(w, r)
	if err != nil {
		return err
	}
	defer release()
	var f uploadForm
	err = s.readUpload(w, r, "take-home", takeHomeBodyLimit, func(r *http.Request) error {
		var err error
		f, err = readUploadForm(r, "work", takehomes.MaxFileBytes)
		return err
	})
	if errors.Is(err, errTooLarge) {
		return s.renderStatus(w, r, st, http.StatusRequestEntityTooLarge, "", statusProblem{"work", s.workProblem(r, takehomes.WorkTooLarge), ""})
	}
	if err != nil {
		return err
	}
	work := takehomes.Work{File: takehomes.Upload{FileName: f.fileName, Data: f.file}, Link: f.fields["link"]}
	err = s.TakeHomes.Submit(ctx, st.ID, work, s.Now())
	if fe, ok := errors.AsType[*takehomes.FileError](err); ok {
		field := "work"
		if fe.Problem == takehomes.WorkBadLink || fe.Problem == takehomes.WorkLongLink {
			field = "link"
		}
		return s.renderStatus(w, r, st, http.StatusUnprocessableEntity, "", statusProblem{field, s.workProblem(r, fe.Problem), f.fields["link"]})
	}
	switch {
	case errors.Is(err, takehomes.ErrPastDue):
		return s.renderStatus(w, r, st, http.StatusConflict, "", s.pastDue(r))
	case errors.Is(err, takehomes.ErrStageOver), errors.Is(err, takehomes.ErrNotFound):
		return s.renderStatus(w, r, st, http.StatusConflict, "", statusProblem{})
	case err != nil:
		return err
	}
	s.Logger.InfoContext(ctx, "take-home handed in", "request_id", requestIDFrom(ctx), "application_id", st.ID)
	return s.doneRedirect(w, r, st.Token, "work")
}

// takeHomeExtension records the student's request for more time.
func (s *server) takeHomeExtension(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	err = s.TakeHomes.RequestExtension(r.Context(), st.ID, r.PostForm.Get("reason"), s.Now())
	switch {
	case errors.Is(err, takehomes.ErrNoReason):
		return s.renderStatus(w, r, st, http.StatusUnprocessableEntity, "", statusProblem{"reason",
			s.printer(r).T("status.take_home.no_reason"), ""})
	case errors.Is(err, takehomes.ErrAlreadyAsked), errors.Is(err, takehomes.ErrStageOver), errors.Is(err, takehomes.ErrNotFound):
		// A second tab or an old page: the page as it is now says why.
		return s.renderStatus(w, r, st, http.StatusConflict, "", statusProblem{})
	case err != nil:
		return err
	}
	return s.doneRedirect(w, r, st.Token, "extension")
}

// statusTimeZone keeps the zone the student reads their times in.
func (s *server) statusTimeZone(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	err = s.Applications.SetTimeZone(r.Context(), st.Token, r.PostForm.Get("tz"))
	if errors.Is(err, applications.ErrBadTimeZone) {
		return s.renderStatus(w, r, st, http.StatusUnprocessableEntity, "", statusProblem{"tz", s.printer(r).T("status.zone.bad"), ""})
	}
	if err != nil {
		return err
	}
	return s.doneRedirect(w, r, st.Token, "zone")
}

// takeHomeFile sends a file of the student's task.
func (s *server) takeHomeFile(w http.ResponseWriter, r *http.Request) error {
	st, err := s.statusByToken(r)
	if err != nil {
		return err
	}
	fileID, err := fileParam(r)
	if err != nil {
		return err
	}
	f, data, err := s.TakeHomes.StudentFile(r.Context(), st.ID, fileID)
	if err != nil {
		return err
	}
	privatePage(w)
	sendAttachment(w, f.ContentType, f.FileName, data)
	return nil
}
