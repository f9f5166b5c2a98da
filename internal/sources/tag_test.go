package sources_test

import (
	"net/url"
	"strings"
	"testing"

	"example.com/careers/internal/sources"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"fall-fair":                         "fall-fair",
		"  Fall Fair! ":                     "fall-fair",
		"Newsletter+Dec":                    "newsletter-dec",
		"club_2026.v2":                      "club_2026.v2",
		"-leading.dots":                     "leading.dots",
		"<script>alert(1)</script>":         "scriptalert1script",
		"Universität Zürich":                "universitat-zurich",
		"大学":                                "",
		"=HYPERLINK(\"x\")":                 "hyperlinkx",
		strings.Repeat("a", 60):             strings.Repeat("a", sources.MaxValueLen),
		"javascript:alert(document.cookie)": "javascriptalertdocument.cookie",
	} {
		if got := sources.Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFromQuery(t *testing.T) {
	cases := []struct {
		query string
		want  sources.Tag
	}{
		{"", sources.Tag{}},
		{"src=fall-fair", sources.Tag{Source: "fall-fair"}},
		{"utm_source=Newsletter&utm_medium=Email&utm_campaign=Dec+2026", sources.Tag{"newsletter", "email", "dec-2026"}},
		// src= is ours and wins over a marketing tool's utm_source.
		{"src=club&utm_source=newsletter&utm_medium=qr", sources.Tag{"club", "qr", ""}},
		// A medium without a source says nothing to filter by.
		{"utm_medium=email", sources.Tag{}},
		{"src=%3C%3E", sources.Tag{}},
	}
	for _, c := range cases {
		v, _ := url.ParseQuery(c.query)
		if got := sources.FromQuery(v); got != c.want {
			t.Errorf("FromQuery(%q) = %+v, want %+v", c.query, got, c.want)
		}
	}
}

func TestTagTravels(t *testing.T) {
	tag := sources.Tag{Source: "fair", Medium: "qr", Campaign: "fall"}
	link := tag.AddTo("/roles/data-intern")
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/roles/data-intern" || sources.FromQuery(u.Query()) != tag {
		t.Errorf("AddTo = %q: the tag does not come back", link)
	}
	if got := tag.AddTo("/roles?q=data"); got != "/roles?q=data&src=fair&utm_campaign=fall&utm_medium=qr" {
		t.Errorf("AddTo on a query = %q", got)
	}
	if got := (sources.Tag{}).AddTo("/roles"); got != "/roles" {
		t.Errorf("zero tag AddTo = %q", got)
	}
	fields := url.Values{}
	for _, f := range tag.Fields() {
		fields.Set(f[0], f[1])
	}
	if sources.FromQuery(fields) != tag {
		t.Errorf("hidden fields %v do not read back as %+v", fields, tag)
	}
}
