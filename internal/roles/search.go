package roles

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
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

// The search's filters as SQL, over parameters $1..$7 of every query
// below: text, area, team, location, degree, mode, now. Each is true when
// its parameter is empty. They are constants: nothing typed by a user
// ever becomes query text.
const (
	openAt     = `status = 'open' AND (closes_at IS NULL OR closes_at > $7)`
	textMatch  = `($1 = '' OR search @@ websearch_to_tsquery('english', $1))`
	areaCond   = `($2 = '' OR area = $2)`
	teamCond   = `($3 = '' OR team = $3)`
	placeCond  = `($4 = '' OR $4 = ANY (locations))`
	degreeCond = `($5 = '' OR $5 = ANY (degree_levels))`
	modeCond   = `($6 = '' OR work_mode = $6)`
)

// facetSQL counts each filter's choices under every other filter, the
// usual faceted-search rule: choosing an area does not hide the other
// areas' counts.
const facetSQL = `
WITH base AS (
	SELECT area, team, locations, degree_levels, work_mode FROM roles
	WHERE ` + openAt + ` AND ` + textMatch + `
)
SELECT 'area', area, count(*) FROM base
	WHERE ` + teamCond + ` AND ` + placeCond + ` AND ` + degreeCond + ` AND ` + modeCond + ` GROUP BY area
UNION ALL
SELECT 'team', team, count(*) FROM base
	WHERE ` + areaCond + ` AND ` + placeCond + ` AND ` + degreeCond + ` AND ` + modeCond + ` GROUP BY team
UNION ALL
SELECT 'location', l, count(*) FROM base, unnest(locations) AS l
	WHERE ` + areaCond + ` AND ` + teamCond + ` AND ` + degreeCond + ` AND ` + modeCond + ` GROUP BY l
UNION ALL
SELECT 'degree', d, count(*) FROM base, unnest(degree_levels) AS d
	WHERE ` + areaCond + ` AND ` + teamCond + ` AND ` + placeCond + ` AND ` + modeCond + ` GROUP BY d
UNION ALL
SELECT 'mode', work_mode, count(*) FROM base
	WHERE ` + areaCond + ` AND ` + teamCond + ` AND ` + placeCond + ` AND ` + degreeCond + ` GROUP BY work_mode
UNION ALL
SELECT 'total', '', count(*) FROM base
	WHERE ` + areaCond + ` AND ` + teamCond + ` AND ` + placeCond + ` AND ` + degreeCond + ` AND ` + modeCond

const resultsSQL = `
SELECT ` + roleColumns + ` FROM roles
WHERE ` + openAt + ` AND ` + textMatch + ` AND ` + areaCond + ` AND ` + teamCond + ` AND ` +
	placeCond + ` AND ` + degreeCond + ` AND ` + modeCond

// orderBy maps each sort to its ORDER BY. Every order ends on id so pages
// never repeat or skip a role.
var orderBy = map[Sort]string{
	// The score is the sum, over the query's words ($10), of the best
	// weight each has in the role: 10 in the title, 4 team or area, 2 a
	// place, 1 the summary. The index ranks the same way.
	SortRelevance: `(SELECT coalesce(sum(CASE WHEN 'A' = ANY (u.weights) THEN 10 WHEN 'B' = ANY (u.weights) THEN 4
	                                      WHEN 'C' = ANY (u.weights) THEN 2 ELSE 1 END), 0)
	                 FROM unnest(search) AS u WHERE u.lexeme = ANY ($10::text[])) DESC, opens_at DESC, id DESC`,
	SortNewest: `opens_at DESC, id DESC`,
	// Byte order ("C"), whatever the database's collation: the index
	// sorts titles the same way.
	SortTitle: `lower(title) COLLATE "C", id`,
}

// planEachTime makes PostgreSQL plan each search with its values: with
// them, the unused filters ("$2 = ” OR ...") fold away and a rare word
// and a common one get different plans; pgx's cached generic plan would
// fit neither.
const planEachTime = pgx.QueryExecModeCacheDescribe

// Search runs q over the roles open at now: in the index when it is
// current and can evaluate the query, in SQL otherwise. Both give the
// same roles, counts and pages (TestIndexAgreesWithSQL).
func (s *Store) Search(ctx context.Context, q Query, now time.Time) (Result, error) {
	if ix := s.index.Current(); ix != nil {
		res, ok, err := s.searchIndex(ctx, ix, q, now)
		if err != nil || ok {
			return res, err
		}
	}
	return s.searchSQL(ctx, q, now)
}

