package roles

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// FacetValue is one choice of a filter with how many roles it would show,
// given the other filters.
type FacetValue struct {
	Value string
	Label string
	Count int
}

// Facets are the filter choices with their counts.
type Facets struct {
	Areas, Teams, Locations, Degrees, Modes []FacetValue
}

// Result is one page of a search.
type Result struct {
	// Query is the search as run: filters that match nothing known are
	// dropped and the page is clamped to the results.
	Query  Query
	Roles  []Role
	Total  int
	Pages  int
	Facets Facets
	// AnyOpen is false when no role is open at all, which the page
	// explains differently from a search that found nothing.
	AnyOpen bool
	// Indexed says the in-memory index answered, not SQL alone.
	Indexed bool
}

// The search's filters as SQL, over the parameters of searchStatement:
// $1 text, $2 area, $3 team, $4 location, $5 degree, $6 mode, $7 now,
// $10 the least pay key (PayKeyAtLeast; 0 for any pay).
// Each is true when its parameter is empty, and PostgreSQL, planning with
// the values (planEachTime), folds the unused ones away. They are
// constants: nothing typed by a user ever becomes query text.
const (
	openAt = `status = 'open' AND (closes_at IS NULL OR closes_at > $7)`
	// searchQuery reads $1 in every language a role is written in: as
	// English and as Spanish (stemmed, accents dropped: migration 00034)
	// and as whole words, for a language with no stemmer here. A word
	// matches when any reading does, so "diseño", "diseno" and "design"
	// each find their role, whichever site they were typed on.
	searchQuery = `(websearch_to_tsquery('careers_en', $1) || websearch_to_tsquery('careers_es', $1) || websearch_to_tsquery('careers_simple', $1))`
	textMatch   = `($1 = '' OR search @@ ` + searchQuery + `)`
	// Pay has no facet of its own: like the text, it narrows the matches
	// every count is taken from.
	payOn  = `($10::bigint = 0 OR ` + payKeySQL + ` >= $10::bigint)`
	areaOn = `($2 = '' OR area = $2)`
	// Team and location are free text in the URL: they filter only when
	// an open role has them (the known CTE), so a made-up value is
	// ignored, not an empty page.
	teamOn   = `($3 = '' OR NOT (SELECT team_ok FROM known) OR team = $3)`
	placeOn  = `($4 = '' OR NOT (SELECT place_ok FROM known) OR $4 = ANY (locations))`
	degreeOn = `($5 = '' OR $5 = ANY (degree_levels))`
	modeOn   = `($6 = '' OR work_mode = $6)`
	allOn    = areaOn + ` AND ` + teamOn + ` AND ` + placeOn + ` AND ` + degreeOn + ` AND ` + modeOn
)

// knownCTE says whether any role is open at all, and whether the team
// and the location asked for are ones an open role has.
const knownCTE = `known AS (
	SELECT EXISTS (SELECT FROM roles WHERE ` + openAt + `) AS any_open,
	       $3 = '' OR EXISTS (SELECT FROM roles WHERE ` + openAt + ` AND team = $3) AS team_ok,
	       $4 = '' OR EXISTS (SELECT FROM roles WHERE ` + openAt + ` AND $4 = ANY (locations)) AS place_ok
)`

