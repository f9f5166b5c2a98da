package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/alerts"
	"example.com/careers/internal/i18n"
	"example.com/careers/internal/roles"
	"example.com/careers/web"
)

// adminRoles lists every role with its status and application counts.
func (s *server) adminRoles(w http.ResponseWriter, r *http.Request) error {
	now := s.Now()
	rows, err := s.Roles.AdminList(r.Context(), now)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.AdminRolesPage(web.AdminRolesView{
		Chrome: s.adminChrome(r, "Roles"), Rows: rows, Now: now, Flash: s.popFlash(r),
	}))
}

// adminRoleNew serves the blank role form.
func (s *server) adminRoleNew(w http.ResponseWriter, r *http.Request) error {
	in := roles.Input{Season: s.Site.Settings.Season.Name, Mode: roles.Hybrid, Degrees: roles.Degrees,
		PayCurrency: roles.PayFilterCurrency, PayUnit: string(roles.PerHour)}
	return s.renderRoleForm(w, r, http.StatusOK, web.AdminRoleFormView{Input: in})
}

// adminRoleEdit serves the form for an existing role.
func (s *server) adminRoleEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	in := roles.InputOf(role, s.Site.Settings.Location())
	ts, err := s.Roles.Translations(r.Context(), id)
	if err != nil {
		return err
	}
	for _, l := range s.otherLanguages() {
		in.Translations = append(in.Translations, roles.TranslationInput{Lang: l.Code, Title: ts[l.Code].Title, Description: ts[l.Code].Description})
	}
	return s.renderRoleForm(w, r, http.StatusOK, web.AdminRoleFormView{Role: &role, Input: in, Flash: s.popFlash(r)})
}

func (s *server) renderRoleForm(w http.ResponseWriter, r *http.Request, status int, v web.AdminRoleFormView) error {
	title := "New role"
	if v.Role != nil {
		title = "Edit " + v.Role.Title
	}
	if len(v.Errors) > 0 {
		title = "Error: " + title
	}
	v.Chrome = s.adminChrome(r, title)
	v.Now = s.Now()
	v.PayPlaces = s.Site.Settings.PayTransparency
	v.Languages = s.otherLanguages()
	if len(v.Input.Translations) == 0 {
		for _, l := range v.Languages {
			v.Input.Translations = append(v.Input.Translations, roles.TranslationInput{Lang: l.Code})
		}
	}
	return s.render(w, r, status, web.AdminRoleFormPage(v))
}

func (s *server) roleInputFrom(r *http.Request) roles.Input {
	f := r.PostForm
	in := roles.Input{
		Title: f.Get("title"), Team: f.Get("team"), Area: roles.Area(f.Get("area")),
		Locations: f.Get("locations"), Mode: roles.WorkMode(f.Get("mode")), Season: f.Get("season"),
		Description: f.Get("description"), ClosesAt: f.Get("closes_at"),
		PayMin: f.Get("pay_min"), PayMax: f.Get("pay_max"), PayCurrency: f.Get("pay_currency"), PayUnit: f.Get("pay_unit"),
		Benefits: f.Get("benefits"),
	}
	for _, d := range f["degrees"] {
		in.Degrees = append(in.Degrees, roles.Degree(d))
	}
	for _, l := range s.otherLanguages() {
		in.Translations = append(in.Translations, roles.TranslationInput{
			Lang: l.Code, Title: f.Get("title_" + l.Code), Description: f.Get("description_" + l.Code)})
	}
	return in
}

// otherLanguages are the languages a role may be translated into: every
// one the site speaks but English.
func (s *server) otherLanguages() []i18n.Lang { return s.Site.Catalog.Languages()[1:] }

// adminRoleSave creates or (update) saves a role, or renders the preview
// when the Preview button was pressed.
func (s *server) adminRoleSave(update bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error { return s.saveRole(w, r, update) }
}

