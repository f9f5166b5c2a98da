package accounts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
)

func newAccount(t *testing.T, s *accounts.Store, email, name string, admin bool) accounts.Account {
	t.Helper()
	acc, err := s.Create(context.Background(), audit.CLI, accounts.NewAccount{Email: email, Name: name, Password: "correct staple horse battery", Admin: admin})
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

// TestTOTPCodeWorksOnce: enrolment needs a right code; at sign-in a code
// of the step before, now or after works, once; the same code again, an
// older one, or a wrong one is refused.
func TestTOTPCodeWorksOnce(t *testing.T) {
	ctx := context.Background()
	s := accounts.NewStore(dbtest.Pool(t))
	acc := newAccount(t, s, "totp.øyvind@example.com", "Øyvind Ångström", true)
	key, err := accounts.NewTOTPKey("Careers", acc)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 3, 14, 1, 59, 50, 0, time.UTC) // across a DST change elsewhere: TOTP is UTC steps
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(key.Secret(), at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if err := s.EnableTOTP(ctx, acc, key.Secret(), "000000", now); !errors.Is(err, accounts.ErrCodeRefused) && code(now) != "000000" {
		t.Fatalf("enrolment with a wrong code: %v", err)
	}
	if err := s.EnableTOTP(ctx, acc, key.Secret(), code(now), now); err != nil {
		t.Fatal(err)
	}
	// The enrolment code cannot sign in.
	if err := s.CheckTOTP(ctx, acc.ID, code(now), now); !errors.Is(err, accounts.ErrCodeRefused) {
		t.Fatalf("the enrolment code reused: %v", err)
	}
	later := now.Add(2 * time.Minute)
	if err := s.CheckTOTP(ctx, acc.ID, code(later.Add(-30*time.Second)), later); err != nil {
		t.Fatalf("the previous step's code: %v", err)
	}
	if err := s.CheckTOTP(ctx, acc.ID, code(later.Add(-30*time.Second)), later); !errors.Is(err, accounts.ErrCodeRefused) {
		t.Fatalf("the same code twice: %v", err)
	}
	if err := s.CheckTOTP(ctx, acc.ID, code(later), later); err != nil {
		t.Fatalf("the current code after the previous one: %v", err)
	}
	if err := s.CheckTOTP(ctx, acc.ID, code(later.Add(-10*time.Minute)), later); !errors.Is(err, accounts.ErrCodeRefused) {
		t.Fatalf("a code ten minutes old: %v", err)
	}
	got, _ := s.ByID(ctx, acc.ID)
	if !got.HasTOTP || !got.HasSecondFactor() {
		t.Fatalf("account after enrolment: %+v", got)
	}
	if err := s.ResetFactors(ctx, audit.CLI, acc.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ByID(ctx, acc.ID); got.HasSecondFactor() {
		t.Fatal("a factor survived the reset")
	}
}

// TestRecoveryCodeWorksOnce: each code of a set works once, typed in any
// case and with or without dashes; a new set makes the old one useless.
func TestRecoveryCodeWorksOnce(t *testing.T) {
	ctx := context.Background()
	s := accounts.NewStore(dbtest.Pool(t))
	acc := newAccount(t, s, "recovery.nguyễn@example.com", "Nguyễn Thị Minh", false)
	codes, err := s.NewRecoveryCodes(ctx, acc.Actor(), acc.ID)
	if err != nil || len(codes) != accounts.RecoveryCodeCount {
		t.Fatalf("%d codes, %v", len(codes), err)
	}
	now := time.Now()
	if err := s.UseRecoveryCode(ctx, acc, " "+codes[0]+" ", now); err != nil {
		t.Fatal(err)
	}
	if err := s.UseRecoveryCode(ctx, acc, codes[0], now); !errors.Is(err, accounts.ErrCodeRefused) {
		t.Fatalf("a code used twice: %v", err)
	}
	lower := []byte(codes[1])
	for i, c := range lower {
		if c >= 'A' && c <= 'Z' {
			lower[i] = c + 32
		}
	}
	if err := s.UseRecoveryCode(ctx, acc, string(lower), now); err != nil {
		t.Fatalf("a code in lower case: %v", err)
	}
	if left, _ := s.RecoveryCodesLeft(ctx, acc.ID); left != accounts.RecoveryCodeCount-2 {
		t.Fatalf("%d codes left", left)
	}
	if _, err := s.NewRecoveryCodes(ctx, acc.Actor(), acc.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.UseRecoveryCode(ctx, acc, codes[2], now); !errors.Is(err, accounts.ErrCodeRefused) {
		t.Fatalf("a code of the replaced set: %v", err)
	}
}