// rankLexemesCTE finds the query's words that rank, as the index takes
// them (tsquery.lexemes): every lexeme of the printed query that is not
// under an odd number of "!". Each "!" covers the operand after it: a
// lexeme, a parenthesised group, or a further "!" and what that covers.
// lex holds, for each such word once, a query matching it in the title
// (A), in team or area (B), in a place (C) and anywhere, still written as
// printed (quotes doubled, backslashes escaped), which is how a tsquery
// reads it back.
const rankLexemesCTE = `tok AS (
	SELECT t.i, t.m[1] AS tok,
	       sum(CASE t.m[1] WHEN '(' THEN 1 WHEN ')' THEN -1 ELSE 0 END) OVER (ORDER BY t.i) AS depth
	FROM regexp_matches(` + searchQuery + `::text, $re$'(?:[^'\\]|''|\\.)*'|[!()]$re$, 'g')
	     WITH ORDINALITY AS t(m, i)
),
nots AS (
	SELECT n.i, CASE WHEN o.tok = '('
	                 THEN (SELECT min(c.i) FROM tok AS c WHERE c.i > o.i AND c.tok = ')' AND c.depth = o.depth - 1)
	                 ELSE o.i END AS last
	FROM tok AS n
	CROSS JOIN LATERAL (SELECT o.i, o.tok, o.depth FROM tok AS o WHERE o.i > n.i AND o.tok <> '!' ORDER BY o.i LIMIT 1) AS o
	WHERE n.tok = '!'
),
lex AS (
	SELECT array_agg((tok || ':A')::tsquery) AS qa, array_agg((tok || ':B')::tsquery) AS qb,
	       array_agg((tok || ':C')::tsquery) AS qc, array_agg(tok::tsquery) AS qd
	FROM (SELECT DISTINCT w.tok FROM tok AS w
	      WHERE w.tok NOT IN ('!', '(', ')')
	        AND (SELECT count(*) FROM nots WHERE nots.i < w.i AND w.i <= nots.last) % 2 = 0) AS words
)`

// rankSlots is how many of the query's words the score reads without a
// subquery per role; words past it are summed by one.
const rankSlots = 4

// rankScore is the relevance of a role (its search column), with lex
// joined: the sum, over the query's words, of the best weight each has in
// the role: 10 in the title, 4 team or area, 2 a place, 1 the summary
// (RankWeight, by which the index ranks the same way).
var rankScore = func() string {
	w := func(c byte) uint32 { return RankWeight['D'-c] }
	best := func(a, b, c, d string) string {
		return fmt.Sprintf(`CASE WHEN search @@ %s THEN %d WHEN search @@ %s THEN %d WHEN search @@ %s THEN %d WHEN search @@ %s THEN %d ELSE 0 END`,
			a, w('A'), b, w('B'), c, w('C'), d, w('D'))
	}
	var terms []string
	for i := 1; i <= rankSlots; i++ {
		terms = append(terms, best(fmt.Sprintf("qa[%d]", i), fmt.Sprintf("qb[%d]", i), fmt.Sprintf("qc[%d]", i), fmt.Sprintf("qd[%d]", i)))
	}
	rest := fmt.Sprintf(`qa[%[1]d:], qb[%[1]d:], qc[%[1]d:], qd[%[1]d:]`, rankSlots+1)
	terms = append(terms, fmt.Sprintf(`CASE WHEN cardinality(qa) > %d THEN (SELECT sum(%s) FROM unnest(%s) AS more(a, b, c, d)) ELSE 0 END`,
		rankSlots, best("a", "b", "c", "d"), rest))
	return strings.Join(terms, "\n\t     + ")
}()

// A sort is the key the matches keep for it (an expression and its
// name; newest needs none) and the page's order. Every order ends on id
// so pages never repeat or skip a role.
type sortSQL struct {
	key, keyName, order string
	ranks               bool // the key is rankScore, which reads lex
}

var sorts = map[Sort]sortSQL{
	SortRelevance: {key: `(` + rankScore + `)`, keyName: "score", order: `score DESC, opens_at DESC, id DESC`, ranks: true},
	SortNewest:    {order: `opens_at DESC, id DESC`},
	// Byte order ("C"), whatever the database's collation: the index
	// sorts titles the same way.
	SortTitle: {key: `lower(title) COLLATE "C"`, keyName: "title_key", order: `title_key COLLATE "C", id`},
	SortPay:   {key: payKeySQL, keyName: "pay_key", order: `pay_key DESC NULLS LAST, opens_at DESC, id DESC`},
}

