package server

import (
	"errors"
	"net/http"
	"strconv"

	"example.com/careers/internal/questions"
	"example.com/careers/web"
)

// questionsPath is the address of role id's question editor.
func questionsPath(id int64) string {
	return "/admin/roles/" + strconv.FormatInt(id, 10) + "/questions"
}

// roleChoicesForCopy is how many roles the "copy from" list offers.
const roleChoicesForCopy = 200

// adminRoleQuestions lists a role's questions, with the form to add one.
func (s *server) adminRoleQuestions(w http.ResponseWriter, r *http.Request) error {
	return s.renderRoleQuestions(w, r, http.StatusOK, nil, questions.Form{Required: true}, nil, "")
}

// adminRoleQuestion shows one question for editing.
func (s *server) adminRoleQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	qid, err := int64Param(r, "q")
	if err != nil {
		return err
	}
	q, err := s.Questions.Question(r.Context(), id, qid)
	if err != nil {
		return err
	}
	return s.renderRoleQuestions(w, r, http.StatusOK, &q, questions.FormOf(q), nil, "")
}

// renderRoleQuestions renders the editor: editing is the question being
// edited (nil: the page adds one), form and problems the form's values
// and errors, problem an error of the page's other forms.
func (s *server) renderRoleQuestions(w http.ResponseWriter, r *http.Request, status int,
	editing *questions.Question, form questions.Form, problems questions.Problems, problem string) error {
	ctx := r.Context()
	id, err := idParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(ctx, id)
	if err != nil {
		return err
	}
	qs, err := s.Questions.ForRole(ctx, id)
	if err != nil {
		return err
	}
	choices, _, err := s.Roles.Choices(ctx, roleChoicesForCopy, 0)
	if err != nil {
		return err
	}
	v := web.RoleQuestionsView{Role: role, Questions: qs, Editing: editing, Form: form, Errors: problems,
		Problem: problem, Sets: s.Site.QuestionSets, Flash: s.popFlash(r)}
	for _, c := range choices {
		if c.ID != id {
			v.Roles = append(v.Roles, c)
		}
	}
	title := "Application questions: " + role.Title
	if len(problems) > 0 || problem != "" {
		title = "Error: " + title
	}
	v.Chrome = s.adminChrome(r, title)
	return s.render(w, r, status, web.RoleQuestionsPage(v))
}

// questionForm reads the editor's fields.
func questionForm(r *http.Request) questions.Form {
	f := r.PostForm
	return questions.Form{Kind: f.Get("kind"), Label: f.Get("label"), Help: f.Get("help"), Required: f.Get("required") == "yes",
		MaxChars: f.Get("max_chars"), Options: f.Get("options"), Knockouts: f.Get("knockouts"), Requirement: f.Get("requirement")}
}

// adminRoleQuestionAdd adds a question at the end of the role's form.
func (s *server) adminRoleQuestionAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	form := questionForm(r)
	q, problems := questions.Parse(form)
	if problems != nil {
		return s.renderRoleQuestions(w, r, http.StatusUnprocessableEntity, nil, form, problems, "")
	}
	if err := s.Questions.Add(r.Context(), accountFrom(r.Context()).Actor(), id, []questions.Question{q}); err != nil {
		return s.questionsRefused(w, r, nil, form, err)
	}
	s.flash(r, "Question added: “"+q.Label+"”.")
	return seeOther(w, r, questionsPath(id))
}

// adminRoleQuestionSave saves an edited question. Answers already given
// keep the question as it was.
func (s *server) adminRoleQuestionSave(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	qid, err := int64Param(r, "q")
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	old, err := s.Questions.Question(r.Context(), id, qid)
	if err != nil {
		return err
	}
	form := questionForm(r)
	q, problems := questions.Parse(form)
	if problems != nil {
		return s.renderRoleQuestions(w, r, http.StatusUnprocessableEntity, &old, form, problems, "")
	}
	if err := s.Questions.Update(r.Context(), accountFrom(r.Context()).Actor(), id, qid, q); err != nil {
		return s.questionsRefused(w, r, &old, form, err)
	}
	s.flash(r, "Question saved. Answers already sent keep the question as the students read it.")
	return seeOther(w, r, questionsPath(id))
}

// adminRoleQuestionRemove removes a question from the form.
func (s *server) adminRoleQuestionRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	qid, err := int64Param(r, "q")
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	if err := s.Questions.Remove(r.Context(), accountFrom(r.Context()).Actor(), id, qid); err != nil {
		return err
	}
	s.flash(r, "Question removed. Answers already sent keep it.")
	return seeOther(w, r, questionsPath(id))
}

// adminRoleQuestionMove moves a question one place up or down.
func (s *server) adminRoleQuestionMove(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	qid, err := int64Param(r, "q")
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	if err := s.Questions.Move(r.Context(), accountFrom(r.Context()).Actor(), id, qid, r.PostForm.Get("direction") == "up"); err != nil {
		return err
	}
	return seeOther(w, r, questionsPath(id)+"#question-"+strconv.FormatInt(qid, 10))
}

// adminRoleQuestionsCopy adds every question of another role, or of a
// question set from the site's content, to this role's form.
func (s *server) adminRoleQuestionsCopy(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	by := accountFrom(ctx).Actor()
	if name := r.PostForm.Get("set"); name != "" {
		for _, set := range s.Site.QuestionSets {
			if set.Name != name {
				continue
			}
			qs, err := questions.FromSet(set) // checked at start-up
			if err != nil {
				return err
			}
			if err := s.Questions.Add(ctx, by, id, qs); err != nil {
				return s.questionsRefused(w, r, nil, questions.Form{Required: true}, err)
			}
			s.flash(r, "Added the questions of “"+set.Name+"”. Review them: knockouts are off until you set them.")
			return seeOther(w, r, questionsPath(id))
		}
		return s.renderRoleQuestions(w, r, http.StatusUnprocessableEntity, nil, questions.Form{Required: true}, nil, "Choose one of the question sets listed.")
	}
	from, err := strconv.ParseInt(r.PostForm.Get("from"), 10, 64)
	if err != nil || from == id {
		return s.renderRoleQuestions(w, r, http.StatusUnprocessableEntity, nil, questions.Form{Required: true}, nil, "Choose the role to copy questions from.")
	}
	n, err := s.Questions.Copy(ctx, by, id, from)
	if err != nil {
		return s.questionsRefused(w, r, nil, questions.Form{Required: true}, err)
	}
	if n == 0 {
		return s.renderRoleQuestions(w, r, http.StatusUnprocessableEntity, nil, questions.Form{Required: true}, nil, "That role has no questions of its own to copy.")
	}
	s.flash(r, "Copied "+strconv.Itoa(n)+" questions.")
	return seeOther(w, r, questionsPath(id))
}

// questionsRefused explains a store's refusal on the editor.
func (s *server) questionsRefused(w http.ResponseWriter, r *http.Request, editing *questions.Question, form questions.Form, err error) error {
	if errors.Is(err, questions.ErrTooMany) {
		return s.renderRoleQuestions(w, r, http.StatusConflict, editing, form, nil,
			"A role's form holds at most "+strconv.Itoa(questions.MaxPerRole)+" questions: remove some first.")
	}
	return err
}
