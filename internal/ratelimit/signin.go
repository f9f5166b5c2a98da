package ratelimit

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// SignIn throttles password guesses without letting anyone lock an
// account's owner out. Counting per account alone meant five wrong
// passwords a minute from anywhere refused the owner's right one, for
// as long as an attacker cared to keep going. So guesses are counted
// per client address and per account-and-address pair, which a stranger
// cannot fill for the owner's own address; and when an account draws
// many failures from everywhere (a spread-out attack), each pair is
// slowed to one try per SlowWindow instead of being refused: the owner's
// first try from any address still goes through at once.
type SignIn struct {
	// Fast counts per address and per account-and-address.
	Fast *Limiter
	// Account counts tries at the account from every address; once it is
	// full, the account is under attack and Slow applies.
	Account *Limiter
	// Slow counts per account-and-address while the account is under
	// attack.
	Slow *Limiter
}

// Sign-in limits as served: see the README's security notes.
const (
	SignInPerMinute      = 5
	SignInAccountAttacks = 20
	SignInAccountWindow  = 15 * time.Minute
	SignInSlowWindow     = time.Minute
)

// NewSignIn returns the sign-in limits on pool.
func NewSignIn(pool *pgxpool.Pool) *SignIn {
	return &SignIn{
		Fast:    New(pool, "sign-in", SignInPerMinute, time.Minute),
		Account: New(pool, "sign-in-account", SignInAccountAttacks, SignInAccountWindow),
		Slow:    New(pool, "sign-in-slow", 1, SignInSlowWindow),
	}
}

// SignInAttempt is one counted try.
type SignInAttempt struct {
	Blocked bool
	Wait    time.Duration
	// UnderAttack is true when the account had drawn many failures.
	UnderAttack bool
	pair        string
	fast        Attempt
	account     Attempt
	slow        Attempt
}

// Attempt counts a try at account (a HashedKey) from address (an
// AddressKey) before the password is checked.
func (l *SignIn) Attempt(ctx context.Context, now time.Time, address, account string) (SignInAttempt, error) {
	at := SignInAttempt{pair: account + "@" + address}
	var err error
	if at.fast, err = l.Fast.Attempt(ctx, now, address, at.pair); err != nil || at.fast.Blocked {
		at.Blocked, at.Wait = at.fast.Blocked, at.fast.Wait
		return at, err
	}
	if at.account, err = l.Account.Attempt(ctx, now, account); err != nil || !at.account.Blocked {
		return at, err
	}
	at.UnderAttack = true
	at.slow, err = l.Slow.Attempt(ctx, now, at.pair)
	at.Blocked, at.Wait = at.slow.Blocked, at.slow.Wait
	return at, err
}

// Succeeded uncounts a try that found the right password, and the
// earlier failures of that account from that address (the owner's own
// typos). Others' failures at the account stay counted.
func (l *SignIn) Succeeded(ctx context.Context, at SignInAttempt) error {
	if err := l.Fast.Forget(ctx, at.fast, at.pair); err != nil {
		return err
	}
	if err := l.Account.Forget(ctx, at.account); err != nil {
		return err
	}
	return l.Slow.Forget(ctx, at.slow, at.pair)
}
