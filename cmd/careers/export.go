package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/privacy"
)

// export prints everything held about one email address as indented
// JSON, for a data-access request (the fields are in the README). The
// resume travels inside, base64-encoded, so the answer is one file.
// Nothing found is an error (exit 1), so a typo in the address is not
// mistaken for "we hold nothing".
func export(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var email string
	b, ok, err := setup(ctx, "export", args, getenv, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the applicant's email address (any letter case)")
	})
	if !ok {
		return err
	}
	defer b.pool.Close()
	if email == "" {
		return usageError{errors.New("export needs --email")}
	}
	data, err := privacy.NewStore(b.pool).PersonalDataFor(ctx, audit.CLI, email, time.Now())
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	// Names and answers print as typed: "<" stays "<", not \u003c.
	enc.SetEscapeHTML(false)
	return enc.Encode(data)
}
