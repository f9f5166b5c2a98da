// Command careers serves the internship careers site and runs its chores
// (migrations, demo and bench data, accounts, retention, data export).
// main only calls run, so tests can drive the whole program; wire.go is
// the one place the serving process's parts are built and connected.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, restore the default handling: a second
		// Ctrl-C ends the process at once instead of waiting for the drain.
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "careers:", err)
		if _, ok := errors.AsType[usageError](err); ok {
			os.Exit(2)
		}
		os.Exit(1)
	}
}
