package dbtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// PGTool finds one of PostgreSQL's programs (initdb, pg_ctl, pg_dump,
// pg_restore...): in Debian's newest /usr/lib/postgresql/N/bin that holds
// it, else on PATH. Without it the test fails under CI (.ci/run installs
// PostgreSQL) and skips elsewhere.
func PGTool(t testing.TB, name string) string {
	t.Helper()
	p := pgProgram(name)
	if p == "" {
		missing(t, "PostgreSQL's "+name+" is not installed (Debian: apt-get install postgresql)")
	}
	return p
}

// pgProgram is PGTool's search, "" when name is nowhere.
func pgProgram(name string) string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for _, dir := range newestFirst(dirs) {
		if p := filepath.Join(dir, name); isFile(p) {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return ""
}

// newestFirst orders Debian's /usr/lib/postgresql/N/bin folders by N,
// the newest first.
func newestFirst(dirs []string) []string {
	version := func(dir string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		return v
	}
	sorted := slices.Clone(dirs)
	slices.SortFunc(sorted, func(a, b string) int {
		va, vb := version(a), version(b)
		switch {
		case va > vb:
			return -1
		case va < vb:
			return 1
		}
		return 0
	})
	return sorted
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}
