package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/sessions"
)

// user manages accounts from the command line: `user add` creates one
// (the only way to create the first admin), `user disable` disables one.
// The password is read from standard input, never from an argument,
// which other users of the machine could see.
func user(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "disable") {
		return usageError{errors.New("user needs add or disable (try: careers help)")}
	}
	action := args[0]
	var email, name string
	var admin bool
	b, ok, err := setup(ctx, "user "+action, args[1:], getenv, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the account's email address")
		if action == "add" {
			fs.StringVar(&name, "name", "", "the person's name")
			fs.BoolVar(&admin, "admin", false, "make the account an admin")
		}
	})
	if !ok {
		return err
	}
	defer b.pool.Close()
	if email == "" || (action == "add" && name == "") {
		return usageError{fmt.Errorf("user %s needs --email%s", action, map[bool]string{true: " and --name", false: ""}[action == "add"])}
	}
	store := accounts.NewStore(b.pool)

	if action == "disable" {
		acc, err := store.ByEmail(ctx, email)
		if err != nil {
			return fmt.Errorf("user disable: %w", err)
		}
		if err := store.SetDisabled(ctx, audit.CLI, acc.ID, true); err != nil {
			return err
		}
		sm, stop := sessions.New(b.pool, sessions.Options{IdleTimeout: b.cfg.SessionIdleTimeout, Lifetime: b.cfg.SessionLifetime})
		defer stop()
		if err := sessions.EndAll(ctx, sm, acc.ID); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		fmt.Fprintf(stdout, "disabled account %d and ended its sessions\n", acc.ID)
		return nil
	}

	if f, ok := stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprint(stdout, "Password (at least 12 characters, then Enter; it is not echoed by this prompt): ")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if msg := accounts.CheckPassword(password, email, name); msg != "" {
		return fmt.Errorf("password refused: %s", msg)
	}
	acc, err := store.Create(ctx, audit.CLI, accounts.NewAccount{Email: email, Name: name, Password: password, Admin: admin})
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintf(stdout, "created %s account %d for %s\n", strings.ToLower(acc.Role()), acc.ID, acc.Email)
	return nil
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
