package token

import (
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	a, b := New(), New()
	if a == b || !Valid(a) || len(a) != 43 {
		t.Fatalf("tokens %q %q", a, b)
	}
	for _, bad := range []string{"", "short", a + "x", strings.Repeat("!", 43), "../" + a[3:]} {
		if Valid(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
