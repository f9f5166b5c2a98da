package web

import (
	"context"
	"sync"

	"example.com/careers/content"
	"example.com/careers/internal/i18n"
)

// english is the printer for a render whose context carries none (a
// test rendering one component, say): the embedded English catalog.
var englishPrinter = sync.OnceValue(func() *i18n.Printer {
	c, err := i18n.Load(content.FS)
	if err != nil {
		// The embedded catalog is tested; failing here is a build bug.
		panic(err)
	}
	return c.Printer(i18n.Default.String())
})

// Printer is the language ctx renders in: the request's, or a mail's
// reader's (i18n.With).
func Printer(ctx context.Context) *i18n.Printer { return i18n.From(ctx, englishPrinter()) }

// T is the catalog's message id in ctx's language, its {{.Name}} fields
// filled from the name/value pairs in args.
func T(ctx context.Context, id string, args ...any) string { return Printer(ctx).T(id, args...) }

// N is the message id in the plural form for count ({{.Count}}).
func N(ctx context.Context, id string, count int, args ...any) string {
	return Printer(ctx).N(id, count, args...)
}

// Href is the site path p in ctx's language ("/roles" is "/es/roles").
func Href(ctx context.Context, p string) string { return Printer(ctx).Path(p) }

// Lang is ctx's language code, for lang attributes.
func Lang(ctx context.Context) string { return Printer(ctx).Lang().Code }

// OtherLang is code when it differs from ctx's language, else "": the
// lang attribute of text shown untranslated (an English role in the
// Spanish site), so screen readers switch voice and templ drops the
// attribute when it is not needed.
func OtherLang(ctx context.Context, code string) string {
	if code == "" || code == Lang(ctx) {
		return ""
	}
	return code
}
