package roles_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/searchindex"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

type fixture struct {
	slug, title, team string
	area              roles.Area
	locations         []string
	mode              roles.WorkMode
	degrees           []roles.Degree
	description       string
	status            roles.Status
	opensDaysAgo      int
	closesInDays      *int
}

func ptr[T any](v T) *T { return &v }

// seedFixtures empties the roles table and inserts fs.
func seedFixtures(t *testing.T, pool *pgxpool.Pool, fs []fixture) {
	t.Helper()
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `TRUNCATE roles RESTART IDENTITY CASCADE`); err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.status == "" {
			f.status = roles.StatusOpen
		}
		var opens, closes *time.Time
		if f.status != roles.StatusDraft {
			opens = ptr(now.Add(-time.Duration(f.opensDaysAgo) * 24 * time.Hour))
		}
		if f.closesInDays != nil {
			closes = ptr(now.Add(time.Duration(*f.closesInDays) * 24 * time.Hour))
		}
		_, err := pool.Exec(ctx, `
			INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at, closes_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'Summer 2027', $8, $9, $10, $11)`,
			f.slug, f.title, f.team, f.area, f.locations, f.mode, f.degrees, f.description, f.status, opens, closes)
		if err != nil {
			t.Fatalf("insert %s: %v", f.slug, err)
		}
	}
}

var catalogue = []fixture{
	{slug: "data-eng", title: "Data Engineering Intern", team: "Studio Data", area: roles.Technology,
		locations: []string{"Los Angeles, CA"}, mode: roles.Hybrid, degrees: []roles.Degree{roles.Bachelors, roles.Masters},
		description: "Build pipelines with Spark.", opensDaysAgo: 10},
	{slug: "data-science", title: "Data Science Intern", team: "Experimentation", area: roles.Technology,
		locations: []string{"Los Gatos, CA", "Los Angeles, CA"}, mode: roles.Hybrid, degrees: []roles.Degree{roles.Masters, roles.PhD},
		description: "Statistics and experiments on data.", opensDaysAgo: 5},
	{slug: "ml-research", title: "Machine Learning Intern", team: "Personalization", area: roles.Technology,
		locations: []string{"Los Gatos, CA"}, mode: roles.OnSite, degrees: []roles.Degree{roles.PhD},
		description: "Recommendation models trained on viewing data.", opensDaysAgo: 3},
	{slug: "publicity", title: "Publicity Intern", team: "Publicity", area: roles.Entertainment,
		locations: []string{"New York, NY"}, mode: roles.Hybrid, degrees: []roles.Degree{roles.Bachelors},
		description: "Press launches and premieres.", opensDaysAgo: 8},
	{slug: "finance", title: "Finance Intern", team: "Content Finance", area: roles.Business,
		locations: []string{"Los Angeles, CA"}, mode: roles.Remote, degrees: []roles.Degree{roles.Bachelors, roles.Masters},
		description: "Budgets for productions, with data in spreadsheets.", opensDaysAgo: 1},
	{slug: "closed-role", title: "Closed Data Intern", team: "Gone", area: roles.Technology,
		locations: []string{"Los Gatos, CA"}, mode: roles.Remote, degrees: []roles.Degree{roles.Bachelors},
		description: "data", status: roles.StatusClosed, opensDaysAgo: 40},
	{slug: "draft-role", title: "Draft Data Intern", team: "Secret", area: roles.Technology,
		locations: []string{"Los Gatos, CA"}, mode: roles.Remote, degrees: []roles.Degree{roles.Bachelors},
		description: "data", status: roles.StatusDraft},
	{slug: "expired", title: "Expired Data Intern", team: "Past", area: roles.Business,
		locations: []string{"Albuquerque, NM"}, mode: roles.OnSite, degrees: []roles.Degree{roles.Bachelors},
		description: "data", opensDaysAgo: 30, closesInDays: ptr(-1)},
}

func slugs(rs []roles.Role) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Slug)
	}
	return out
}

func search(t *testing.T, s *roles.Store, raw string) roles.Result {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(context.Background(), roles.ParseQuery(v), now)
	if err != nil {
		t.Fatalf("search %q: %v", raw, err)
	}
	// Every search a test makes is also run in the in-memory index,
	// which must agree with SQL exactly.
	sameInBoth(t, s, roles.ParseQuery(v))
	return res
}

