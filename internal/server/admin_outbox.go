package server

import (
	"errors"
	"net/http"
	"strconv"

	"example.com/careers/internal/mail"
	"example.com/careers/web"
)

// adminOutbox lists outgoing mail (admins).
func (s *server) adminOutbox(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Outbox.List(r.Context(), 200)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.AdminOutboxPage(web.AdminOutboxView{
		Chrome: s.adminChrome(r, "Outbox"), Messages: list, Flash: s.popFlash(r), Recording: s.Outbox.Records(),
	}))
}

// adminMessage shows one message.
func (s *server) adminMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	m, err := s.Outbox.ByID(r.Context(), id)
	if errors.Is(err, mail.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.AdminMessagePage(web.AdminMessageView{Chrome: s.adminChrome(r, m.Subject), Message: m}))
}

// adminMessageRetry queues a failed message again.
func (s *server) adminMessageRetry(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	err = s.Outbox.Retry(r.Context(), id)
	switch {
	case errors.Is(err, mail.ErrNotFailed):
		s.flash(r, "Only failed messages can be retried.")
	case err != nil:
		return err
	default:
		s.flash(r, "Message "+strconv.FormatInt(id, 10)+" queued again.")
	}
	return seeOther(w, r, "/admin/outbox")
}
