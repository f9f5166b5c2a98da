package mail

import (
	"fmt"
	"strings"
)

// Key builds a message's idempotency key from what makes it unique: what
// happened and the ids (and, for notices sent at most once an hour, the
// hour) it is about, joined by "-": Key("application", 42, "received") is
// "application-42-received". Every key the site writes comes from here,
// so the shapes cannot drift apart, and a key once written keeps its
// shape: a job rerun after an upgrade must find its message again.
func Key(parts ...any) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = fmt.Sprint(p)
	}
	return strings.Join(s, "-")
}
