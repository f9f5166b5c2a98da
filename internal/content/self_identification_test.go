package content

import (
	"testing"
	"testing/fstest"

	"example.com/careers/content"
)

// Self-identification is off unless site.yaml turns it on: in the
// shipped settings and when the setting is left out.
func TestSelfIdentificationIsOffByDefault(t *testing.T) {
	site, err := Load(content.FS, NewMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	if site.Settings.SelfIdentification {
		t.Error("the shipped settings turn self-identification on")
	}
	fsys := validSite()
	if site, err = Load(fsys, NewMarkdown()); err != nil || site.Settings.SelfIdentification {
		t.Fatalf("left out: %v, %v", site.Settings.SelfIdentification, err)
	}
	fsys["site.yaml"] = &fstest.MapFile{Data: append(fsys["site.yaml"].Data, "self_identification: true\n"...)}
	if site, err = Load(fsys, NewMarkdown()); err != nil || !site.Settings.SelfIdentification {
		t.Fatalf("turned on: %v, %v", site.Settings.SelfIdentification, err)
	}
}
