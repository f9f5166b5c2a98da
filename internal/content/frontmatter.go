package content

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// frontMatter is the YAML block between the two "---" lines that opens
// every page.
type frontMatter struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	NavLabel    string `yaml:"nav_label"`
	NavOrder    int    `yaml:"nav_order"`
	CTA         *Link  `yaml:"cta"`
}

var fence = []byte("---")

// splitFrontMatter separates the YAML front matter from the markdown body.
func splitFrontMatter(src []byte) (frontMatter, []byte, error) {
	var fm frontMatter
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, append(fence, '\n')) {
		return fm, nil, errors.New(`front matter: the file must start with a "---" line`)
	}
	rest := src[len(fence)+1:]
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		return fm, nil, errors.New(`front matter: no closing "---" line`)
	}
	block, body := rest[:end+1], rest[end+len("\n---\n"):]
	if err := decodeStrict(block, &fm); err != nil {
		return fm, nil, fmt.Errorf("front matter: %w", err)
	}
	if strings.TrimSpace(fm.Title) == "" {
		return fm, nil, errors.New("front matter: title is missing")
	}
	if strings.TrimSpace(fm.Description) == "" {
		return fm, nil, errors.New("front matter: description is missing")
	}
	if fm.NavOrder < 0 {
		return fm, nil, errors.New("front matter: nav_order must not be negative")
	}
	if fm.CTA != nil && (fm.CTA.Label == "" || !strings.HasPrefix(fm.CTA.Href, "/") ||
		strings.HasPrefix(fm.CTA.Href, "//") || strings.HasPrefix(fm.CTA.Href, "/\\")) {
		return fm, nil, errors.New("front matter: cta needs a label and a local href starting with /")
	}
	return fm, body, nil
}

// decodeStrict decodes YAML and refuses unknown keys, so a misspelt field
// fails loudly instead of being ignored.
func decodeStrict(src []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return err
	}
	return nil
}