// fixedCounts counts the choices of the filters with a fixed list
// (areas, degrees, modes) and the total, in one pass over the matches,
// each under the other filters; a role counts once per degree it lists.
var fixedCounts = func() string {
	var aggs, rows []string
	add := func(facet, value, cond string) {
		name := fmt.Sprintf("c%d", len(aggs))
		aggs = append(aggs, fmt.Sprintf("count(*) FILTER (WHERE %s) AS %s", cond, name))
		rows = append(rows, fmt.Sprintf("('%s', '%s', %s)", facet, value, name))
	}
	add("total", "", allOn)
	for _, a := range Areas {
		add("area", string(a), teamOn+` AND `+placeOn+` AND `+degreeOn+` AND `+modeOn+` AND area = '`+string(a)+`'`)
	}
	for _, d := range Degrees {
		add("degree", string(d), areaOn+` AND `+teamOn+` AND `+placeOn+` AND `+modeOn+` AND '`+string(d)+`' = ANY (degree_levels)`)
	}
	for _, m := range WorkModes {
		add("mode", string(m), areaOn+` AND `+teamOn+` AND `+placeOn+` AND `+degreeOn+` AND work_mode = '`+string(m)+`'`)
	}
	return `SELECT f.facet, f.value, f.n FROM (SELECT ` + strings.Join(aggs, ",\n\t\t") + ` FROM m) AS c
	CROSS JOIN LATERAL (VALUES ` + strings.Join(rows, ", ") + `) AS f (facet, value, n)`
}()

// searchStatement is the whole search for one sort, one statement, so
// one round trip: the open roles matching the text are read once (m),
// with what the facets and the order need; the facets are counted from
// them, each under every other filter, the usual faceted-search rule
// (choosing an area does not hide the other areas' counts); the page is
// the top of them in the sort's order, at the page asked for clamped to
// the last ($8, of $9 roles each). It returns rows of (kind, value, n)
// and role columns: a facet count (kind is the facet), known (value
// open, team or location, n 1 for true), or role (n its place on the
// page, the role's columns after).
func searchStatement(sort sortSQL) string {
	ctes, from, keys, pageKeys := knownCTE, "roles", "", "id, opens_at"
	if sort.ranks {
		ctes += ",\n" + rankLexemesCTE
		from = "roles CROSS JOIN lex"
	}
	if sort.key != "" {
		keys = ", " + sort.key + " AS " + sort.keyName
		pageKeys += ", " + sort.keyName
	}
	nulls := strings.Repeat(", NULL", strings.Count(roleColumns, ",")+1)
	return `WITH ` + ctes + `,
m AS MATERIALIZED (
	SELECT id, opens_at, area, team, locations, degree_levels, work_mode` + keys + `
	FROM ` + from + `
	WHERE ` + openAt + ` AND ` + textMatch + ` AND ` + payOn + `
),
counts AS (
	SELECT 'team' AS facet, team AS value, count(*) AS n FROM m
	WHERE ` + areaOn + ` AND ` + placeOn + ` AND ` + degreeOn + ` AND ` + modeOn + ` GROUP BY team
	UNION ALL
	SELECT 'location', place, count(*) FROM (
		SELECT unnest(locations) AS place FROM m
		WHERE ` + areaOn + ` AND ` + teamOn + ` AND ` + degreeOn + ` AND ` + modeOn + `) AS places
	GROUP BY place
	UNION ALL
	` + fixedCounts + `
),
page AS (
	SELECT ` + pageKeys + ` FROM m WHERE ` + allOn + `
	ORDER BY ` + sort.order + `
	LIMIT $9 OFFSET (SELECT (least(greatest($8::bigint, 1), greatest(1, (n + $9 - 1) / $9)) - 1) * $9
	                 FROM counts WHERE facet = 'total')
)
SELECT 'role' AS kind, '' AS value, p.place AS n, ` + roleColumns + `
FROM (SELECT id AS page_id, row_number() OVER (ORDER BY ` + sort.order + `) AS place FROM page) AS p
JOIN roles ON roles.id = p.page_id
UNION ALL
SELECT facet, value, n` + nulls + ` FROM counts WHERE n > 0
UNION ALL
SELECT 'known', k.name, k.ok::int` + nulls + `
FROM known CROSS JOIN LATERAL (VALUES ('open', any_open), ('team', team_ok), ('location', place_ok)) AS k (name, ok)`
}

