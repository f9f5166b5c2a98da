package roles_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"example.com/careers/internal/bulkseed"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/roles"
)

func TestParseTSQuery(t *testing.T) {
	for printed, want := range map[string]string{
		"":                                 "<nil>",
		"'data'":                           "data",
		"'view' & 'data' & !'spark'":       "((view & data) & !spark)",
		"'a' | 'b' & 'c'":                  "(a | (b & c))",
		"'machin' <-> 'learn' <-> 'model'": "((machin <1> learn) <1> model)",
		"!( 'a' | 'b' ) & 'c'":             "(!(a | b) & c)",
		"'o''brien'":                       "o'brien",
		"'a' <2> 'b'":                      "(a <2> b)",
		"'view' & 'data' | 'tokyo' & !'x'": "((view & data) | (tokyo & !x))",
	} {
		q, err := roles.ParseTSQuery(printed)
		if err != nil {
			t.Errorf("%q: %v", printed, err)
			continue
		}
		if got := q.String(); got != want {
			t.Errorf("%q parsed as %s, want %s", printed, got, want)
		}
	}
	for _, bad := range []string{"'a' &", "'a':*", "('a'", "'unterminated", "& 'a'"} {
		if _, err := roles.ParseTSQuery(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

// TestIndexAgreesWithSQL loads a few hundred generated roles and runs a
// few hundred random searches, every combination of text, filters, sort
// and page, in SQL and in the index: same roles in the same order, same
// counts.
func TestIndexAgreesWithSQL(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, catalogue)
	if _, err := bulkseed.Run(ctx, pool, bulkseed.Options{Roles: 400, Seed: 11, Season: "Summer 2027", Now: now}); err != nil {
		t.Fatal(err)
	}
	// Some roles closed by date (still status open) and some closing later.
	if _, err := pool.Exec(ctx, `UPDATE roles SET closes_at = $1 WHERE id % 7 = 0 AND status = 'open'`, now.Add(-1)); err != nil {
		t.Fatal(err)
	}
	s := roles.NewStore(pool)
	texts := []string{"", "", "intern", "engineering", "data science", "sound -design", `"machine learning"`,
		"tokyo or london", "the", "zzzqx", "studio family", "-intern", "Data", "o'brien", "research platform games"}
	pick := func(r *rand.Rand, list ...string) string { return list[r.IntN(len(list))] }
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		v := url.Values{}
		v.Set("q", pick(r, texts...))
		v.Set("area", pick(r, "", "", "technology", "entertainment", "business"))
		v.Set("degree", pick(r, "", "", "bachelors", "masters", "phd"))
		v.Set("mode", pick(r, "", "", "onsite", "hybrid", "remote"))
		v.Set("team", pick(r, "", "", "", "Playback", "Music", "No Such Team"))
		v.Set("location", pick(r, "", "", "", "Tokyo, JP", "Los Gatos, CA", "Atlantis"))
		v.Set("sort", pick(r, "", "newest", "title", "relevance"))
		v.Set("page", pick(r, "1", "1", "2", "5", "400"))
		sameInBoth(t, s, roles.ParseQuery(v))
		if t.Failed() {
			t.Fatalf("first disagreement at %s", v.Encode())
		}
	}
}

// TestIndexKeeperNeverServesStale follows the keeper through a change:
// no index until the first build, none from the moment a change is
// heard until the rebuild that includes it, none while not live.
func TestIndexKeeperNeverServesStale(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pool := dbtest.Pool(t)
	seedFixtures(t, pool, catalogue)
	k := roles.NewIndexKeeper(pool, slog.New(slog.DiscardHandler))
	k.Debounce = time.Millisecond
	done := make(chan struct{})
	go func() { k.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitRebuilt := func(n uint64) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); k.Rebuilds() < n; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("no rebuild %d", n)
			}
		}
	}

	if k.Current() != nil {
		t.Fatal("an index before any was built")
	}
	k.SetLive(true)
	waitRebuilt(1)
	if k.Current() == nil {
		t.Fatal("no index once built and live")
	}
	s := roles.NewStore(pool)
	s.UseIndex(k)
	if res := search(t, s, "q=playback"); !res.Indexed {
		t.Fatal("the search did not use the current index")
	}

	// A new role: heard, so the index is stale at once and SQL answers.
	if _, err := pool.Exec(ctx, `INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season,
		description, status, opens_at) VALUES ('keeper-new', 'Keeper Telemetry Intern', 'Playback', 'technology',
		'{"Los Gatos, CA"}', 'onsite', '{bachelors}', 'Summer 2027', 'New.', 'open', $1)`, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	k.Changed()
	if k.Current() != nil {
		t.Fatal("the index was still offered after a change it does not hold")
	}
	if res := search(t, s, "q=telemetry"); res.Indexed || res.Total != 1 {
		t.Fatalf("during the rebuild: indexed %t, %d found; want SQL finding the new role", res.Indexed, res.Total)
	}
	waitRebuilt(2)
	if res := search(t, s, "q=telemetry"); !res.Indexed || res.Total != 1 {
		t.Fatalf("after the rebuild: indexed %t, %d found", res.Indexed, res.Total)
	}

	k.SetLive(false)
	if k.Current() != nil {
		t.Fatal("the index was offered while changes could not be heard")
	}
}

