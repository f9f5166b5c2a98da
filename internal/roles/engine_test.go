package roles_test

import (
	"context"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"example.com/careers/internal/bulkseed"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/searchindex"
)

// TestIndexAgreesWithSQL loads a few hundred generated roles and runs a
// few hundred random searches, every combination of text, filters
// (pay among them), sort and page, in SQL and in the index: same roles in
// the same order, same counts.
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
		v.Set("sort", pick(r, "", "newest", "title", "relevance", "pay"))
		v.Set("page", pick(r, "1", "1", "2", "5", "400"))
		v.Set("pay", pick(r, "", "", "", "20", "35", "48", "9999"))
		sameInBoth(t, s, roles.ParseQuery(v))
		if t.Failed() {
			t.Fatalf("first disagreement at %s", v.Encode())
		}
	}
}

// rankWords returns the words of text that rank: as the search statement
// finds them in SQL, and as the index's parser finds them in the printed
// query (sorted, each once, as the index ranks by them).
func rankWords(t *testing.T, s *roles.Store, text string) (inSQL, inIndex []string) {
	t.Helper()
	ctx := context.Background()
	printed, err := s.RankWordsSQL(ctx, text)
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	for _, p := range printed {
		words, err := searchindex.RankWords(p)
		if err != nil || len(words) != 1 {
			t.Fatalf("%q: SQL found %q, not one word (%v)", text, p, err)
		}
		inSQL = append(inSQL, words[0])
	}
	slices.Sort(inSQL)
	query, err := s.PrintQuery(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	if inIndex, err = searchindex.RankWords(query); err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	return inSQL, inIndex
}

// TestRankWordsAgree: the search statement picks the words that rank
// from the printed query in SQL; they are the index parser's, for
// negations, double negations, phrases, groups and quotes.
func TestRankWordsAgree(t *testing.T) {
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
		inSQL, inIndex := rankWords(t, s, text)
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
