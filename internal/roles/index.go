package roles

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Index is an in-memory copy of what the search reads of the open roles:
// their filters and the lexemes of their search vectors. PostgreSQL still
// turns the typed text into lexemes (websearch_to_tsquery), and still
// returns the page of roles shown; the index does the part whose cost
// grows with the number of matches, counting every facet and ranking,
// in microseconds per match instead of a heap visit per match.
type Index struct {
	docs    []doc
	places  []uint32 // doc.placeOff..+placeN index into this
	teams   []string // interned names, by number
	cities  []string
	teamNum map[string]uint32
	cityNum map[string]uint32
	// lexemes numbers each lexeme; postings[n] lists, for lexeme n, the
	// documents holding it as doc<<2 | best weight (3 = A ... 0 = D).
	lexemes  map[string]int32
	postings [][]uint32
}

// postingsOf lists the documents holding lexeme.
func (ix *Index) postingsOf(lexeme string) []uint32 {
	if n, ok := ix.lexemes[lexeme]; ok {
		return ix.postings[n]
	}
	return nil
}

type doc struct {
	id             int64
	opens, closes  int64 // Unix microseconds, as PostgreSQL keeps them; closes 0 when open-ended
	title          string
	team           uint32
	placeOff       uint32
	placeN         uint8
	area, mode     uint8
	degrees        uint8 // bit per Degrees entry
	areaOK, modeOK bool  // area and mode are known values
}

// rankWeight scores a word by where it appears at best: D (the summary),
// C (a place), B (team or area), A (the title). Whole numbers, so sums
// compare exactly, as the same sums do in SQL.
var rankWeight = [4]uint32{1, 2, 4, 10}

// maxIndexDocs bounds the roles one Index holds, so that doc numbers
// shifted left by two (postings keep the weight in the low bits) and the
// places of every doc (at most 255 each) fit in a uint32.
const maxIndexDocs = 1 << 24

