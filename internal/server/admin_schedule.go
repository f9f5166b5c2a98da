package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/scheduling"
	"example.com/careers/web"
)

// slotParam reads the {slot} route parameter; junk is a 404.
func slotParam(r *http.Request) (int64, error) { return int64Param(r, "slot") }

func schedulePath(id int64) string { return "/admin/roles/" + strconv.FormatInt(id, 10) + "/schedule" }

// adminRoleSchedule shows a role's interview times and the form to add.
func (s *server) adminRoleSchedule(w http.ResponseWriter, r *http.Request) error {
	zone := s.Site.Settings.Location().String()
	return s.renderRoleSchedule(w, r, http.StatusOK, scheduling.SlotForm{Length: "45", Capacity: "1", Zone: zone, Stage: string(applications.Interview1)}, "")
}

func (s *server) renderRoleSchedule(w http.ResponseWriter, r *http.Request, status int, form scheduling.SlotForm, problem string) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	loc := s.Site.Settings.Location()
	v := web.RoleScheduleView{Role: role, Form: form, Error: problem, Flash: s.popFlash(r), Loc: loc,
		Zones: web.ZoneChoices(form.Zone, s.Now())}
	if v.Slots, err = s.Scheduling.ForRole(r.Context(), id, s.Now()); err != nil {
		return err
	}
	if v.Booked, err = s.Scheduling.BookedIn(r.Context(), v.Slots); err != nil {
		return err
	}
	if v.NotBooked, err = s.Scheduling.NotBooked(r.Context(), id); err != nil {
		return err
	}
	staff, err := s.Accounts.List(r.Context())
	if err != nil {
		return err
	}
	for _, a := range staff {
		if !a.Disabled() {
			v.Staff = append(v.Staff, web.StaffChoice{ID: a.ID, Label: a.Name + " (" + a.Role() + ")"})
		}
	}
	title := "Interview times: " + role.Title
	if problem != "" {
		title = "Error: " + title
	}
	v.Chrome = s.adminChrome(r, title)
	return s.render(w, r, status, web.RoleSchedulePage(v))
}

// adminRoleScheduleAdd publishes one time or a weekly pattern of them,
// all or none.
func (s *server) adminRoleScheduleAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	f := slotForm(r)
	slots, problem := f.Slots(id)
	if problem == "" {
		if problem, err = s.addSlots(r, slots); err != nil {
			return err
		}
	}
	if problem != "" {
		return s.renderRoleSchedule(w, r, http.StatusUnprocessableEntity, f, problem)
	}
	s.flash(r, fmt.Sprintf("%d interview time(s) added. Students in that round can book them now.", len(slots)))
	return seeOther(w, r, schedulePath(id))
}

// adminRoleScheduleRemove takes an unbooked time away.
func (s *server) adminRoleScheduleRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	slot, err := slotParam(r)
	if err != nil {
		return err
	}
	err = s.Scheduling.Remove(r.Context(), accountFrom(r.Context()).Actor(), id, slot)
	switch {
	case errors.Is(err, scheduling.ErrNotFound):
		return errNotFound
	case errors.Is(err, scheduling.ErrBooked):
		s.flash(r, "Not removed: a student has booked that time (or had, and cancelled). Ask them to move it first.")
	case err != nil:
		return err
	default:
		s.flash(r, "Time removed.")
	}
	return seeOther(w, r, schedulePath(id))
}

// adminSchedule is the signed-in account's own upcoming interviews, and
// the form publishing their free times.
func (s *server) adminSchedule(w http.ResponseWriter, r *http.Request) error {
	form := scheduling.SlotForm{Length: "45", Capacity: "1", Zone: s.Site.Settings.Location().String(), Stage: string(applications.Interview1)}
	return s.renderSchedule(w, r, http.StatusOK, form, "")
}

