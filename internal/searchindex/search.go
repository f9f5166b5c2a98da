package searchindex

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"example.com/careers/internal/roles"
)

// scratch holds per-search buffers, reused between searches.
var scratch = sync.Pool{New: func() any { return new([]uint32) }}

// search answers q at now like Store.searchSQL does, returning the ids
// of the page's roles in order. ok is false when the query's form is one
// the index does not evaluate.
func (ix *Index) search(q roles.Query, tsq *tsquery, hasText bool, now time.Time) (res roles.Result, ids []int64, ok bool) {
	nowMicro := now.UnixMicro()
	open := func(d *doc) bool { return d.closes == 0 || d.closes > nowMicro }
	res = roles.Result{Query: q}

	var matched bitset
	switch {
	case !hasText:
		matched = newBitset(len(ix.docs))
		for i := range ix.docs {
			matched.set(uint32(i))
		}
	case tsq == nil: // only stop words: nothing matches, as in SQL
		matched = newBitset(len(ix.docs))
	default:
		if matched, ok = ix.match(tsq); !ok {
			return res, nil, false
		}
	}

	// Team and location must be ones an open role has, as in SQL.
	team, teamOK := ix.teamNum[q.Team]
	city, cityOK := ix.cityNum[q.Location]
	teamSeen, citySeen := false, false
	for i := range ix.docs {
		d := &ix.docs[i]
		if !open(d) {
			continue
		}
		res.AnyOpen = true
		if teamOK && d.team == team {
			teamSeen = true
		}
		if cityOK && !citySeen && slices.Contains(ix.places[d.placeOff:d.placeOff+uint32(d.placeN)], city) {
			citySeen = true
		}
		if (q.Team == "" || teamSeen) && (q.Location == "" || citySeen) {
			break
		}
	}
	if !teamSeen {
		res.Query.Team = ""
	}
	if !citySeen {
		res.Query.Location = ""
	}
	q = res.Query
	wantArea, _ := indexOf(roles.Areas, q.Area)
	wantDegree, _ := indexOf(roles.Degrees, q.Degree)
	wantMode, _ := indexOf(roles.WorkModes, q.Mode)

	// Pay narrows the matches themselves, as in SQL: it has no facet.
	wantPay := roles.PayKeyAtLeast(q.MinPay)
	counts := map[string]map[string]int{"area": {}, "team": {}, "location": {}, "degree": {}, "mode": {}}
	areaN, degreeN, modeN := [3]int{}, [3]int{}, [3]int{}
	teamN := make([]int, len(ix.teams))
	cityN := make([]int, len(ix.cities))
	var hits []uint32
	matched.each(func(n uint32) {
		d := &ix.docs[n]
		if !open(d) || (q.MinPay > 0 && d.payKey < wantPay) {
			return
		}
		places := ix.places[d.placeOff : d.placeOff+uint32(d.placeN)]
		okArea := q.Area == "" || (d.areaOK && d.area == wantArea)
		okTeam := q.Team == "" || d.team == team
		okPlace := q.Location == "" || slices.Contains(places, city)
		okDegree := q.Degree == "" || d.degrees&(1<<wantDegree) != 0
		okMode := q.Mode == "" || (d.modeOK && d.mode == wantMode)
		if okTeam && okPlace && okDegree && okMode && d.areaOK {
			areaN[d.area]++
		}
		if okArea && okPlace && okDegree && okMode {
			teamN[d.team]++
		}
		if okArea && okTeam && okDegree && okMode {
			for _, p := range places {
				cityN[p]++
			}
		}
		if okArea && okTeam && okPlace && okMode {
			for i := range roles.Degrees {
				if d.degrees&(1<<i) != 0 {
					degreeN[i]++
				}
			}
		}
		if okArea && okTeam && okPlace && okDegree && d.modeOK {
			modeN[d.mode]++
		}
		if okArea && okTeam && okPlace && okDegree && okMode {
			hits = append(hits, n)
		}
	})
	for i, a := range roles.Areas {
		if areaN[i] > 0 {
			counts["area"][string(a)] = areaN[i]
		}
	}
	for i, d := range roles.Degrees {
		if degreeN[i] > 0 {
			counts["degree"][string(d)] = degreeN[i]
		}
	}
	for i, m := range roles.WorkModes {
		if modeN[i] > 0 {
			counts["mode"][string(m)] = modeN[i]
		}
	}
	for i, c := range teamN {
		if c > 0 {
			counts["team"][ix.teams[i]] = c
		}
	}
	for i, c := range cityN {
		if c > 0 {
			counts["location"][ix.cities[i]] = c
		}
	}
	res.Total = len(hits)
	res.Facets = roles.BuildFacets(counts, q)
	res.Pages = max(1, (res.Total+roles.PageSize-1)/roles.PageSize)
	res.Query.Page = min(max(q.Page, 1), res.Pages)

	// Rank: the sum over the query's words of their best weight in the
	// role, then newest, then id.
	var score []uint32
	if q.Sort == roles.SortRelevance && tsq != nil {
		sp := scratch.Get().(*[]uint32)
		defer scratch.Put(sp)
		if cap(*sp) < len(ix.docs) {
			*sp = make([]uint32, len(ix.docs))
		}
		score = (*sp)[:len(ix.docs)]
		clear(score)
		for _, lex := range rankWords(tsq) {
			for _, p := range ix.postingsOf(lex) {
				score[p>>2] += roles.RankWeight[p&3]
			}
		}
	}
	less := func(a, b uint32) int {
		da, db := &ix.docs[a], &ix.docs[b]
		switch q.Sort {
		case roles.SortTitle:
			return cmp.Or(cmp.Compare(da.title, db.title), cmp.Compare(da.id, db.id))
		case roles.SortPay:
			if c := cmp.Compare(db.payKey, da.payKey); c != 0 {
				return c
			}
		case roles.SortRelevance:
			if score != nil {
				if c := cmp.Compare(score[b], score[a]); c != 0 {
					return c
				}
			}
		}
		return cmp.Or(cmp.Compare(db.opens, da.opens), cmp.Compare(db.id, da.id))
	}
	end := min(res.Query.Page*roles.PageSize, len(hits))
	start := min((res.Query.Page-1)*roles.PageSize, end)
	top := topK(hits, end, less)
	for _, n := range top[start:end] {
		ids = append(ids, ix.docs[n].id)
	}
	return res, ids, true
}

