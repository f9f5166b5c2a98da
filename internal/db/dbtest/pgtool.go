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

// pgProgram is PGTool's search, "" when name is nowhere. The versioned
// folders sort by number, not by text, so 15 comes after 9.6.
func pgProgram(name string) string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(dir string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		return v
	}
	slices.SortFunc(dirs, func(a, b string) int {
		va, vb := version(a), version(b)
		switch {
		case va < vb:
			return -1
		case va > vb:
			return 1
		}
		return 0
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if p := filepath.Join(dirs[i], name); isFile(p) {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return ""
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}
