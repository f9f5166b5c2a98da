package main

import (
	"regexp"
	"strings"
	"testing"
)

// emailShape finds anything that looks like an email address.
var emailShape = regexp.MustCompile(`[A-Za-z0-9._%+'=-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`)

// checkLogsHoldNone fails the test when the app's log, written at debug
// level through a whole browser journey, holds any of the secrets (a
// password, a token, what a student typed) or any email address at all.
func (a *app) checkLogsHoldNone(t *testing.T, secrets ...string) {
	t.Helper()
	logs := a.logs.String()
	if !strings.Contains(logs, "level=DEBUG") && !strings.Contains(logs, "status=") {
		t.Fatalf("the app logged nothing to check:\n%s", logs)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(logs, s) {
			t.Errorf("the log holds %q", s)
		}
	}
	if addr := emailShape.FindString(logs); addr != "" {
		t.Errorf("the log holds an email address: %q", addr)
	}
}

// statusToken is the private token in a status page's URL.
func statusToken(t *testing.T, url string) string {
	t.Helper()
	_, rest, ok := strings.Cut(url, "/applications/")
	if !ok {
		t.Fatalf("not a status URL: %s", url)
	}
	token, _, _ := strings.Cut(rest, "?")
	token, _, _ = strings.Cut(token, "/")
	if len(token) < 20 {
		t.Fatalf("status token %q is too short to be one", token)
	}
	return token
}