// sameInBoth fails the test unless SQL and the index give the same page.
func sameInBoth(t *testing.T, s *roles.Store, q roles.Query) {
	t.Helper()
	ctx := context.Background()
	sql, err := s.SearchSQL(ctx, q, now)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	ix, err := searchindex.Build(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	index, indexed, err := ix.Search(ctx, s, q, now)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	if !indexed {
		return // a phrase: the index leaves it to SQL
	}
	if !index.Indexed || sql.Indexed {
		t.Fatalf("search %+v: the paths were not the ones asked for", q)
	}
	index.Indexed = false
	if got, want := fmt.Sprintf("%+v %v", index.Query, slugs(index.Roles)), fmt.Sprintf("%+v %v", sql.Query, slugs(sql.Roles)); got != want {
		t.Errorf("search %+v:\nindex %s\nSQL   %s", q, got, want)
	}
	if index.Total != sql.Total || index.Pages != sql.Pages || index.AnyOpen != sql.AnyOpen ||
		fmt.Sprint(index.Facets) != fmt.Sprint(sql.Facets) {
		t.Errorf("search %+v: counts differ:\nindex %d %d %t %v\nSQL   %d %d %t %v", q,
			index.Total, index.Pages, index.AnyOpen, index.Facets, sql.Total, sql.Pages, sql.AnyOpen, sql.Facets)
	}
}

func count(values []roles.FacetValue, value string) int {
	for _, f := range values {
		if f.Value == value {
			return f.Count
		}
	}
	return -1
}

func TestSearchFiltersAndCounts(t *testing.T) {
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, catalogue)
	s := roles.NewStore(pool)

	all := search(t, s, "")
	if !all.AnyOpen || all.Total != 5 {
		t.Fatalf("open roles: total %d, anyOpen %v (drafts, closed and expired roles must not count)", all.Total, all.AnyOpen)
	}
	if got := slugs(all.Roles); !slices.Equal(got, []string{"finance", "ml-research", "data-science", "publicity", "data-eng"}) {
		t.Errorf("newest first: %v", got)
	}
	if count(all.Facets.Areas, "technology") != 3 || count(all.Facets.Areas, "entertainment") != 1 || count(all.Facets.Areas, "business") != 1 {
		t.Errorf("area counts: %+v", all.Facets.Areas)
	}
	if count(all.Facets.Locations, "Los Angeles, CA") != 3 || count(all.Facets.Locations, "Albuquerque, NM") != -1 {
		t.Errorf("location counts: %+v", all.Facets.Locations)
	}

	cases := []struct {
		query string
		want  []string
	}{
		{"area=technology", []string{"ml-research", "data-science", "data-eng"}},
		{"team=Publicity", []string{"publicity"}},
		{"location=Los+Angeles%2C+CA", []string{"finance", "data-science", "data-eng"}},
		{"degree=phd", []string{"ml-research", "data-science"}},
		{"mode=remote", []string{"finance"}},
		{"area=technology&degree=bachelors", []string{"data-eng"}},
		{"q=data&sort=title", []string{"data-eng", "data-science", "finance", "ml-research"}},
		{"q=data+-spark&sort=title", []string{"data-science", "finance", "ml-research"}},
		{`q="viewing+data"`, []string{"ml-research"}},
		{"q=premieres", []string{"publicity"}},
	}
	for _, c := range cases {
		if got := slugs(search(t, s, c.query).Roles); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.query, got, c.want)
		}
	}

	// Facet counts under a filter: choosing an area keeps the other areas'
	// counts, and narrows the other facets.
	tech := search(t, s, "area=technology")
	if count(tech.Facets.Areas, "business") != 1 || count(tech.Facets.Modes, "remote") != 0 || count(tech.Facets.Modes, "hybrid") != 2 {
		t.Errorf("facets under area=technology: areas %+v modes %+v", tech.Facets.Areas, tech.Facets.Modes)
	}
}

func TestSearchRanksTitleMatchesFirst(t *testing.T) {
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, catalogue)
	res := search(t, roles.NewStore(pool), "q=data")
	got := slugs(res.Roles)
	if len(got) != 4 || !slices.Contains(got[:2], "data-eng") || !slices.Contains(got[:2], "data-science") {
		t.Fatalf("roles with data in the title must rank first: %v", got)
	}
}

