package selfid

// MinCount is the smallest count a report shows: any count from 1 to
// MinCount-1 is withheld, and so is whatever would let it be worked out.
const MinCount = 5

// small reports whether n must not be shown.
func small(n int) bool { return n > 0 && n < MinCount }

// hideRows decides which roles of a season are withheld whole, from the
// number of people who answered per role (n) alone. Every question's
// table has the same per-role totals, so this decision must not depend
// on a question: a total withheld in one table and shown in another
// would give it away. A role under MinCount is withheld; if it is the
// only one, the season's total (shown) minus the other roles would give
// it back, so the smallest other role is withheld with it. Then only
// the sum of the two is known, never either.
func hideRows(n []int) []bool {
	hidden := make([]bool, len(n))
	count := 0
	for r, v := range n {
		if small(v) {
			hidden[r] = true
			count++
		}
	}
	if count == 1 {
		best := -1
		for r, v := range n {
			if !hidden[r] && (best < 0 || v < n[best]) {
				best = r
			}
		}
		if best >= 0 {
			hidden[best] = true
		}
	}
	return hidden
}

// line is one sum in a table that a reader can check: its members add
// up to a total. The total is either a member that may be withheld
// (a column's season total) or a figure shown outside the table (a
// role's or the season's number of answers: total < 0).
type line struct {
	members []int
	total   int // index of the member holding the total, or -1
}

// protect withholds the cells of one question's table (v[role][answer])
// so that no count from 1 to 4 can be read or worked out from a single
// row or column. Rows hidden by hideRows are withheld whole; their
// totals, and the season's, are shown. It returns, for each cell and
// each of the season's per-answer totals, whether it is withheld.
//
// The method is the usual one for published tables: withhold every
// small count (primary suppression), then, in every row and column,
// wherever exactly one cell is withheld, or the withheld cells of a
// line with a shown total add up to 1 to 4, withhold the smallest other
// cell too (complementary suppression), and repeat until nothing
// changes. Withheld cells all read the same on the page, whether small
// or withheld for their neighbours' sake, so a reader cannot tell which
// one is small. It checks each row and column on its own, not every
// combination of several; with a season's few roles and these four
// short tables that is the protection statistical offices apply to
// tables of this kind.
func protect(v [][]int, hidden []bool) (cells [][]bool, totals []bool) {
	rows := len(v)
	if rows == 0 {
		return nil, nil
	}
	cols := len(v[0])
	val := make([]int, rows*cols+cols)
	sup := make([]bool, len(val))
	fixed := make([]bool, len(val)) // withheld by hideRows: never a candidate
	cell := func(r, k int) int { return r*cols + k }
	total := func(k int) int { return rows*cols + k }
	for r, row := range v {
		for k, x := range row {
			i := cell(r, k)
			val[i] = x
			val[total(k)] += x
			sup[i] = hidden[r] || small(x)
			fixed[i] = hidden[r]
		}
	}
	for k := range cols {
		sup[total(k)] = small(val[total(k)])
	}

	var lines []line
	for r, h := range hidden {
		if h {
			continue // withheld whole, its total too
		}
		l := line{total: -1}
		for k := range cols {
			l.members = append(l.members, cell(r, k))
		}
		lines = append(lines, l)
	}
	for k := range cols {
		l := line{total: total(k)}
		for r := range rows {
			l.members = append(l.members, cell(r, k))
		}
		l.members = append(l.members, total(k))
		lines = append(lines, l)
	}
	season := line{total: -1}
	for k := range cols {
		season.members = append(season.members, total(k))
	}
	lines = append(lines, season)

	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			if exposed(l, val, sup) && withholdOne(l, val, sup, fixed) {
				changed = true
			}
		}
	}

	cells = make([][]bool, rows)
	for r := range rows {
		cells[r] = make([]bool, cols)
		for k := range cols {
			cells[r][k] = sup[cell(r, k)]
		}
	}
	totals = make([]bool, cols)
	for k := range cols {
		totals[k] = sup[total(k)]
	}
	return cells, totals
}

// exposed reports whether line l gives a withheld count away: one
// withheld member alone is its total minus the others; several withheld
// under a shown total are known as a sum, which must not be small.
func exposed(l line, val []int, sup []bool) bool {
	withheld, sum := 0, 0
	totalShown := l.total < 0 || !sup[l.total]
	for _, i := range l.members {
		if !sup[i] {
			continue
		}
		withheld++
		if i != l.total {
			sum += val[i]
		}
	}
	return withheld == 1 || (withheld > 1 && totalShown && small(sum))
}

// withholdOne withholds the smallest shown member of l, preferring a
// count above zero (hiding a zero protects as well, but says less), and
// reports whether there was one.
func withholdOne(l line, val []int, sup, fixed []bool) bool {
	best := -1
	for _, i := range l.members {
		if sup[i] || fixed[i] {
			continue
		}
		if best < 0 || (val[i] > 0 && (val[best] == 0 || val[i] < val[best])) {
			best = i
		}
	}
	if best < 0 {
		return false
	}
	sup[best] = true
	return true
}