// searchIndex has PostgreSQL parse the text, the index match, count and
// rank, and PostgreSQL load the page's roles.
func (s *Store) searchIndex(ctx context.Context, ix *Index, q Query, now time.Time) (Result, bool, error) {
	var tsq *tsquery
	if q.Text != "" {
		var err error
		tsq, err = s.parseText(ctx, q.Text)
		if errors.Is(err, errUnsupportedQuery) {
			return Result{}, false, nil
		}
		if err != nil {
			return Result{}, false, err
		}
	}
	res, ids, ok := ix.search(q, tsq, q.Text != "", now)
	if !ok {
		return Result{}, false, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT `+roleColumns+` FROM roles WHERE id = ANY ($1)`, ids)
	if err != nil {
		return res, false, fmt.Errorf("search results: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowToStructByName[Role])
	if err != nil {
		return res, false, fmt.Errorf("search results: %w", err)
	}
	byID := make(map[int64]Role, len(found))
	for _, r := range found {
		byID[r.ID] = r
	}
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			res.Roles = append(res.Roles, r)
		}
	}
	res.Indexed = true
	return res, true, nil
}

// parseText has PostgreSQL turn search text into a query, which it
// prints; nil means the text had no words to search for (stop words).
func (s *Store) parseText(ctx context.Context, text string) (*tsquery, error) {
	var printed string
	if err := s.pool.QueryRow(ctx, `SELECT websearch_to_tsquery('english', $1)::text`, text).Scan(&printed); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return parseTSQuery(printed)
}

// queryLexemes lists the words of the text that rank, each once.
func (s *Store) queryLexemes(ctx context.Context, text string) ([]string, error) {
	q, err := s.parseText(ctx, text)
	if errors.Is(err, errUnsupportedQuery) {
		return []string{}, nil // ranks by date only; websearch_to_tsquery prints nothing this parser refuses
	}
	if err != nil {
		return nil, err
	}
	return slices.Compact(slices.Sorted(slices.Values(q.lexemes(nil, false)))), nil
}

// searchSQL runs the whole search in PostgreSQL.
func (s *Store) searchSQL(ctx context.Context, q Query, now time.Time) (Result, error) {
	res := Result{Query: q}

	// Team and location are free text in the URL: keep them only when an
	// open role has them, so a made-up value is ignored, not an empty page.
	const open = `status = 'open' AND (closes_at IS NULL OR closes_at > $3)`
	var teamOK, placeOK bool
	err := s.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT FROM roles WHERE `+open+`),
		       $1 = '' OR EXISTS (SELECT FROM roles WHERE `+open+` AND team = $1),
		       $2 = '' OR EXISTS (SELECT FROM roles WHERE `+open+` AND $2 = ANY (locations))`,
		q.Team, q.Location, now).Scan(&res.AnyOpen, &teamOK, &placeOK)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	if !teamOK {
		res.Query.Team = ""
	}
	if !placeOK {
		res.Query.Location = ""
	}
	q = res.Query
	args := []any{q.Text, string(q.Area), q.Team, q.Location, string(q.Degree), string(q.Mode), now}

	rows, err := s.pool.Query(ctx, facetSQL, append([]any{planEachTime}, args...)...)
	if err != nil {
		return res, fmt.Errorf("search facets: %w", err)
	}
	counts := map[string]map[string]int{}
	var facet, value string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&facet, &value, &n}, func() error {
		if counts[facet] == nil {
			counts[facet] = map[string]int{}
		}
		counts[facet][value] = n
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("search facets: %w", err)
	}
	res.Total = counts["total"][""]
	res.Facets = buildFacets(counts, q)

	res.Pages = max(1, (res.Total+PageSize-1)/PageSize)
	res.Query.Page = min(max(q.Page, 1), res.Pages)
	args = append([]any{planEachTime}, append(args, PageSize, (res.Query.Page-1)*PageSize)...)
	if q.Sort == SortRelevance {
		lexemes, err := s.queryLexemes(ctx, q.Text)
		if err != nil {
			return res, err
		}
		args = append(args, lexemes)
	}
	rows, err = s.pool.Query(ctx, resultsSQL+` ORDER BY `+orderBy[q.Sort]+` LIMIT $8 OFFSET $9`, args...)
	if err != nil {
		return res, fmt.Errorf("search results: %w", err)
	}
	res.Roles, err = pgx.CollectRows(rows, pgx.RowToStructByName[Role])
	if err != nil {
		return res, fmt.Errorf("search results: %w", err)
	}
	return res, nil
}

// buildFacets lists the fixed choices in their own order, with zero
// counts kept so the filter stays stable, and the free ones (teams,
// places) by name, those with roles only, plus the chosen one.
func buildFacets(counts map[string]map[string]int, q Query) Facets {
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