// topK returns the k least elements of list in order (list is reordered):
// a full sort only when k is a large part of the list.
func topK(list []uint32, k int, less func(a, b uint32) int) []uint32 {
	if k >= len(list)/4 {
		slices.SortFunc(list, less)
		return list[:k]
	}
	// Keep the k best in a sorted window; most elements lose to its worst
	// at the first comparison.
	best := slices.Clone(list[:k])
	slices.SortFunc(best, less)
	for _, x := range list[k:] {
		if k == 0 || less(x, best[k-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, x, less)
		copy(best[i+1:], best[i:k-1])
		best[i] = x
	}
	return best
}

// Search answers q at now from ix: PostgreSQL prints the text's query
// (s.PrintQuery), the index matches, counts and ranks, and s loads the
// page's roles. ok is false when the query's form is one the index does
// not evaluate (a phrase).
func (ix *Index) Search(ctx context.Context, s *roles.Store, q roles.Query, now time.Time) (roles.Result, bool, error) {
	var tsq *tsquery
	if q.Text != "" {
		printed, err := s.PrintQuery(ctx, q.Text)
		if err != nil {
			return roles.Result{}, false, err
		}
		tsq, err = parseTSQuery(printed)
		if errors.Is(err, errUnsupportedQuery) {
			return roles.Result{}, false, nil
		}
		if err != nil {
			return roles.Result{}, false, err
		}
	}
	res, ids, ok := ix.search(q, tsq, q.Text != "", now)
	if !ok {
		return roles.Result{}, false, nil
	}
	page, err := s.ByIDs(ctx, ids)
	if err != nil {
		return res, false, fmt.Errorf("search results: %w", err)
	}
	res.Roles = page
	res.Indexed = true
	return res, true, nil
}

// rankWords lists the words of q that rank, sorted, each once: every
// lexeme not under an odd number of negations.
func rankWords(q *tsquery) []string {
	return slices.Compact(slices.Sorted(slices.Values(q.lexemes(nil, false))))
}

// RankWords lists the words of a printed query (roles.Store.PrintQuery)
// that rank, as the index ranks by them; the search statement picks the
// same words in SQL (TestRankWordsAgree).
func RankWords(printed string) ([]string, error) {
	q, err := parseTSQuery(printed)
	if err != nil || q == nil {
		return []string{}, err
	}
	return rankWords(q), nil
}
