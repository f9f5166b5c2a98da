package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"example.com/careers/internal/db"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("migrate needs up, down or status")}
	}
	action := args[0]
	if action == "-h" || action == "-help" || action == "--help" {
		printUsage(stdout)
		return nil
	}
	if action != "up" && action != "down" && action != "status" {
		return usageError{fmt.Errorf("unknown migrate action %q: want up, down or status", action)}
	}
	b, ok, err := setup(ctx, "migrate", args[1:], getenv, stdout)
	if !ok {
		return err
	}
	defer b.pool.Close()
	m, err := db.NewMigrator(b.pool)
	if err != nil {
		return err
	}
	defer func() { _ = m.Close() }() // a handle over the pool: nothing is lost if closing it fails
	switch action {
	case "up":
		return m.Up(ctx, stdout)
	case "down":
		return m.Down(ctx, stdout)
	default:
		return m.Status(ctx, stdout)
	}
}
