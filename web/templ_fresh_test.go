package web

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedTemplCodeIsFresh regenerates every component to stdout and
// compares it with the committed *_templ.go, so a .templ edit without
// `go tool templ generate` fails the build.
func TestGeneratedTemplCodeIsFresh(t *testing.T) {
	sources, err := filepath.Glob("*.templ")
	if err != nil || len(sources) == 0 {
		t.Fatalf("no templ sources found: %v", err)
	}
	for _, src := range sources {
		generated := strings.TrimSuffix(src, ".templ") + "_templ.go"
		committed, err := os.ReadFile(generated)
		if err != nil {
			t.Errorf("%s has no generated %s: run `go tool templ generate`", src, generated)
			continue
		}
		// Run from the module root, as `go tool templ generate` is: the
		// generated code embeds the file's path relative to where it ran.
		cmd := exec.Command("go", "tool", "templ", "generate", "-f", filepath.Join("web", src), "-stdout")
		cmd.Dir = ".."
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		fresh, err := cmd.Output()
		if err != nil {
			t.Fatalf("templ generate -f %s: %v\n%s", src, err, stderr.String())
		}
		if !bytes.Equal(fresh, committed) {
			t.Errorf("%s is stale: run `go tool templ generate` and commit the result", generated)
		}
	}
}
