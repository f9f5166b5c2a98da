package roles

import (
	"cmp"
	"context"
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
	SortRelevance: `ts_rank_cd(search, websearch_to_tsquery('english', $1)) DESC, opens_at DESC, id DESC`,
	SortNewest:    `opens_at DESC, id DESC`,
	SortTitle:     `lower(title), id`,
}

// Search runs q over the roles open at now.
func (s *Store) Search(ctx context.Context, q Query, now time.Time) (Result, error) {
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

	rows, err := s.pool.Query(ctx, facetSQL, args...)
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
	rows, err = s.pool.Query(ctx, resultsSQL+` ORDER BY `+orderBy[q.Sort]+` LIMIT $8 OFFSET $9`,
		append(args, PageSize, (res.Query.Page-1)*PageSize)...)
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
