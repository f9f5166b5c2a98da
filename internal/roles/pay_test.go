package roles_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/roles"
)

func TestPayRuleMatchesTheRegionAfterTheLastComma(t *testing.T) {
	rule := roles.NewPayRule([]string{"CA", " ny ", "dc"})
	locations := []string{"Los Gatos, CA", "new york,ny", "Washington, D.C., DC", "Albuquerque, NM", "Remote, US",
		"CA", "Sacramento, CA ", "Toronto, ON, CA", "Vancouver, WA"}
	got := rule.Requiring(locations)
	want := []string{"Los Gatos, CA", "new york,ny", "Washington, D.C., DC", "Sacramento, CA ", "Toronto, ON, CA"}
	if !slices.Equal(got, want) {
		t.Errorf("Requiring = %q, want %q", got, want)
	}
	if got := (roles.PayRule{}).Requiring(locations); len(got) != 0 {
		t.Errorf("the empty rule requires pay for %q", got)
	}
}

func TestPayRequiredMessage(t *testing.T) {
	one := &roles.PayRequiredError{Locations: []string{"Los Gatos, CA"}}
	if got, want := one.Error(), "Add a pay range before publishing: Los Gatos, CA requires one in job postings."; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	three := &roles.PayRequiredError{Locations: []string{"Los Gatos, CA", "New York, NY", "Remote, US"}, Published: true}
	if got, want := three.Error(), "This role is published, so it needs a pay range: Los Gatos, CA, New York, NY and Remote, US require one in job postings."; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// validInput is a role form that passes, for the pay cases to vary.
func validInput() roles.Input {
	return roles.Input{Title: "Pay Intern", Team: "Tools", Area: roles.Technology, Locations: "Los Gatos, CA",
		Mode: roles.Hybrid, Degrees: []roles.Degree{roles.Bachelors}, Season: "Summer 2027", Description: "d",
		PayCurrency: "USD", PayUnit: "hour"}
}

func TestValidatePay(t *testing.T) {
	cases := []struct {
		min, max, currency, unit string
		errs                     []string // fields with a problem
	}{
		{"", "", "", "", nil}, // no range: currency and unit do not matter
		{"45", "60", "USD", "hour", nil},
		{"45", "45", "usd", "hour", nil},
		{"45,000", "$52,000", "EUR", "year", nil},
		{"3000", "3500", "JPY", "month", nil},
		{"1500", "2000", "JPY", "hour", nil}, // yen: the dollar's ceiling does not apply
		{"45", "", "USD", "hour", []string{"pay_max"}},
		{"", "60", "USD", "hour", []string{"pay_min"}},
		{"60", "45", "USD", "hour", []string{"pay_max"}},
		{"0", "45", "USD", "hour", []string{"pay_min"}},
		{"-45", "-40", "USD", "hour", []string{"pay_max", "pay_min"}},
		{"forty", "60", "USD", "hour", []string{"pay_min"}},
		{"45.5", "60", "USD", "hour", []string{"pay_min"}},
		{"45", "60", "ZZZ", "hour", []string{"pay_currency"}},
		{"45", "60", "XXX", "hour", []string{"pay_currency"}},
		{"45", "60", "US", "hour", []string{"pay_currency"}},
		{"45", "60", "USD", "week", []string{"pay_unit"}},
		{"80000", "95000", "USD", "hour", []string{"pay_max"}},      // a year's pay typed as an hour's
		{"80000", "95000", "USD", "year", nil},                      // the same, right
		{"3000000", "3500000", "USD", "month", []string{"pay_max"}}, // absurd per month
		{"45", "1000000001", "KRW", "year", []string{"pay_max"}},
		{"45", "99999999999999999999999", "USD", "hour", []string{"pay_max"}},
	}
	for _, c := range cases {
		in := validInput()
		in.PayMin, in.PayMax, in.PayCurrency, in.PayUnit = c.min, c.max, c.currency, c.unit
		_, errs := in.Validate(time.UTC)
		var fields []string
		for k := range errs {
			fields = append(fields, k)
		}
		slices.Sort(fields)
		if !slices.Equal(fields, c.errs) {
			t.Errorf("%+v: problems with %v (%v), want %v", c, fields, errs, c.errs)
		}
	}
	in := validInput()
	in.Benefits = strings.Repeat("x", 501)
	if _, errs := in.Validate(time.UTC); errs["benefits"] == "" {
		t.Error("501 characters of benefits accepted")
	}
}

// TestPublishRefusedWithoutPay: every path that makes a role live, in
// the domain: publishing and reopening need the range where the rule
// names a place; saving a published role cannot drop it.
func TestPublishRefusedWithoutPay(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, nil)
	s := roles.NewStore(pool)
	rule := roles.NewPayRule([]string{"CA", "NY"})
	by := audit.Actor{Label: "test"}
	in := validInput()
	in.Locations = "Albuquerque, NM\nNew York, NY"
	in.PayMin, in.PayMax = "", ""
	c, errs := in.Validate(time.UTC)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	role, err := s.Create(ctx, by, c)
	if err != nil {
		t.Fatal(err)
	}
	err = s.SetStatus(ctx, by, role.ID, roles.ActionPublish, now, rule, nil)
	if payErr, ok := errors.AsType[*roles.PayRequiredError](err); !ok || !slices.Equal(payErr.Locations, []string{"New York, NY"}) ||
		payErr.Error() != "Add a pay range before publishing: New York, NY requires one in job postings." {
		t.Fatalf("publish without pay: %v", err)
	}
	if r, _ := s.ByID(ctx, role.ID); r.Status != roles.StatusDraft {
		t.Fatalf("status %s after a refused publish", r.Status)
	}
	// Outside the listed places, no range is needed.
	if err := s.SetStatus(ctx, by, role.ID, roles.ActionPublish, now, roles.NewPayRule([]string{"CA"}), nil); err != nil {
		t.Fatalf("publish outside the list: %v", err)
	}
	later := now.Add(time.Hour)
	if err := s.SetStatus(ctx, by, role.ID, roles.ActionClose, later, rule, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, by, role.ID, roles.ActionReopen, later, rule, nil); !errors.As(err, new(*roles.PayRequiredError)) {
		t.Fatalf("reopen without pay: %v", err)
	}

	// With a range, it publishes, and the range is stored as entered.
	in.PayMin, in.PayMax, in.PayCurrency, in.PayUnit, in.Benefits = "4,500", "5000", "usd", "month", "Housing stipend."
	c, _ = in.Validate(time.UTC)
	r, _ := s.ByID(ctx, role.ID)
	if err := s.Update(ctx, by, role.ID, r.UpdatedAt, c, rule); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, by, role.ID, roles.ActionReopen, later, rule, nil); err != nil {
		t.Fatalf("reopen with pay: %v", err)
	}
	r, _ = s.ByID(ctx, role.ID)
	if p, ok := r.Pay(); !ok || p != (roles.Pay{Min: 4500, Max: 5000, Currency: "USD", Unit: roles.PerMonth}) || r.Benefits != "Housing stipend." {
		t.Fatalf("stored %+v %v %q", p, ok, r.Benefits)
	}

	// The published role cannot lose it: nothing of the edit is saved.
	in.PayMin, in.PayMax, in.Title = "", "", "Renamed"
	c, _ = in.Validate(time.UTC)
	err = s.Update(ctx, by, role.ID, r.UpdatedAt, c, rule)
	if payErr, ok := errors.AsType[*roles.PayRequiredError](err); !ok || !payErr.Published {
		t.Fatalf("dropping the pay of a published role: %v", err)
	}
	if after, _ := s.ByID(ctx, role.ID); after.Title != r.Title || after.PayMin == nil {
		t.Fatal("the refused edit was saved")
	}
	// A copy for the next season keeps the range and the benefits.
	cp, err := s.CopyToNextSeason(ctx, by, role.ID, "Summer 2028")
	if p, ok := cp.Pay(); err != nil || !ok || p.Min != 4500 || cp.Benefits != "Housing stipend." {
		t.Fatalf("copy: %+v %v", cp, err)
	}
}

