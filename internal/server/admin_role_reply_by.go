package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"example.com/careers/internal/content"
	"example.com/careers/internal/replyby"
	"example.com/careers/web"
)

// adminRoleReplyBy shows a role's own reply-by levels.
func (s *server) adminRoleReplyBy(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	own, err := s.ReplyBy.RoleLevels(r.Context(), id)
	if err != nil {
		return replyByRoleErr(err)
	}
	form := map[string]string{}
	for name, n := range map[string]int{"applied": own.Applied, "take_home": own.TakeHome, "interview": own.Interview} {
		if n > 0 {
			form[name] = strconv.Itoa(n)
		}
	}
	return s.renderRoleReplyBy(w, r, http.StatusOK, id, form, nil)
}

func (s *server) renderRoleReplyBy(w http.ResponseWriter, r *http.Request, status int, id int64, form, problems map[string]string) error {
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	title := "Reply-by dates: " + role.Title
	if len(problems) > 0 {
		title = "Error: " + title
	}
	return s.render(w, r, status, web.RoleReplyByPage(web.RoleReplyByView{
		Chrome: s.adminChrome(r, title), Flash: s.popFlash(r), Role: role, Site: s.ReplyBy.Rules.Defaults,
		Form: form, Errors: problems,
	}))
}

// adminRoleReplyBySave stores the role's own levels; a level that is not
// a whole number of working days in range stores nothing.
func (s *server) adminRoleReplyBySave(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	form, problems := map[string]string{}, map[string]string{}
	read := func(name string) int {
		v := strings.TrimSpace(r.PostForm.Get(name))
		form[name] = v
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > content.MaxReplyByDays {
			problems[name] = "Enter a whole number of working days from 1 to " + strconv.Itoa(content.MaxReplyByDays) + ", or leave it empty."
		}
		return n
	}
	l := replyby.Levels{Applied: read("applied"), TakeHome: read("take_home"), Interview: read("interview")}
	if len(problems) > 0 {
		return s.renderRoleReplyBy(w, r, http.StatusUnprocessableEntity, id, form, problems)
	}
	if err := s.ReplyBy.SetRoleLevels(r.Context(), id, l); err != nil {
		return replyByRoleErr(err)
	}
	s.flash(r, "Reply-by dates saved: this role's open applications follow them now.")
	return seeOther(w, r, "/admin/roles/"+strconv.FormatInt(id, 10)+"/reply-by")
}

// replyByRoleErr makes an unknown role a 404.
func replyByRoleErr(err error) error {
	if errors.Is(err, replyby.ErrRoleNotFound) {
		return errNotFound
	}
	return err
}
