package dbtest

import (
	"slices"
	"testing"
)

// By number, not by text: a text sort would put 9.6 after 15.
func TestNewestFirst(t *testing.T) {
	got := newestFirst([]string{"/usr/lib/postgresql/10/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/9.6/bin"})
	want := []string{"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/10/bin", "/usr/lib/postgresql/9.6/bin"}
	if !slices.Equal(got, want) {
		t.Fatalf("newestFirst = %v, want %v", got, want)
	}
}
