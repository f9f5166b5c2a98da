package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"example.com/careers/internal/config"
)

// usageError is a mistake in how the command was called: main prints it
// on one line and exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run dispatches to a subcommand. args[0] is the program name.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) < 2 {
		printUsage(stdout)
		return usageError{errors.New("no command given (try: careers help)")}
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout)
	case "seed":
		return seed(ctx, rest, getenv, stdout)
	case "user":
		return user(ctx, rest, getenv, stdin, stdout)
	case "export":
		return export(ctx, rest, getenv, stdout)
	case "retention":
		return retention(ctx, rest, getenv, stdout)
	case "help", "-h", "-help", "--help":
		printUsage(stdout)
		return nil
	default:
		return usageError{fmt.Errorf("unknown command %q (try: careers help)", cmd)}
	}
}

// loadConfig parses a subcommand's flags over the environment. It returns
// (zero, false, nil) after printing help for -h.
// extra, when given, declares the subcommand's own flags.
func loadConfig(name string, args []string, getenv func(string) string, stdout io.Writer, extra ...func(*flag.FlagSet)) (config.Config, bool, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	for _, declare := range extra {
		declare(fs)
	}
	// The flag package would print the whole usage on every mistake; we
	// print one line for a mistake and the usage only when asked.
	fs.SetOutput(io.Discard)
	cfg, err := config.Load(fs, args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout)
		return cfg, false, nil
	}
	if err != nil {
		return cfg, false, usageError{err}
	}
	return cfg, true, nil
}

func printUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString(`careers: the internship careers site.

Usage:
  careers serve [flags]              serve the site
  careers migrate up|down|status     apply, roll back one, or list migrations
  careers seed [-if-empty]           add the demo roles (only into an empty table with -if-empty)
  careers user add --email E --name N [--admin]
                                     create an account; the password is read from standard input
  careers user disable --email E     disable an account
  careers export --email E           print everything held about an email address as JSON
  careers retention run              anonymise expired applications now (serve does it daily)
  careers help                       show this help

Flags and environment (a flag wins over its variable):
`)
	for _, v := range config.Variables {
		flagName := "-" + strings.ToLower(strings.ReplaceAll(v.Name, "_", "-"))
		def := v.Default
		if def == "" {
			def = "unset"
		}
		fmt.Fprintf(&b, "  %-18s %-17s %s (default: %s)\n", flagName, v.Name, v.Help, def)
	}
	_, _ = io.WriteString(w, b.String())
}
