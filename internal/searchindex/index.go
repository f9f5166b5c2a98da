// Package searchindex keeps an in-memory index of the open roles'
// filters and search words, and answers role searches from it: the
// facet counts and the ranking over every match, the part whose cost in
// SQL grows with the number of matches. It is a roles.Engine: SQL
// (roles.Store.SearchSQL) stays the reference, every answer must equal
// it (TestIndexAgreesWithSQL), and whatever the index cannot answer (a
// phrase, a moment when it is behind a change) goes to SQL. It reads the
// roles through roles.Store and holds no SQL of its own.
package searchindex

import (
	"context"
	"fmt"
	"math/bits"
	"slices"

	"example.com/careers/internal/roles"
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
	payKey         int64 // roles.Searchable.PayKey; -1 without one, below every key
	title          string
	team           uint32
	placeOff       uint32
	placeN         uint8
	area, mode     uint8
	degrees        uint8 // bit per roles.Degrees entry
	areaOK, modeOK bool  // area and mode are known values
}

// maxIndexDocs bounds the roles one Index holds, so that doc numbers
// shifted left by two (postings keep the weight in the low bits) and the
// places of every doc (at most 255 each) fit in a uint32.
const maxIndexDocs = 1 << 24

// Build reads every open role from s.
func Build(ctx context.Context, s *roles.Store) (*Index, error) {
	ix := &Index{teamNum: map[string]uint32{}, cityNum: map[string]uint32{}, lexemes: map[string]int32{}}
	err := s.EachSearchable(ctx, func(r roles.Searchable) error {
		if len(ix.docs) >= maxIndexDocs {
			return fmt.Errorf("more than %d open roles", maxIndexDocs)
		}
		n := uint32(len(ix.docs)) //nolint:gosec // G115: below maxIndexDocs, checked just above
		d := doc{id: r.ID, opens: r.OpensAt.UnixMicro(), title: r.LowerTitle, team: intern(&ix.teams, ix.teamNum, r.Team)}
		if r.ClosesAt != nil {
			d.closes = r.ClosesAt.UnixMicro()
		}
		d.payKey = -1
		if r.PayKey != nil {
			d.payKey = *r.PayKey
		}
		d.area, d.areaOK = indexOf(roles.Areas, roles.Area(r.Area))
		d.mode, d.modeOK = indexOf(roles.WorkModes, roles.WorkMode(r.WorkMode))
		for _, name := range r.Degrees {
			if i, ok := indexOf(roles.Degrees, roles.Degree(name)); ok {
				d.degrees |= 1 << i
			}
		}
		d.placeOff, d.placeN = uint32(len(ix.places)), uint8(min(len(r.Locations), 255)) //nolint:gosec // G115: at most 255 places for each of maxIndexDocs docs
		for _, l := range r.Locations[:d.placeN] {
			ix.places = append(ix.places, intern(&ix.cities, ix.cityNum, l))
		}
		ix.docs = append(ix.docs, d)
		return parseTSVector(r.Vector, func(lexeme []byte, weight uint8) {
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
	return uint8(max(i, 0)), i >= 0 //nolint:gosec // G115: the lists are the few roles.Areas, roles.WorkModes and roles.Degrees
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
