package accounts_test

import (
	"context"
	"errors"
	"testing"

	"example.com/careers/internal/accounts"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestFreshDatabaseHasNoAccount(t *testing.T) {
	var n int
	if err := dbtest.Pool(t).QueryRow(context.Background(), `SELECT count(*) FROM accounts`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d accounts in a fresh database (%v)", n, err)
	}
}

func TestCreateAndAuthenticate(t *testing.T) {
	ctx := context.Background()
	s := accounts.NewStore(dbtest.Pool(t))
	acc, err := s.Create(ctx, audit.CLI, accounts.NewAccount{Email: "Ada@Example.com", Name: "Ada", Password: "analytical engine", Admin: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, audit.CLI, accounts.NewAccount{Email: "ada@example.COM", Name: "Ada 2", Password: "analytical engine"}); !errors.Is(err, accounts.ErrEmailTaken) {
		t.Fatalf("duplicate email in other case: %v", err)
	}
	if got, err := s.Authenticate(ctx, "ADA@example.com", "analytical engine"); err != nil || got.ID != acc.ID || !got.IsAdmin {
		t.Fatalf("authenticate: %+v %v", got, err)
	}
	for _, c := range [][2]string{{"ada@example.com", "wrong password!"}, {"nobody@example.com", "analytical engine"}} {
		if _, err := s.Authenticate(ctx, c[0], c[1]); !errors.Is(err, accounts.ErrBadCredentials) {
			t.Errorf("%v: %v", c, err)
		}
	}
	if err := s.SetDisabled(ctx, audit.CLI, acc.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "ada@example.com", "analytical engine"); !errors.Is(err, accounts.ErrBadCredentials) {
		t.Fatalf("a disabled account signed in: %v", err)
	}
	if _, err := s.Create(ctx, audit.CLI, accounts.NewAccount{Email: "b@example.com", Name: "B", Password: "short"}); err == nil {
		t.Fatal("a short password was accepted")
	}
}
