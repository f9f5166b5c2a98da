package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/takehomes"
	"example.com/careers/web"
)

// takeHomePath is the address of role id's take-home editor.
func takeHomePath(id int64) string { return "/admin/roles/" + strconv.FormatInt(id, 10) + "/take-home" }

// adminTakeHomeTask shows a role's take-home task for editing.
func (s *server) adminTakeHomeTask(w http.ResponseWriter, r *http.Request) error {
	return s.renderTakeHomeTask(w, r, http.StatusOK, nil, nil, "")
}

// renderTakeHomeTask renders the editor; form and problems are a refused
// save's, fileError a refused file's.
func (s *server) renderTakeHomeTask(w http.ResponseWriter, r *http.Request, status int,
	form *takehomes.TaskForm, problems takehomes.Problems, fileError string) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	loc := s.Site.Settings.Location()
	v := web.RoleTakeHomeView{Role: role, Errors: problems, FileError: fileError, Flash: s.popFlash(r), Loc: loc}
	v.Task, err = s.TakeHomes.Task(r.Context(), id)
	switch {
	case errors.Is(err, takehomes.ErrNoTask):
		// A new task starts from the site's template (content/).
		v.Form = takehomes.TaskForm{Body: s.Site.TakeHomeTask, Allowance: strconv.Itoa(takehomes.DefaultAllowance)}
	case err != nil:
		return err
	default:
		v.Has = true
		v.Form = takehomes.TaskForm{Body: v.Task.Body, Allowance: strconv.Itoa(v.Task.AllowanceHours)}
		if v.Task.LatestDue != nil {
			v.Form.LatestDue = web.DateTimeLocal(*v.Task.LatestDue, loc)
		}
	}
	if form != nil {
		v.Form = *form
	}
	title := "Take-home task: " + role.Title
	if len(problems) > 0 || fileError != "" {
		title = "Error: " + title
	}
	v.Chrome = s.adminChrome(r, title)
	return s.render(w, r, status, web.RoleTakeHomePage(v))
}

// adminTakeHomeTaskSave stores the role's task.
func (s *server) adminTakeHomeTaskSave(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	form := takehomes.TaskForm{Body: r.PostForm.Get("body"), Allowance: r.PostForm.Get("allowance"), LatestDue: r.PostForm.Get("latest_due")}
	task, problems := takehomes.ParseTask(form, s.Site.Settings.Location())
	if problems != nil {
		return s.renderTakeHomeTask(w, r, http.StatusUnprocessableEntity, &form, problems, "")
	}
	task.RoleID = id
	if err := s.TakeHomes.SaveTask(r.Context(), accountFrom(r.Context()).Actor(), task); err != nil {
		return err
	}
	s.flash(r, "The take-home task is saved. Students who already have it keep the version they were sent.")
	return seeOther(w, r, takeHomePath(id))
}

// adminTakeHomeFileAdd attaches a file to the role's task, read within
// the upload limits.
func (s *server) adminTakeHomeFileAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	release, err := s.takeUploadSlot(w, r)
	if err != nil {
		return err
	}
	defer release()
	var f uploadForm
	err = s.readUpload(w, r, "take-home file", takeHomeBodyLimit, func(r *http.Request) error {
		var err error
		f, err = readUploadForm(r, "file", takehomes.MaxFileBytes)
		return err
	})
	if errors.Is(err, errTooLarge) {
		return s.renderTakeHomeTask(w, r, http.StatusRequestEntityTooLarge, nil, nil, "The file is larger than 20 MB.")
	}
	if err != nil {
		return err
	}
	err = s.TakeHomes.AddFile(r.Context(), accountFrom(r.Context()).Actor(), id, takehomes.Upload{FileName: f.fileName, Data: f.file})
	if fe, ok := errors.AsType[*takehomes.FileError](err); ok {
		return s.renderTakeHomeTask(w, r, http.StatusUnprocessableEntity, nil, nil, strings.Replace(fe.Problem, "Your file", "The file", 1))
	}
	switch {
	case errors.Is(err, takehomes.ErrTooManyFiles):
		return s.renderTakeHomeTask(w, r, http.StatusConflict, nil, nil, fmt.Sprintf("A task holds at most %d files: remove one first.", takehomes.MaxTaskFiles))
	case errors.Is(err, takehomes.ErrNoTask):
		return s.renderTakeHomeTask(w, r, http.StatusConflict, nil, nil, "Save the task first, then attach files to it.")
	case err != nil:
		return err
	}
	s.flash(r, "File attached. Students you send the take-home to from now on get it.")
	return seeOther(w, r, takeHomePath(id))
}

// fileParam reads the {file} route parameter; junk is a 404.
func fileParam(r *http.Request) (int64, error) { return int64Param(r, "file") }

