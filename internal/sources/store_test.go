package sources_test

import (
	"context"
	"errors"
	"testing"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/sources"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var recruiter = audit.Actor{Label: "Zoë D'Souza-Nakamura"}

func TestCheck(t *testing.T) {
	cases := []struct {
		name, code string
		wantCode   string
		problem    string // the field with a problem, or ""
	}{
		{"Fall career fair, Universidad de Chile", "", "fall-career-fair-universidad-de-chile", ""},
		{"Club de programación", "club-prog", "club-prog", ""},
		{"Club de programación", "", "club-de-programacion", ""},
		{"", "", "", sources.FieldName},
		{"Newsletter", "News Letter!", "news-letter", sources.FieldCode},
		{"北京大学招聘会", "", "", sources.FieldCode},
		{"北京大学招聘会", "pku-fair", "pku-fair", ""},
	}
	for _, c := range cases {
		n := sources.New{Name: c.name, Code: c.code}
		p := n.Check()
		if n.Code != c.wantCode {
			t.Errorf("%q/%q: code %q, want %q", c.name, c.code, n.Code, c.wantCode)
		}
		if c.problem == "" && len(p) > 0 || c.problem != "" && p[c.problem] == "" {
			t.Errorf("%q/%q: problems %v, want one on %q", c.name, c.code, p, c.problem)
		}
	}
}

func TestCreate(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := sources.NewStore(pool)
	add := func(name, code string) (sources.Source, error) {
		n := sources.New{Name: name, Code: code}
		if p := n.Check(); len(p) > 0 {
			t.Fatalf("%q: %v", name, p)
		}
		return s.Create(ctx, recruiter, n)
	}
	first, err := add("Fall Fair", "")
	if err != nil || first.Code != "fall-fair" || first.Landing() != "/roles?src=fall-fair" || first.CreatedBy != recruiter.Label {
		t.Fatalf("first: %+v %v", first, err)
	}
	// A code made from the name gets a number when taken...
	second, err := add("Fall fair", "")
	if err != nil || second.Code != "fall-fair-2" {
		t.Fatalf("second: %+v %v", second, err)
	}
	// ...a typed one is refused: its flyers may already be printed.
	if _, err := add("Another", "fall-fair"); !errors.Is(err, sources.ErrCodeTaken) {
		t.Fatalf("typed taken code: %v", err)
	}
	got, err := s.ByCode(ctx, "fall-fair-2")
	if err != nil || got.ID != second.ID || got.Applications != 0 {
		t.Fatalf("ByCode: %+v %v", got, err)
	}
	for _, bad := range []string{"", "Fall-Fair", "fall fair", "../x"} {
		if _, err := s.ByCode(ctx, bad); !errors.Is(err, sources.ErrNotFound) {
			t.Errorf("ByCode(%q): %v", bad, err)
		}
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 2 || list[0].ID != second.ID {
		t.Fatalf("List: %+v %v", list, err)
	}
	var audited int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'source.create'`).Scan(&audited); err != nil || audited != 2 {
		t.Fatalf("audit entries: %d %v", audited, err)
	}
}
