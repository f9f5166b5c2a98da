// Package content holds the site's default writing: markdown pages with
// front matter and site.yaml. It is embedded in the binary; CONTENT_DIR
// serves a folder on disk instead.
package content

import "embed"

// FS holds the pages and the settings.
//
//go:embed *.md site.yaml kits.yaml take-home-task.txt question-sets.yaml
var FS embed.FS