// adminTakeHomeFileRemove takes a file off the role's task.
func (s *server) adminTakeHomeFileRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	fileID, err := fileParam(r)
	if err != nil {
		return err
	}
	if err := s.TakeHomes.RemoveFile(r.Context(), accountFrom(r.Context()).Actor(), id, fileID); err != nil {
		return err
	}
	s.flash(r, "File removed from the task. Students who were already sent it keep it.")
	return seeOther(w, r, takeHomePath(id))
}

// adminTakeHomeFile sends a file of the role's task.
func (s *server) adminTakeHomeFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	fileID, err := fileParam(r)
	if err != nil {
		return err
	}
	f, data, err := s.TakeHomes.TaskFile(r.Context(), id, fileID)
	if err != nil {
		return err
	}
	sendAttachment(w, f.ContentType, f.FileName, data)
	return nil
}

// sendProblem words a refused send for the recruiter.
func sendProblem(err error) string {
	switch {
	case errors.Is(err, takehomes.ErrNoTask):
		return "Not sent: the role has no take-home task yet. Write it in the role's take-home page first."
	case errors.Is(err, takehomes.ErrWrongStage):
		return "Not sent: a take-home is sent to applications in the Applied or take-home stage."
	case errors.Is(err, takehomes.ErrTaskClosed):
		return "Not sent: the task's latest due moment has passed. Move it later in the role's take-home page."
	case errors.Is(err, applications.ErrErased):
		return "Not sent: the application was erased."
	case errors.Is(err, applications.ErrNotFound):
		return "Not sent: the application no longer exists."
	}
	return ""
}

// adminTakeHomeSend sends the role's take-home to one application.
func (s *server) adminTakeHomeSend(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	res, err := s.TakeHomes.Send(r.Context(), accountFrom(r.Context()).Actor(), []int64{id}, s.Now())
	if msg := sendProblem(err); msg != "" {
		return s.renderApplication(w, r, http.StatusConflict, msg)
	}
	if err != nil {
		return err
	}
	if res.Sent == 0 {
		s.flash(r, "The take-home was already sent to this student: nothing was sent again.")
	} else {
		s.flash(r, "Take-home sent. The student has it by email and on their page.")
	}
	return seeOther(w, r, adminAppPath(id)+"#take-home")
}

// adminTakeHomeExtension grants or declines the student's request.
func (s *server) adminTakeHomeExtension(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	grant := r.PostForm.Get("decision") == "grant"
	var due time.Time
	if grant {
		due, err = time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(r.PostForm.Get("due")), s.Site.Settings.Location())
		if err != nil {
			return s.renderApplication(w, r, http.StatusUnprocessableEntity, "Give the new due moment as a date and time.")
		}
	}
	err = s.TakeHomes.DecideExtension(r.Context(), accountFrom(r.Context()).Actor(), id, grant, due, s.Now())
	switch {
	case errors.Is(err, takehomes.ErrBadDue):
		return s.renderApplication(w, r, http.StatusUnprocessableEntity, "The new due moment must be in the future and later than the current one: an extension gives more time, never less.")
	case errors.Is(err, takehomes.ErrStageOver):
		return s.renderApplication(w, r, http.StatusConflict, "The application has left the take-home stage: there is no due moment to move.")
	case errors.Is(err, takehomes.ErrNoRequest):
		return s.renderApplication(w, r, http.StatusConflict, "That request was already answered (in another tab, or by a colleague).")
	case err != nil:
		return err
	}
	if grant {
		s.flash(r, "More time granted: the student is told the new due moment by email.")
	} else {
		s.flash(r, "Request declined: the student is told by email.")
	}
	return seeOther(w, r, adminAppPath(id)+"#take-home")
}

// adminTakeHomeWork sends the student's work to a recruiter.
func (s *server) adminTakeHomeWork(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	sub, data, err := s.TakeHomes.SubmissionFile(r.Context(), id)
	return s.sendWork(w, r, id, sub, data, err)
}

// adminInterviewTakeHomeWork sends the work to an interviewer assigned to
// the application; anyone else gets the 404 of a missing id.
func (s *server) adminInterviewTakeHomeWork(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	sub, data, err := s.TakeHomes.SubmissionForInterviewer(r.Context(), accountFrom(r.Context()).ID, id)
	return s.sendWork(w, r, id, sub, data, err)
}

func (s *server) sendWork(w http.ResponseWriter, r *http.Request, id int64, sub takehomes.Submission, data []byte, err error) error {
	if err != nil {
		return err
	}
	ext := ".pdf"
	if sub.ContentType == takehomes.TypeZIP {
		ext = ".zip"
	}
	// The name is ours: the student's file name is shown on the page.
	sendAttachment(w, sub.ContentType, fmt.Sprintf("application-%d-take-home%s", id, ext), data)
	s.Logger.InfoContext(r.Context(), "take-home work downloaded", "request_id", requestIDFrom(r.Context()),
		"account_id", accountFrom(r.Context()).ID, "application_id", id)
	return nil
}