func TestSearchNeverFailsOnBadParameters(t *testing.T) {
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, catalogue)
	s := roles.NewStore(pool)
	long := strings.Repeat("data ", 1000)
	for _, raw := range []string{
		"area=space", "degree=kindergarten", "mode=underwater", "sort=random", "page=0", "page=-3",
		"page=1000000000", "page=abc", "team=Nobody", "location=Atlantis",
		"q=" + url.QueryEscape(long), "q=%00%ff%fe", "q=" + url.QueryEscape(`'; DROP TABLE roles; --`),
		"q=" + url.QueryEscape(`"unclosed phrase`), "q=" + url.QueryEscape("& | ! ( ) :*"),
	} {
		res := search(t, s, raw)
		if res.Query.Page < 1 || res.Query.Page > res.Pages {
			t.Errorf("%.40s: page %d of %d", raw, res.Query.Page, res.Pages)
		}
		if len(res.Query.Text) > 4*roles.MaxQueryRunes {
			t.Errorf("%.40s: query not cut", raw)
		}
	}
	if res := search(t, s, "team=Nobody&location=Atlantis"); res.Query.Team != "" || res.Query.Location != "" || res.Total != 5 {
		t.Errorf("unknown team and location must be ignored: %+v", res.Query)
	}
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM roles`).Scan(&n); err != nil || n != len(catalogue) {
		t.Fatalf("roles table damaged: %d, %v", n, err)
	}
}

func TestPaginationIsStableAndClamped(t *testing.T) {
	pool := dbtest.Pool(t)
	var many []fixture
	for i := range 23 {
		many = append(many, fixture{
			slug: fmt.Sprintf("role-%02d", i), title: "Intern", team: "Team", area: roles.Technology,
			locations: []string{"Los Gatos, CA"}, mode: roles.Hybrid, degrees: []roles.Degree{roles.Bachelors},
			description: "same", opensDaysAgo: 1, // the same time for all: the order must still be stable
		})
	}
	seedFixtures(t, pool, many)
	s := roles.NewStore(pool)
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		res := search(t, s, fmt.Sprintf("page=%d", page))
		if res.Pages != 3 || res.Total != 23 {
			t.Fatalf("pages %d total %d", res.Pages, res.Total)
		}
		for _, r := range res.Roles {
			if seen[r.Slug] {
				t.Fatalf("%s appears on two pages", r.Slug)
			}
			seen[r.Slug] = true
		}
	}
	if len(seen) != 23 {
		t.Fatalf("pages showed %d of 23 roles", len(seen))
	}
	if res := search(t, s, "page=1000000000"); res.Query.Page != 3 || len(res.Roles) != 3 {
		t.Errorf("a page past the end shows the last: page %d, %d roles", res.Query.Page, len(res.Roles))
	}
}

func TestNoOpenRoles(t *testing.T) {
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, catalogue[5:]) // closed, draft and expired only
	res := search(t, roles.NewStore(pool), "")
	if res.AnyOpen || res.Total != 0 || res.Pages != 1 {
		t.Fatalf("got %+v", res)
	}
}

func TestSimilarRoles(t *testing.T) {
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, catalogue)
	s := roles.NewStore(pool)
	closed, err := s.BySlug(context.Background(), "closed-role")
	if err != nil {
		t.Fatal(err)
	}
	if closed.IsOpen(now) || !closed.IsClosed(now) {
		t.Fatal("closed-role must be closed")
	}
	sim, err := s.Similar(context.Background(), closed, 3, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := slugs(sim); !slices.Equal(got, []string{"ml-research", "data-science", "data-eng"}) {
		t.Errorf("similar: %v", got)
	}
	expired, _ := s.BySlug(context.Background(), "expired")
	if expired.IsOpen(now) || !expired.IsClosed(now) {
		t.Error("a role past closes_at is closed")
	}
	if _, err := s.BySlug(context.Background(), "nope"); !errors.Is(err, roles.ErrNotFound) {
		t.Errorf("unknown slug: %v", err)
	}
}

func TestSeedIsIdempotent(t *testing.T) {
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, nil)
	s := roles.NewStore(pool)
	opt := roles.SeedOptions{Season: "Summer 2027", PostingOpens: now.Add(-90 * 24 * time.Hour),
		RecruitingCloses: now.Add(120 * 24 * time.Hour), Now: now}
	added, err := s.Seed(context.Background(), opt)
	if err != nil || added < 40 {
		t.Fatalf("first seed: %d, %v", added, err)
	}
	if again, err := s.Seed(context.Background(), opt); err != nil || again != 0 {
		t.Fatalf("second seed added %d, %v", again, err)
	}
	var open, closed, draft, areas, modes int
	err = pool.QueryRow(context.Background(), `
		SELECT count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE status = 'closed'),
		       count(*) FILTER (WHERE status = 'draft'), count(DISTINCT area), count(DISTINCT work_mode)
		FROM roles`).Scan(&open, &closed, &draft, &areas, &modes)
	if err != nil || open < 25 || closed < 3 || draft < 3 || areas != 3 || modes != 3 {
		t.Fatalf("seed mix: open %d closed %d draft %d areas %d modes %d (%v)", open, closed, draft, areas, modes, err)
	}
	opt.IfEmpty = true
	if _, err := pool.Exec(context.Background(), `DELETE FROM roles WHERE status = 'draft'`); err != nil {
		t.Fatal(err)
	}
	if added, err := s.Seed(context.Background(), opt); err != nil || added != 0 {
		t.Fatalf("IfEmpty on a non-empty table added %d, %v", added, err)
	}
}