func (s *server) saveRole(w http.ResponseWriter, r *http.Request, update bool) error {
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	var existing *roles.Role
	if update {
		id, err := idParam(r)
		if err != nil {
			return err
		}
		role, err := s.Roles.ByID(ctx, id)
		if err != nil {
			return err
		}
		existing = &role
	}
	in := s.roleInputFrom(r)
	c, errs := in.Validate(s.Site.Settings.Location())
	v := web.AdminRoleFormView{Role: existing, Input: in, Errors: errs, PostedVersion: r.PostForm.Get("version")}
	if r.PostForm.Get("action") == "preview" {
		html, err := s.Markdown.Render([]byte(in.Description))
		if err != nil {
			return err
		}
		v.PreviewHTML = html
		return s.renderRoleForm(w, r, http.StatusOK, v)
	}
	if len(errs) > 0 {
		return s.renderRoleForm(w, r, http.StatusUnprocessableEntity, v)
	}
	actor := accountFrom(ctx).Actor()
	if existing == nil {
		role, err := s.Roles.Create(ctx, actor, c)
		if err != nil {
			return err
		}
		s.flash(r, "Saved as a draft. Publish it from the roles list when it is ready.")
		return seeOther(w, r, "/admin/roles/"+strconv.FormatInt(role.ID, 10)+"/edit")
	}
	version := time.Time{}
	if micros, perr := strconv.ParseInt(r.PostForm.Get("version"), 10, 64); perr == nil {
		version = time.UnixMicro(micros)
	}
	err := s.Roles.Update(ctx, actor, existing.ID, version, c, s.payRule)
	if payErr, ok := errors.AsType[*roles.PayRequiredError](err); ok {
		v.Errors = map[string]string{"pay": payErr.Error()}
		return s.renderRoleForm(w, r, http.StatusUnprocessableEntity, v)
	}
	if errors.Is(err, roles.ErrEditedMeanwhile) {
		v.Problem = "Someone saved this role while you were editing it, so your changes were not saved. " +
			"Your text is still below: open the role again to see their version, then make your changes there."
		return s.renderRoleForm(w, r, http.StatusConflict, v)
	}
	if errors.Is(err, roles.ErrClosesBeforeOpens) {
		v.Errors = map[string]string{"closes_at": "The closing date must come after the role was published."}
		return s.renderRoleForm(w, r, http.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	s.roleChanged(existing.Slug)
	s.flash(r, "Saved.")
	return seeOther(w, r, "/admin/roles/"+strconv.FormatInt(existing.ID, 10)+"/edit")
}

// adminRoleStatus publishes, closes or reopens a role.
func (s *server) adminRoleStatus(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := idParam(r)
		if err != nil {
			return err
		}
		now := s.Now()
		// A role going live schedules the alert digest in the same
		// transaction: it runs once the batching window has passed.
		scheduleAlerts := func(ctx context.Context, tx pgx.Tx) error {
			return alerts.Schedule(ctx, tx, s.Jobs, now, s.AlertWindow)
		}
		err = s.Roles.SetStatus(r.Context(), accountFrom(r.Context()).Actor(), id, action, now, s.payRule, scheduleAlerts)
		payErr, needsPay := errors.AsType[*roles.PayRequiredError](err)
		switch {
		case needsPay:
			s.flash(r, map[string]string{roles.ActionPublish: "Not published. ", roles.ActionReopen: "Not reopened. "}[action]+
				payErr.Error()+" Enter it in the role's editor.")
		case errors.Is(err, roles.ErrClosingPassed):
			s.flash(r, "Not published: its closing date has passed. Change the date first.")
		case errors.Is(err, roles.ErrBadAction):
			s.flash(r, "Nothing changed: the role had already changed. Here is its current status.")
		case err != nil:
			return err
		default:
			// All role pages go: the handler knows the id, not the slug.
			s.roleChanged("")
			s.flash(r, map[string]string{roles.ActionPublish: "Published: the role is live.",
				roles.ActionClose:  "Closed: the role no longer takes applications.",
				roles.ActionReopen: "Reopened: the role takes applications again."}[action])
		}
		if r.PostFormValue("back") == "edit" {
			return seeOther(w, r, "/admin/roles/"+strconv.FormatInt(id, 10)+"/edit")
		}
		return seeOther(w, r, "/admin/roles")
	}
}

// adminRoleCopy makes a draft of the role for the next season.
func (s *server) adminRoleCopy(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	copied, err := s.Roles.CopyToNextSeason(r.Context(), accountFrom(r.Context()).Actor(), id, roles.NextSeason(role.Season))
	if err != nil {
		return err
	}
	s.flash(r, "Copied as a draft for "+copied.Season+".")
	return seeOther(w, r, "/admin/roles/"+strconv.FormatInt(copied.ID, 10)+"/edit")
}
