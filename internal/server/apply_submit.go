package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"example.com/careers/internal/adjustments"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/questions"
	"example.com/careers/internal/ratelimit"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/text"
	"example.com/careers/internal/token"
	"example.com/careers/web"
)

// defaultUploadTimeout replaces the server's ReadTimeout for the apply
// POST (Deps.UploadTimeout, UPLOAD_TIMEOUT): a 5 MB resume over a slow
// phone connection needs more than 30 seconds.
const defaultUploadTimeout = 3 * time.Minute

// WriteGrace is how much longer than its request's read limit a response
// may take to be written: serve's WriteTimeout, and the apply route's.
const WriteGrace = 30 * time.Second

// drainLimit is how much of an oversized body is read and dropped so the
// browser gets to see the 413 page instead of a reset connection.
const drainLimit = 32 << 20

// applySubmit handles the apply form: read it, check it, store it in one
// transaction, then 303 to the private status page.
func (s *server) applySubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	role, err := s.publishedRole(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		return err
	}
	now := s.Now()
	if !role.IsOpen(now) {
		return s.roleClosedForApply(w, r, role)
	}
	qs, err := s.Questions.ForRole(ctx, role.ID)
	if err != nil {
		return err
	}
	release, err := s.takeUploadSlot(w, r)
	if err != nil {
		return err
	}
	defer release()
	sub, err := s.readApplyUpload(w, r, qs)
	if err != nil {
		return err
	}
	if sub.honeypot != "" {
		// A bot filled the field people never see: store nothing and give
		// it nothing to learn from.
		s.Logger.InfoContext(ctx, "apply: honeypot filled, dropped", "request_id", requestIDFrom(ctx))
		privatePage(w)
		p := s.printer(r)
		return s.render(w, r, http.StatusOK, web.MessagePage(web.MessageView{
			Chrome:     s.chrome(r, p.T("apply.sent.heading"), p.T("apply.sent.thanks")),
			Heading:    p.T("apply.sent.heading"),
			Paragraphs: []string{p.T("apply.sent.received")},
		}))
	}
	in := sub.input
	answers, answerErrs := questions.Read(qs, sub.answers)
	adjustment, problem := adjustments.Clean(sub.adjustment)
	if problem != "" && adjustment != "" { // optional here: only a long one is refused
		answerErrs = append(answerErrs, applications.Problem(adjustments.FieldBody, problem, "apply.error.adjustment_long",
			"Count", text.Runes(adjustment), "Max", adjustments.MaxBodyRunes))
	}
	if errs := applications.Check(&in, sub.resume, now, role.DegreeLevels).WithQuestions(answerErrs); len(errs) > 0 {
		return s.renderApplyForm(w, r, http.StatusUnprocessableEntity, web.ApplyView{
			Role: role, Input: in, Errors: errs, ChooseResumeAgain: true, Questions: qs, Answers: sub.answers, Adjustment: adjustment,
		})
	}
	extras := []applications.Extra{questions.Save(answers)}
	if adjustment != "" {
		extras = append(extras, s.Adjustments.AskWith(adjustment, now))
	}
	// Counted only for forms that would be stored: a student fixing
	// mistakes is not limited, a script sending valid forms is.
	attempt, err := s.ApplyLimit.Attempt(ctx, now, ratelimit.AddressKey(s.clientAddr(r)))
	if err != nil {
		return err
	}
	if attempt.Blocked {
		s.Logger.WarnContext(ctx, "apply: rate limited", "request_id", requestIDFrom(ctx))
		w.Header().Set("Retry-After", strconv.Itoa(int(attempt.Wait.Seconds()+0.999)))
		return s.renderApplyForm(w, r, http.StatusTooManyRequests, web.ApplyView{
			Role: role, Input: in, ChooseResumeAgain: true, Questions: qs, Answers: sub.answers,
			FormError: s.printer(r).T("apply.form.rate_limited"),
		})
	}
	in.Language = s.printer(r).Lang().Code // every later mail is in it
	status, err := s.Applications.Submit(ctx, role.ID, in, sub.resume, now, s.notifyApplicant, extras...)
	if re, ok := errors.AsType[*applications.ResubmittedError](err); ok {
		// The same form again (double click, second tab): this browser
		// holds the form's key, so it may see the application it made,
		// through a new link (only hashes of the old ones are stored).
		status, err = s.Applications.NewLink(ctx, re.ApplicationID)
	}
	if err != nil {
		return s.applyRefused(w, r, role, in, qs, sub.answers, err)
	}
	s.Logger.InfoContext(ctx, "application submitted", "request_id", requestIDFrom(ctx), "role", role.Slug)
	s.seeOther(w, r, "/applications/"+status+"?submitted=1")
	return nil
}

// readApplyUpload reads the apply form within the upload's limits
// (readUpload).
func (s *server) readApplyUpload(w http.ResponseWriter, r *http.Request, qs []questions.Question) (applySubmission, error) {
	var sub applySubmission
	err := s.readUpload(w, r, "apply", applyLimit(qs), func(r *http.Request) error {
		var err error
		sub, err = readApplyForm(r, qs)
		return err
	})
	return sub, err
}

// applySent thanks the student and points them to their mailbox: it is
// where a second application with the same address lands, and it must
// read the same for everyone.
func (s *server) applySent(w http.ResponseWriter, r *http.Request) error {
	role, err := s.publishedRole(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		return err
	}
	p := s.printer(r)
	return s.render(w, r, http.StatusOK, web.AppliedPage(web.AppliedView{
		Chrome: s.chrome(r, p.T("apply.sent.heading"), p.T("apply.sent.description", "Role", role.Title)),
		Role:   role,
	}))
}

// applyRefused tells the student why the store refused the application.
func (s *server) applyRefused(w http.ResponseWriter, r *http.Request, role roles.Role, in applications.Input,
	qs []questions.Question, answers questions.Values, err error) error {
	switch {
	case errors.Is(err, applications.ErrDuplicate):
		// The status link goes to the address, so only its owner gets it.
		// The answer is the one a new application gets (303), onto a page
		// that says nothing about an existing application: the form must
		// not tell a stranger who has applied.
		if de, ok := errors.AsType[*applications.DuplicateError](err); ok {
			if err := s.mailAlreadyApplied(r.Context(), de, role.Title, in.Email); err != nil {
				return err
			}
		}
		s.seeOther(w, r, "/roles/"+role.Slug+"/applied")
		return nil
	case errors.Is(err, applications.ErrFormReused):
		in.SubmissionKey = token.New()
		return s.renderApplyForm(w, r, http.StatusConflict, web.ApplyView{
			Role: role, Input: in, ChooseResumeAgain: true, Questions: qs, Answers: answers,
			FormError: s.printer(r).T("apply.form.reused"),
		})
	case errors.Is(err, applications.ErrRoleClosed):
		return s.roleClosedForApply(w, r, role)
	default:
		return err
	}
}
