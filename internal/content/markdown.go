package content

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// Markdown renders markdown to HTML. Raw HTML in the source is dropped and
// dangerous link schemes (javascript:, data: and the like) are not linked,
// because goldmark's HTML renderer is left in its safe mode: no WithUnsafe.
type Markdown struct {
	md goldmark.Markdown
}

// NewMarkdown returns the renderer for the site's own pages. Headings get
// ids, so sections can be linked to.
func NewMarkdown() *Markdown {
	return &Markdown{md: goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)}
}

// NewUserMarkdown returns the renderer for text recruiters write (role
// descriptions): the same, but without heading ids, which could collide
// with the ids of the page around it ("main", say).
func NewUserMarkdown() *Markdown {
	return &Markdown{md: goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Typographer),
	)}
}

// Render converts src to HTML.
func (m *Markdown) Render(src []byte) (string, error) {
	var buf bytes.Buffer
	if err := m.md.Convert(src, &buf); err != nil {
		return "", err
	}
	return buf.String(), nil
}
