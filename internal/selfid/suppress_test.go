package selfid

import (
	"math/rand/v2"
	"testing"
)

func TestProtectShowsLargeCounts(t *testing.T) {
	cells, totals := protect([][]int{{5, 7, 0}, {9, 6, 12}}, []bool{false, false})
	for r := range cells {
		for k, w := range cells[r] {
			if w {
				t.Errorf("cell %d,%d withheld", r, k)
			}
		}
	}
	for k, w := range totals {
		if w {
			t.Errorf("total %d withheld", k)
		}
	}
}

func TestProtectWithholdsASecondCell(t *testing.T) {
	// Role 0: 3 of one answer and 9 of another; role 1 has 8 and 7.
	v := [][]int{{3, 9}, {8, 7}}
	cells, totals := protect(v, []bool{false, false})
	if !cells[0][0] {
		t.Fatal("the 3 is shown")
	}
	// Role 0 answered 12 (shown): the 9 must go too, or 12 - 9 = 3.
	if !cells[0][1] {
		t.Error("the 3 can be worked out from its row")
	}
	// The column: 3 + 8 = 11 shown as the season's total: one more.
	if !cells[1][0] && !totals[0] {
		t.Error("the 3 can be worked out from its column")
	}
}

// TestProtectNeverGivesACountAway checks, over many random seasons,
// that no count from 1 to 4 is shown, and that no row or column gives a
// withheld one away: never exactly one withheld, and the withheld under
// a shown total never add up to 1..4.
func TestProtectNeverGivesACountAway(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		rows, cols := 1+rng.IntN(5), 2+rng.IntN(7)
		v := make([][]int, rows)
		n := make([]int, rows)
		for r := range v {
			v[r] = make([]int, cols)
			for k := range v[r] {
				if rng.IntN(3) > 0 {
					v[r][k] = rng.IntN(12)
				}
			}
			for _, x := range v[r] {
				n[r] += x
			}
		}
		all := 0
		for _, x := range n {
			all += x
		}
		if all < MinCount {
			continue // Report withholds the whole season
		}
		hidden := hideRows(n)
		cells, totals := protect(v, hidden)
		colSum := make([]int, cols)
		for r := range v {
			for k := range v[r] {
				colSum[k] += v[r][k]
				if small(v[r][k]) && !cells[r][k] {
					t.Fatalf("%v: cell %d,%d shown", v, r, k)
				}
			}
		}
		check := func(what string, vals []int, withheld []bool, totalShown bool) {
			count, sum := 0, 0
			for i := range vals {
				if withheld[i] {
					count++
					sum += vals[i]
				}
			}
			if count == 1 && totalShown {
				t.Fatalf("%v hidden %v: %s has one withheld cell", v, hidden, what)
			}
			if count > 1 && totalShown && small(sum) {
				t.Fatalf("%v hidden %v: %s withholds a sum of %d", v, hidden, what, sum)
			}
		}
		for r := range v {
			if !hidden[r] {
				check("a row", v[r], cells[r], true)
			}
		}
		for k := range cols {
			vals, withheld := []int{}, []bool{}
			for r := range v {
				vals, withheld = append(vals, v[r][k]), append(withheld, cells[r][k])
			}
			if small(colSum[k]) && !totals[k] {
				t.Fatalf("%v: season total %d shown", v, k)
			}
			check("a column", vals, withheld, !totals[k])
			if totals[k] {
				// With its total withheld, the column's withheld cells
				// and total must be two at least.
				count := 1
				for _, w := range withheld {
					if w {
						count++
					}
				}
				if count == 1 {
					t.Fatalf("%v: column %d", v, k)
				}
			}
		}
		check("the season's totals", colSum, totals, true)
	}
}

func TestHideRows(t *testing.T) {
	for _, c := range []struct {
		n    []int
		want []bool
	}{
		{[]int{7, 9}, []bool{false, false}},
		{[]int{3, 9, 6}, []bool{true, false, true}}, // the 3 alone would be the total minus 15
		{[]int{3, 2, 9}, []bool{true, true, false}},
		{[]int{4}, []bool{true}},
	} {
		got := hideRows(c.n)
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("hideRows(%v) = %v, want %v", c.n, got, c.want)
				break
			}
		}
	}
}

func TestReportWithholdsSmallSeasons(t *testing.T) {
	counts := []Count{}
	add := func(season string, role int64, gender, race, veteran, disability string, n int) {
		for _, qa := range [][2]string{{Gender, gender}, {Race, race}, {Veteran, veteran}, {Disability, disability}} {
			counts = append(counts, Count{Season: season, RoleID: role, RoleTitle: "Role", Question: qa[0], Answer: qa[1], N: n})
		}
	}
	add("Summer 2028", 1, "female", "asian", "not_protected", "no", 4)
	add("Summer 2027", 2, "female", "white", "not_protected", "no", 6)
	add("Summer 2027", 2, "male", "white", Decline, "yes", 1)
	rep := Report(counts)
	if len(rep) != 2 || rep[0].Season != "Summer 2028" || !rep[0].Withheld || len(rep[0].Tables) != 0 {
		t.Fatalf("small season: %+v", rep[0])
	}
	s := rep[1]
	if s.Withheld || s.Total != 7 || s.Answered[0] != (Cell{N: 7}) {
		t.Fatalf("season: %+v", s)
	}
	gender := s.Tables[0]
	// Female 6, male 1: the 1 is withheld, and so is the 6 beside it
	// (7 answered is shown).
	if !gender.Rows[0][0].Withheld || !gender.Rows[0][1].Withheld || gender.Rows[0][3] != (Cell{N: 0}) {
		t.Errorf("gender row: %+v", gender.Rows[0])
	}
	for _, tb := range s.Tables {
		for _, c := range append(append([]Cell{}, tb.Rows[0]...), tb.Totals...) {
			if !c.Withheld && small(c.N) {
				t.Errorf("%s shows %d", tb.Question.Key, c.N)
			}
		}
	}
}
