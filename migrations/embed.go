// Package migrations holds the goose SQL migrations, embedded in the binary
// so one file is all an operator deploys.
package migrations

import "embed"

// FS holds every migration file, named NNNNN_what.sql.
//
//go:embed *.sql
var FS embed.FS