// TestSeedNeedsPayWhereTheRuleSays: the demo roles all have ranges, so
// seeding under the site's list works; a role without one would fail it.
func TestSeedNeedsPayWhereTheRuleSays(t *testing.T) {
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, nil)
	opt := roles.SeedOptions{Season: "Summer 2027", PostingOpens: now.Add(-90 * 24 * time.Hour),
		RecruitingCloses: now.Add(120 * 24 * time.Hour), Now: now,
		PayRule: roles.NewPayRule([]string{"CA", "CO", "DC", "HI", "IL", "MA", "MD", "MN", "NJ", "NY", "VT", "WA", "US"})}
	if _, err := roles.NewStore(pool).Seed(context.Background(), opt); err != nil {
		t.Fatalf("seed under the site's list: %v", err)
	}
	var without int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM roles WHERE status <> 'draft' AND pay_min IS NULL`).Scan(&without); err != nil || without != 0 {
		t.Fatalf("%d published demo roles without pay (%v)", without, err)
	}
}

// TestSearchByPay: the filter compares hourly equivalents (a month is
// 2,080 / 12 hours), only in dollars; the sort puts the best paid first
// and roles without a dollar range last; both engines agree.
func TestSearchByPay(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, catalogue)
	set := func(slug string, min, max int, currency, unit string) {
		t.Helper()
		if _, err := pool.Exec(ctx, `UPDATE roles SET pay_min = $2, pay_max = $3, pay_currency = $4, pay_unit = $5 WHERE slug = $1`,
			slug, min, max, currency, unit); err != nil {
			t.Fatal(err)
		}
	}
	set("data-eng", 50, 60, "USD", "hour")          // 50 an hour
	set("data-science", 8667, 9000, "USD", "month") // 8,667 × 12 / 2,080 = 50.002: at least 50
	set("ml-research", 8666, 9000, "USD", "month")  // 49.996: not quite 50
	set("publicity", 104000, 110000, "USD", "year") // exactly 50
	set("finance", 70, 80, "EUR", "hour")           // euros: never compared
	s := roles.NewStore(pool)
	res, err := s.SearchSQL(ctx, roles.ParseQuery(url.Values{"pay": {"50"}}), now)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := slugs(res.Roles), []string{"data-science", "data-eng", "publicity"}; !sameSet(got, want) || res.Total != 3 {
		t.Errorf("pay=50: %v (%d), want %v", got, res.Total, want)
	}
	res, err = s.SearchSQL(ctx, roles.ParseQuery(url.Values{"sort": {"pay"}}), now)
	if err != nil {
		t.Fatal(err)
	}
	if got := slugs(res.Roles); len(got) < 5 || !slices.Equal(got[:4], []string{"data-science", "publicity", "data-eng", "ml-research"}) {
		t.Errorf("sort=pay: %v", got)
	}
	for _, v := range []url.Values{{"pay": {"50"}}, {"pay": {"49"}, "sort": {"pay"}}, {"sort": {"pay"}, "page": {"2"}},
		{"pay": {"50"}, "area": {"technology"}}, {"q": {"data"}, "pay": {"50"}, "sort": {"pay"}}, {"pay": {"10000"}}} {
		sameInBoth(t, s, roles.ParseQuery(v))
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