func (s *server) renderSchedule(w http.ResponseWriter, r *http.Request, status int, form scheduling.SlotForm, problem string) error {
	v := web.ScheduleView{Chrome: s.adminChrome(r, "Your schedule"), Loc: s.Site.Settings.Location(), Now: s.Now(),
		Form: form, Zones: web.ZoneChoices(form.Zone, s.Now()), Error: problem, Flash: s.popFlash(r)}
	if problem != "" {
		v.Chrome.Title = "Error: " + v.Chrome.Title
	}
	var err error
	if v.Slots, err = s.Scheduling.ForInterviewer(r.Context(), accountFrom(r.Context()).ID, s.Now()); err != nil {
		return err
	}
	if v.Booked, err = s.Scheduling.BookedIn(r.Context(), v.Slots); err != nil {
		return err
	}
	if v.Roles, _, err = s.Roles.Choices(r.Context(), 200, 0); err != nil {
		return err
	}
	return s.render(w, r, status, web.SchedulePage(v))
}

// adminScheduleAdd publishes the signed-in account's own free times for
// a role (interviewers publish theirs; recruiters do it for them on the
// role's page).
func (s *server) adminScheduleAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseAdminForm(w, r); err != nil {
		return err
	}
	acc := accountFrom(r.Context())
	f := slotForm(r)
	f.Account, f.Role = strconv.FormatInt(acc.ID, 10), r.PostForm.Get("role")
	roleID, err := strconv.ParseInt(f.Role, 10, 64)
	if err != nil || roleID <= 0 {
		return s.renderSchedule(w, r, http.StatusUnprocessableEntity, f, "Choose the role.")
	}
	if _, err := s.Roles.ByID(r.Context(), roleID); err != nil {
		return s.renderSchedule(w, r, http.StatusUnprocessableEntity, f, "Choose the role.")
	}
	slots, problem := f.Slots(roleID)
	if problem == "" {
		problem, err = s.addSlots(r, slots)
		if err != nil {
			return err
		}
	}
	if problem != "" {
		return s.renderSchedule(w, r, http.StatusUnprocessableEntity, f, problem)
	}
	s.flash(r, fmt.Sprintf("%d interview time(s) published. Students in that round can book them now.", len(slots)))
	return seeOther(w, r, "/admin/schedule")
}

// slotForm reads the add-times form's common fields.
func slotForm(r *http.Request) scheduling.SlotForm {
	f := scheduling.SlotForm{Account: r.PostForm.Get("account"), Stage: r.PostForm.Get("stage"), From: r.PostForm.Get("from"),
		To: r.PostForm.Get("to"), Times: r.PostForm.Get("times"), Length: r.PostForm.Get("length"), Place: r.PostForm.Get("place"),
		Capacity: r.PostForm.Get("capacity"), Zone: r.PostForm.Get("zone"), Weekdays: map[string]bool{}}
	for _, d := range r.PostForm["weekday"] {
		f.Weekdays[d] = true
	}
	return f
}

// addSlots publishes slots and words what went wrong for the person.
func (s *server) addSlots(r *http.Request, slots []scheduling.NewSlot) (string, error) {
	err := s.Scheduling.Add(r.Context(), accountFrom(r.Context()).Actor(), slots, s.Now())
	if oe, ok := errors.AsType[*scheduling.OverlapError](err); ok {
		return "Nothing was added: the time at " + web.Moment(oe.Start, s.Site.Settings.Location()) +
			" overlaps another of this interviewer's times. An interviewer is never booked twice at once.", nil
	}
	if errors.Is(err, scheduling.ErrPast) {
		return "Nothing was added: a time is in the past.", nil
	}
	return "", err
}

// adminInviteToBook mails the student to choose an interview time.
func (s *server) adminInviteToBook(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	err = s.Scheduling.InviteToBook(r.Context(), id, s.Now())
	if errors.Is(err, scheduling.ErrNotBookable) {
		return s.renderApplication(w, r, http.StatusConflict, "Not sent: the application is not in an interview round.")
	}
	if err != nil {
		return err
	}
	s.flash(r, "The student is invited by email to choose a time (at most one such mail an hour).")
	return seeOther(w, r, adminAppPath(id))
}

// adminRoleSlot shows one interview time with everyone who booked it.
func (s *server) adminRoleSlot(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	slotID, err := slotParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	slot, bookings, err := s.Scheduling.Slot(r.Context(), id, slotID)
	if errors.Is(err, scheduling.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.SlotPage(web.SlotView{Chrome: s.adminChrome(r, "Interview time: "+role.Title),
		Role: role, Slot: slot, Bookings: bookings, Loc: s.Site.Settings.Location()}))
}