// BuildIndex reads every open role.
func BuildIndex(ctx context.Context, pool *pgxpool.Pool) (*Index, error) {
	rows, err := pool.Query(ctx, `
		SELECT id, area, team, locations, degree_levels, work_mode, opens_at, closes_at, lower(title), search::text
		FROM roles WHERE status = 'open' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	ix := &Index{teamNum: map[string]uint32{}, cityNum: map[string]uint32{}, lexemes: map[string]int32{}}
	var (
		id                     int64
		area, team, mode, tsv  string
		title                  string
		locations, degreeNames []string
		opens                  time.Time
		closes                 *time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &area, &team, &locations, &degreeNames, &mode, &opens, &closes, &title, &tsv}, func() error {
		if len(ix.docs) >= maxIndexDocs {
			return fmt.Errorf("more than %d open roles", maxIndexDocs)
		}
		n := uint32(len(ix.docs)) //nolint:gosec // G115: below maxIndexDocs, checked just above
		d := doc{id: id, opens: opens.UnixMicro(), title: title, team: intern(&ix.teams, ix.teamNum, team)}
		if closes != nil {
			d.closes = closes.UnixMicro()
		}
		d.area, d.areaOK = indexOf(Areas, Area(area))
		d.mode, d.modeOK = indexOf(WorkModes, WorkMode(mode))
		for _, name := range degreeNames {
			if i, ok := indexOf(Degrees, Degree(name)); ok {
				d.degrees |= 1 << i
			}
		}
		d.placeOff, d.placeN = uint32(len(ix.places)), uint8(min(len(locations), 255)) //nolint:gosec // G115: at most 255 places for each of maxIndexDocs docs
		for _, l := range locations[:d.placeN] {
			ix.places = append(ix.places, intern(&ix.cities, ix.cityNum, l))
		}
		ix.docs = append(ix.docs, d)
		return parseTSVector(tsv, func(lexeme []byte, weight uint8) {
			slot, ok := ix.lexemes[string(lexeme)] // a lookup: no copy of the bytes
			if !ok {
				slot = int32(len(ix.postings)) //nolint:gosec // G115: 2^31 distinct words would exhaust memory long before
				ix.lexemes[string(lexeme)] = slot
				ix.postings = append(ix.postings, nil)
			}
			ix.postings[slot] = append(ix.postings[slot], n<<2|uint32(weight))
		})
	})
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	ix.compact()
	return ix, nil
}

// compact moves every postings list into one exactly sized block: lists
// grown by append hold up to twice their length, and with a hundred
// thousand roles that slack is tens of megabytes.
func (ix *Index) compact() {
	total := 0
	for _, p := range ix.postings {
		total += len(p)
	}
	block := make([]uint32, 0, total)
	for i, p := range ix.postings {
		start := len(block)
		block = append(block, p...)
		ix.postings[i] = block[start:len(block):len(block)]
	}
	ix.places = slices.Clip(ix.places)
	ix.docs = slices.Clip(ix.docs)
}

func intern(list *[]string, nums map[string]uint32, s string) uint32 {
	if n, ok := nums[s]; ok {
		return n
	}
	n := uint32(len(*list)) //nolint:gosec // G115: teams and cities are fewer than the places, which fit (maxIndexDocs)
	*list = append(*list, s)
	nums[s] = n
	return n
}

func indexOf[T comparable](list []T, v T) (uint8, bool) {
	i := slices.Index(list, v)
	return uint8(max(i, 0)), i >= 0 //nolint:gosec // G115: the lists are the few Areas, WorkModes and Degrees
}

// parseTSVector reads PostgreSQL's text form of a tsvector, such as
// 'data':5A,12 'intern':4A, calling fn with each lexeme and the best
// weight class among its positions (A = 3 ... D = 0; no letter is D).
func parseTSVector(s string, fn func(lexeme []byte, weight uint8)) error {
	buf := make([]byte, 0, 32)
	for i := 0; i < len(s); {
		if s[i] == ' ' {
			i++
			continue
		}
		if s[i] != '\'' {
			return fmt.Errorf("tsvector: unexpected %q at %d", s[i], i)
		}
		buf = buf[:0]
		for i++; ; i++ {
			if i >= len(s) {
				return fmt.Errorf("tsvector: unterminated lexeme")
			}
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					buf = append(buf, '\'')
					i++
					continue
				}
				i++
				break
			}
			if s[i] == '\\' && i+1 < len(s) {
				i++
			}
			buf = append(buf, s[i])
		}
		weight := uint8(0)
		if i < len(s) && s[i] == ':' {
			for i++; i < len(s) && s[i] != ' '; i++ {
				if c := s[i]; c >= 'A' && c <= 'D' {
					weight = max(weight, 'D'-c)
				}
			}
		}
		fn(buf, weight)
	}
	return nil
}

// bitset is a set of document numbers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i uint32) { b[i/64] |= 1 << (i % 64) }

func (b bitset) each(fn func(uint32)) {
	for w, word := range b {
		for word != 0 {
			fn(uint32(w*64 + bits.TrailingZeros64(word))) //nolint:gosec // G115: bit numbers are doc numbers, below maxIndexDocs
			word &= word - 1
		}
	}
}

// match evaluates q over every document, or reports that q holds an
// operator the index does not evaluate (phrases: it keeps no positions).
func (ix *Index) match(q *tsquery) (bitset, bool) {
	n := len(ix.docs)
	switch q.op {
	case 'l':
		b := newBitset(n)
		for _, p := range ix.postingsOf(q.lexeme) {
			b.set(p >> 2)
		}
		return b, true
	case '!':
		b, ok := ix.match(q.left)
		if !ok {
			return nil, false
		}
		for i := range b {
			b[i] = ^b[i]
		}
		if r := n % 64; r != 0 {
			b[len(b)-1] &= 1<<r - 1
		}
		return b, true
	case '&', '|':
		l, ok := ix.match(q.left)
		if !ok {
			return nil, false
		}
		r, ok := ix.match(q.right)
		if !ok {
			return nil, false
		}
		for i := range l {
			if q.op == '&' {
				l[i] &= r[i]
			} else {
				l[i] |= r[i]
			}
		}
		return l, true
	}
	return nil, false
}

// scratch holds per-search buffers, reused between searches.
var scratch = sync.Pool{New: func() any { return new([]uint32) }}

// search answers q at now like Store.searchSQL does, returning the ids
// of the page's roles in order. ok is false when the query's form is one
// the index does not evaluate.
func (ix *Index) search(q Query, tsq *tsquery, hasText bool, now time.Time) (res Result, ids []int64, ok bool) {
	nowMicro := now.UnixMicro()
	open := func(d *doc) bool { return d.closes == 0 || d.closes > nowMicro }
	res = Result{Query: q}

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
	wantArea, _ := indexOf(Areas, q.Area)
	wantDegree, _ := indexOf(Degrees, q.Degree)
	wantMode, _ := indexOf(WorkModes, q.Mode)

	counts := map[string]map[string]int{"area": {}, "team": {}, "location": {}, "degree": {}, "mode": {}}
	areaN, degreeN, modeN := [3]int{}, [3]int{}, [3]int{}
	teamN := make([]int, len(ix.teams))
	cityN := make([]int, len(ix.cities))
	var hits []uint32
	matched.each(func(n uint32) {
		d := &ix.docs[n]
		if !open(d) {
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
			for i := range Degrees {
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
	for i, a := range Areas {
		if areaN[i] > 0 {
			counts["area"][string(a)] = areaN[i]
		}
	}
	for i, d := range Degrees {
		if degreeN[i] > 0 {
			counts["degree"][string(d)] = degreeN[i]
		}
	}
	for i, m := range WorkModes {
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
	res.Facets = buildFacets(counts, q)
	res.Pages = max(1, (res.Total+PageSize-1)/PageSize)
	res.Query.Page = min(max(q.Page, 1), res.Pages)

	// Rank: the sum over the query's words of their best weight in the
	// role, then newest, then id.
	var score []uint32
	if q.Sort == SortRelevance && tsq != nil {
		sp := scratch.Get().(*[]uint32)
		defer scratch.Put(sp)
		if cap(*sp) < len(ix.docs) {
			*sp = make([]uint32, len(ix.docs))
		}
		score = (*sp)[:len(ix.docs)]
		clear(score)
		for _, lex := range slices.Compact(slices.Sorted(slices.Values(tsq.lexemes(nil, false)))) {
			for _, p := range ix.postingsOf(lex) {
				score[p>>2] += rankWeight[p&3]
			}
		}
	}
	less := func(a, b uint32) int {
		da, db := &ix.docs[a], &ix.docs[b]
		switch q.Sort {
		case SortTitle:
			return cmp.Or(cmp.Compare(da.title, db.title), cmp.Compare(da.id, db.id))
		case SortRelevance:
			if score != nil {
				if c := cmp.Compare(score[b], score[a]); c != 0 {
					return c
				}
			}
		}
		return cmp.Or(cmp.Compare(db.opens, da.opens), cmp.Compare(db.id, da.id))
	}
	end := min(res.Query.Page*PageSize, len(hits))
	start := min((res.Query.Page-1)*PageSize, end)
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

// IndexKeeper keeps an Index of the open roles in step with the table:
// told of every change (Changed) by the roles notification listener, it
// rebuilds in the background, and until the rebuild holds everything
// heard so far, Current returns nil and the search runs in SQL. So the
// index is only as late as the notifications (milliseconds), and while
// the listener is down it is not used at all.
type IndexKeeper struct {
	pool   *pgxpool.Pool
	logger *slog.Logger
	// Debounce gathers a burst of changes into one rebuild.
	Debounce time.Duration

	mu    sync.Mutex
	cur   *Index
	gen   uint64 // changes heard
	built uint64 // the generation cur holds
	live  bool
	kick  chan struct{}

	rebuilds atomic.Uint64
}

// NewIndexKeeper returns a keeper with no index yet; Run builds it.
func NewIndexKeeper(pool *pgxpool.Pool, logger *slog.Logger) *IndexKeeper {
	return &IndexKeeper{pool: pool, logger: logger, Debounce: 200 * time.Millisecond, kick: make(chan struct{}, 1)}
}

// Current is the index if it holds every change heard, else nil.
func (k *IndexKeeper) Current() *Index {
	if k == nil {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.live || k.built != k.gen {
		return nil
	}
	return k.cur
}

// Changed records that roles changed: the index is stale until rebuilt.
func (k *IndexKeeper) Changed() {
	k.mu.Lock()
	k.gen++
	k.mu.Unlock()
	k.kickRebuild()
}

func (k *IndexKeeper) kickRebuild() {
	select {
	case k.kick <- struct{}{}:
	default:
	}
}

// SetLive says whether changes are being heard. Coming live, the index
// is rebuilt: changes made while nobody listened were missed.
func (k *IndexKeeper) SetLive(live bool) {
	k.mu.Lock()
	k.live = live
	if live {
		k.gen++ // in the same critical section: the old index is never offered
	}
	k.mu.Unlock()
	if live {
		k.kickRebuild()
	}
}

// Rebuilds counts completed builds, for tests and metrics.
func (k *IndexKeeper) Rebuilds() uint64 { return k.rebuilds.Load() }

// Run rebuilds after each burst of changes until ctx ends.
func (k *IndexKeeper) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-k.kick:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(k.Debounce):
		}
		k.mu.Lock()
		gen := k.gen
		k.mu.Unlock()
		start := time.Now()
		ix, err := BuildIndex(ctx, k.pool)
		if err != nil {
			if ctx.Err() == nil {
				k.logger.Warn("search index rebuild failed; searches run in SQL meanwhile", "err", err)
				time.AfterFunc(time.Second, func() { k.Changed() })
			}
			continue
		}
		k.mu.Lock()
		k.cur, k.built = ix, gen
		k.mu.Unlock()
		k.rebuilds.Add(1)
		k.logger.Debug("search index rebuilt", "roles", len(ix.docs), "took", time.Since(start))
	}
}