// TestRankWordsAgree: the search statement picks the words that rank
// from the printed query in SQL; they are the index parser's, for
// negations, double negations, phrases, groups and quotes.
func TestRankWordsAgree(t *testing.T) {
	ctx := context.Background()
	s := roles.NewStore(dbtest.Pool(t))
	texts := []string{"", "the", "intern", "sound -design", "--intern", "---intern", `-"machine learning" intern`,
		"tokyo or -london", "-tokyo or london", `"a the b" design`, "-foo-bar data", `-"a foo-bar baz" x`,
		"o'brien", `x\y`, `design or -"visual effects" or (games)`, "-(studio games) music", "a -b -c d or -e",
		"research platform games data science studio design", `"sound -design"`, `-"-a b"`, "--", `""`, "-"}
	fragments := []string{"data", "-data", "studio", "or", "-", `"`, "(", ")", "o'brien", "foo-bar", "the", `\`, "--x", "games"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		text := ""
		for range 1 + r.IntN(6) {
			text += fragments[r.IntN(len(fragments))] + []string{" ", ""}[r.IntN(2)]
		}
		texts = append(texts, text)
	}
	for _, text := range texts {
		inSQL, inIndex, err := s.RankWords(ctx, text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if !slices.Equal(inSQL, inIndex) {
			t.Errorf("%q: SQL ranks by %q, the index by %q", text, inSQL, inIndex)
		}
	}
}

// TestIndexAgreesWithSQLOnMixedWords: searches of a few words found in
// different fields (title, team, place, summary), where the weights
// decide the order.
func TestIndexAgreesWithSQLOnMixedWords(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	if _, err := bulkseed.Run(ctx, pool, bulkseed.Options{Roles: 400, Seed: 13, Season: "Summer 2027", Now: now}); err != nil {
		t.Fatal(err)
	}
	s := roles.NewStore(pool)
	words := []string{"intern", "engineering", "design", "data", "studio", "games", "sound", "tokyo", "london", "remote",
		"seoul", "people", "summer", "real", "search", "music", "new", "york", "live", "events", "platform", "-design"}
	r := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		text := words[r.IntN(len(words))]
		for range 1 + r.IntN(3) {
			text += " " + words[r.IntN(len(words))]
		}
		v := url.Values{"q": {text}, "page": {strconv.Itoa(1 + r.IntN(5))}}
		sameInBoth(t, s, roles.ParseQuery(v))
		if t.Failed() {
			t.Fatalf("first disagreement at %s", v.Encode())
		}
	}
}
