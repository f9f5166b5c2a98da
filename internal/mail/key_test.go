package mail

import "testing"

// Keys keep their shape across releases: a job rerun after an upgrade
// must find the message it stored before, or the applicant is mailed
// twice.
func TestKeyShapes(t *testing.T) {
	for got, want := range map[string]string{
		Key("application", int64(42), "received"):                "application-42-received",
		Key("application", int64(42), "event", int64(7)):         "application-42-event-7",
		Key("application", int64(42), "duplicate", "2026120115"): "application-42-duplicate-2026120115",
		Key("alert-digest", int64(3), int64(99)):                 "alert-digest-3-99",
	} {
		if got != want {
			t.Errorf("key %q, want %q", got, want)
		}
	}
}
