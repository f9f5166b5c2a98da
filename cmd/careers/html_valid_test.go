package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestEveryPageIsValidHTML sends every page kind, error states included,
// through the Nu Html Checker and fails on any error.
func TestEveryPageIsValidHTML(t *testing.T) {
	java := needTool(t, "java", "apt-get install default-jre-headless")
	vnu := needTool(t, filepath.Join(repoRoot, ".cache/npm/node_modules/vnu-jar/build/dist/vnu.jar"), "make test installs vnu-jar")
	a := startAppEnv(t, "127.0.0.1", pagesContent(t))
	client, pages, _ := sitePages(t, a)
	dir := t.TempDir()
	for _, p := range pages {
		if err := os.WriteFile(filepath.Join(dir, p.name+".html"), []byte(fetch(t, client, a.base, p)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(java, "-jar", vnu, "--errors-only", "--format", "json", "--skip-non-html", dir)
	out, err := cmd.CombinedOutput()
	var report struct {
		Messages []struct {
			Type, URL, Message, Extract string
			LastLine                    int
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("vnu: %v\n%s", err, out)
	}
	for _, m := range report.Messages {
		t.Errorf("%s line %d: %s: %s (%q)", filepath.Base(m.URL), m.LastLine, m.Type, m.Message, m.Extract)
	}
	t.Logf("checked %d pages with the Nu Html Checker", len(pages))
}
