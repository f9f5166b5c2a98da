package accounts

import (
	"context"
	"errors"
	"time"
)

// ErrBusy means every hashing slot stayed taken for HashWait: the caller
// answers 503 and the client tries again.
var ErrBusy = errors.New("accounts: too many password checks at once")

// Each argon2id run holds 19 MiB. Unbounded, 48 sign-ins at once took
// the process from 32 MB to 927 MB; HashSlots runs at a time bound it to
// about 80 MB, and on two cores more at once would not finish sooner.
const (
	HashSlots = 4
	HashWait  = 3 * time.Second
)

var hashSlots = make(chan struct{}, HashSlots)

// hashing runs f (one argon2id run) in a slot, waiting at most HashWait
// for one.
func hashing(ctx context.Context, f func() error) error {
	wait := time.NewTimer(HashWait)
	defer wait.Stop()
	select {
	case hashSlots <- struct{}{}:
	case <-wait.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-hashSlots }()
	return f()
}
