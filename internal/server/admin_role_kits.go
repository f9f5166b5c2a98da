package server

import (
	"net/http"
	"strconv"

	"example.com/careers/internal/content"
	"example.com/careers/internal/roles"
	"example.com/careers/web"
)

// adminRoleKits shows a role's interview kits for editing: its own, or
// the site's defaults as a starting point.
func (s *server) adminRoleKits(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	own, err := s.Roles.Kits(r.Context(), id)
	if err != nil {
		return err
	}
	v := web.RoleKitsView{Role: role, Own: own != nil, Texts: map[string]content.KitText{}, Flash: s.popFlash(r)}
	for _, st := range content.KitStages {
		k, ok := own[st]
		if !ok {
			k = s.Site.Kits[st].ForRole(role.Area == roles.Technology)
		}
		v.Texts[st] = k.Text()
	}
	return s.renderRoleKits(w, r, http.StatusOK, v)
}

func (s *server) renderRoleKits(w http.ResponseWriter, r *http.Request, status int, v web.RoleKitsView) error {
	title := "Interview kits: " + v.Role.Title
	if len(v.Errors) > 0 {
		title = "Error: " + title
	}
	v.Chrome = s.adminChrome(r, title)
	return s.render(w, r, status, web.RoleKitsPage(v))
}

// adminRoleKitsSave stores the role's kits, or goes back to the
// defaults. Nothing is stored unless every stage's kit is right.
func (s *server) adminRoleKitsSave(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	by := accountFrom(r.Context()).Actor()
	if r.PostForm.Get("action") == "defaults" {
		if err := s.Roles.SetKits(r.Context(), by, id, nil); err != nil {
			return err
		}
		s.flash(r, "This role uses the default kits again. Scorecards already written keep the kit they were written against.")
		return seeOther(w, r, "/admin/roles/"+strconv.FormatInt(id, 10)+"/kits")
	}
	v := web.RoleKitsView{Role: role, Own: true, Texts: map[string]content.KitText{}, Errors: map[string]string{}}
	kits := map[string]content.Kit{}
	for _, st := range content.KitStages {
		t := content.KitText{Purpose: r.PostForm.Get(st + "-purpose"), Questions: r.PostForm.Get(st + "-questions"), Attributes: r.PostForm.Get(st + "-attributes")}
		v.Texts[st] = t
		k, problem := t.Parse()
		if problem != "" {
			v.Errors[st] = problem
			continue
		}
		kits[st] = k
	}
	if len(v.Errors) > 0 {
		return s.renderRoleKits(w, r, http.StatusUnprocessableEntity, v)
	}
	if err := s.Roles.SetKits(r.Context(), by, id, kits); err != nil {
		return err
	}
	s.flash(r, "Kits saved. New scorecards use them; those already written keep the kit they were written against.")
	return seeOther(w, r, "/admin/roles/"+strconv.FormatInt(id, 10)+"/kits")
}