// searchStatements are searchStatement for each sort.
var searchStatements = func() map[Sort]string {
	m := map[Sort]string{}
	for s, sql := range sorts {
		m[s] = searchStatement(sql)
	}
	return m
}()

// planEachTime makes PostgreSQL plan each search with its values: with
// them, the unused filters ("$2 = ” OR ...") fold away and a rare word
// and a common one get different plans; pgx's cached generic plan would
// fit neither.
const planEachTime = pgx.QueryExecModeCacheDescribe

// Engine answers searches from somewhere faster than SQL (the in-memory
// index of internal/searchindex). ok is false when it cannot answer this
// one (it is behind the latest change, or the query's form is one it
// does not evaluate); then SQL does. An engine must give exactly what
// SearchSQL gives: SearchSQL is the reference.
type Engine interface {
	Search(ctx context.Context, q Query, now time.Time) (res Result, ok bool, err error)
}

// Search runs q over the roles open at now: in the engine when there is
// one and it can answer, in SQL otherwise. Both give the same roles,
// counts and pages (TestIndexAgreesWithSQL).
func (s *Store) Search(ctx context.Context, q Query, now time.Time) (Result, error) {
	if s.engine != nil {
		res, ok, err := s.engine.Search(ctx, q, now)
		if err != nil || ok {
			return res, err
		}
	}
	return s.SearchSQL(ctx, q, now)
}

// PrintQuery has PostgreSQL turn search text into its query, printed
// ("'data' & 'scienc'"); empty when the text has no word to search for
// (stop words only). An engine parses it.
func (s *Store) PrintQuery(ctx context.Context, text string) (string, error) {
	var printed string
	if err := s.pool.QueryRow(ctx, `SELECT `+searchQuery+`::text`, text).Scan(&printed); err != nil {
		return "", fmt.Errorf("search: %w", err)
	}
	return printed, nil
}

