// Package content holds the site's default writing: markdown pages with
// front matter and site.yaml. It is embedded in the binary; CONTENT_DIR
// serves a folder on disk instead.
package content

import "embed"

// FS holds the pages, the settings, the catalogs (i18n/) and each
// language's pages (es/); "*" so a language added as files needs no
// change here.
//
//go:embed *
var FS embed.FS