// ByIDs returns the roles with ids, in the order of ids (an engine's
// page, ranked).
func (s *Store) ByIDs(ctx context.Context, ids []int64) ([]Role, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+roleColumns+` FROM roles WHERE id = ANY ($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("roles by id: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowToStructByName[Role])
	if err != nil {
		return nil, fmt.Errorf("roles by id: %w", err)
	}
	byID := make(map[int64]Role, len(found))
	for _, r := range found {
		byID[r.ID] = r
	}
	out := make([]Role, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// Searchable is what an engine keeps of one open role: its filters and
// its search vector, printed.
type Searchable struct {
	ID                   int64
	Area, Team, WorkMode string
	Locations, Degrees   []string
	OpensAt              time.Time
	ClosesAt             *time.Time
	LowerTitle           string
	Vector               string
	// PayKey is the key the search filters and sorts pay by (payKeySQL),
	// nil when the role has no range in PayFilterCurrency.
	PayKey *int64
}

// EachSearchable calls fn for every open role (status open, whatever its
// dates: an engine checks them at search time), by id.
func (s *Store) EachSearchable(ctx context.Context, fn func(Searchable) error) error {
	rows, err := s.pool.Query(ctx, `
		SELECT id, area, team, locations, degree_levels, work_mode, opens_at, closes_at, lower(title), search::text,
		       `+payKeySQL+`
		FROM roles WHERE status = 'open' ORDER BY id`)
	if err != nil {
		return fmt.Errorf("searchable roles: %w", err)
	}
	var r Searchable
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.Area, &r.Team, &r.Locations, &r.Degrees, &r.WorkMode,
		&r.OpensAt, &r.ClosesAt, &r.LowerTitle, &r.Vector, &r.PayKey}, func() error { return fn(r) })
	if err != nil {
		return fmt.Errorf("searchable roles: %w", err)
	}
	return nil
}

// SearchSQL runs the whole search in PostgreSQL, in one statement: the
// reference every engine must agree with.
func (s *Store) SearchSQL(ctx context.Context, q Query, now time.Time) (Result, error) {
	res := Result{Query: q}
	statement, ok := searchStatements[q.Sort]
	if !ok {
		return res, fmt.Errorf("search: unknown sort %q", q.Sort)
	}
	rows, err := s.pool.Query(ctx, statement, planEachTime,
		q.Text, string(q.Area), q.Team, q.Location, string(q.Degree), string(q.Mode), now, q.Page, PageSize,
		PayKeyAtLeast(q.MinPay))
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	counts := map[string]map[string]int{}
	type placed struct {
		n    int
		role Role
	}
	var page []placed
	var kind, value string
	var n int
	head := make([]any, len(rows.FieldDescriptions()))
	head[0], head[1], head[2] = &kind, &value, &n
	for rows.Next() {
		if err := rows.Scan(head...); err != nil {
			return res, fmt.Errorf("search: %w", err)
		}
		if kind == "role" {
			r, err := pgx.RowToStructByName[Role](roleColumnsOf{rows})
			if err != nil {
				return res, fmt.Errorf("search results: %w", err)
			}
			page = append(page, placed{n, r})
			continue
		}
		if counts[kind] == nil {
			counts[kind] = map[string]int{}
		}
		counts[kind][value] = n
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("search: %w", err)
	}

	res.AnyOpen = counts["known"]["open"] == 1
	if counts["known"]["team"] != 1 {
		res.Query.Team = ""
	}
	if counts["known"]["location"] != 1 {
		res.Query.Location = ""
	}
	res.Total = counts["total"][""]
	res.Facets = BuildFacets(counts, res.Query)
	// The same clamping as the statement's OFFSET.
	res.Pages = max(1, (res.Total+PageSize-1)/PageSize)
	res.Query.Page = min(max(q.Page, 1), res.Pages)
	slices.SortFunc(page, func(a, b placed) int { return cmp.Compare(a.n, b.n) })
	res.Roles = make([]Role, 0, len(page))
	for _, p := range page {
		res.Roles = append(res.Roles, p.role)
	}
	return res, nil
}

// roleColumnsOf shows pgx a search row's role columns alone, those after
// kind, value and n, so a role row scans into a Role by name.
type roleColumnsOf struct{ pgx.Rows }

func (r roleColumnsOf) FieldDescriptions() []pgconn.FieldDescription {
	return r.Rows.FieldDescriptions()[3:]
}

func (r roleColumnsOf) Scan(dest ...any) error {
	return r.Rows.Scan(append([]any{nil, nil, nil}, dest...)...)
}

func (r roleColumnsOf) Values() ([]any, error) {
	v, err := r.Rows.Values()
	if err != nil {
		return nil, err
	}
	return v[3:], nil
}

func (r roleColumnsOf) RawValues() [][]byte { return r.Rows.RawValues()[3:] }

// RankWeight scores a word by where it appears at best: D (the summary),
// C (a place), B (team or area), A (the title). Whole numbers, so sums
// compare exactly in SQL and in an engine.
var RankWeight = [4]uint32{1, 2, 4, 10}

// BuildFacets lists the fixed choices in their own order, with zero
// counts kept so the filter stays stable, and the free ones (teams,
// places) by name, those with roles only, plus the chosen one.
func BuildFacets(counts map[string]map[string]int, q Query) Facets {
	var f Facets
	for _, a := range Areas {
		f.Areas = append(f.Areas, FacetValue{string(a), a.Label(), counts["area"][string(a)]})
	}
	for _, d := range Degrees {
		f.Degrees = append(f.Degrees, FacetValue{string(d), d.Label(), counts["degree"][string(d)]})
	}
	for _, m := range WorkModes {
		f.Modes = append(f.Modes, FacetValue{string(m), m.Label(), counts["mode"][string(m)]})
	}
	f.Teams = freeFacet(counts["team"], q.Team)
	f.Locations = freeFacet(counts["location"], q.Location)
	return f
}

func freeFacet(counts map[string]int, chosen string) []FacetValue {
	var list []FacetValue
	for v, n := range counts {
		list = append(list, FacetValue{v, v, n})
	}
	if _, ok := counts[chosen]; chosen != "" && !ok {
		list = append(list, FacetValue{chosen, chosen, 0})
	}
	slices.SortFunc(list, func(a, b FacetValue) int { return cmp.Compare(a.Label, b.Label) })
	return list
}
