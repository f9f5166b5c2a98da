package selfid

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Count is how many applications of a role gave answer to question.
type Count struct {
	Season    string `db:"season"`
	RoleID    int64  `db:"role_id"`
	RoleTitle string `db:"role_title"`
	Question  string `db:"question"`
	Answer    string `db:"answer"`
	N         int    `db:"n"`
}

// Counts reads the raw counts per season, role, question and answer,
// seasons newest first (by name), roles by title. They are never shown
// as they are: Report withholds the small ones. Each application counts
// under its role now (after a match with another team, the new one).
func (s *Store) Counts(ctx context.Context) ([]Count, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT r.season, r.id AS role_id, r.title AS role_title, q.question, q.answer, count(*)::int AS n
		FROM self_identifications si
		JOIN applications a ON a.id = si.application_id
		JOIN roles r ON r.id = a.role_id
		CROSS JOIN LATERAL (VALUES ('gender', si.gender), ('race_ethnicity', si.race_ethnicity),
			('veteran_status', si.veteran_status), ('disability_status', si.disability_status)) AS q (question, answer)
		WHERE a.erased_at IS NULL
		GROUP BY r.season, r.id, r.title, q.question, q.answer
		ORDER BY r.season DESC, r.title, r.id`)
	if err != nil {
		return nil, fmt.Errorf("self-identification counts: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Count])
	if err != nil {
		return nil, fmt.Errorf("self-identification counts: %w", err)
	}
	return list, nil
}

// Cell is one figure of a report; a withheld one has no N.
type Cell struct {
	N        int
	Withheld bool
}

// RoleRef names a role in a report.
type RoleRef struct {
	ID    int64
	Title string
}

// Table is one question's counts in a season: a row per role, a column
// per answer, and the season's total per answer.
type Table struct {
	Question Question
	Rows     [][]Cell
	Totals   []Cell
}

// SeasonReport is what admins may see of one season.
type SeasonReport struct {
	Season string
	// Withheld: fewer than MinCount people answered in the whole season,
	// so nothing of it is shown.
	Withheld bool
	Roles    []RoleRef
	// Answered is how many answered, per role (withheld for small roles,
	// see hideRows), and Total in the season.
	Answered []Cell
	Total    int
	Tables   []Table
}

// Report turns counts (as Counts orders them) into what may be shown:
// per season, each question's table with every count under MinCount
// withheld, and whatever would give one away (see hideRows, protect).
func Report(counts []Count) []SeasonReport {
	var out []SeasonReport
	for len(counts) > 0 {
		end := 1
		for end < len(counts) && counts[end].Season == counts[0].Season {
			end++
		}
		out = append(out, seasonReport(counts[:end]))
		counts = counts[end:]
	}
	return out
}

func seasonReport(counts []Count) SeasonReport {
	rep := SeasonReport{Season: counts[0].Season}
	roleIndex := map[int64]int{}
	for _, c := range counts {
		if _, ok := roleIndex[c.RoleID]; !ok {
			roleIndex[c.RoleID] = len(rep.Roles)
			rep.Roles = append(rep.Roles, RoleRef{ID: c.RoleID, Title: c.RoleTitle})
		}
	}
	// v[question][role][answer]
	v := make([][][]int, len(Questions))
	for qi, q := range Questions {
		v[qi] = make([][]int, len(rep.Roles))
		for r := range rep.Roles {
			v[qi][r] = make([]int, len(q.Options))
		}
	}
	for _, c := range counts {
		for qi, q := range Questions {
			if q.Key != c.Question {
				continue
			}
			for k, o := range q.Options {
				if o.Value == c.Answer {
					v[qi][roleIndex[c.RoleID]][k] += c.N
				}
			}
		}
	}
	// Every stored row answers every question, so the first question's
	// row sums are the number who answered.
	n := make([]int, len(rep.Roles))
	for r := range rep.Roles {
		for _, x := range v[0][r] {
			n[r] += x
		}
		rep.Total += n[r]
	}
	if rep.Total < MinCount {
		return SeasonReport{Season: rep.Season, Withheld: true}
	}
	hidden := hideRows(n)
	for r := range rep.Roles {
		rep.Answered = append(rep.Answered, cellOf(n[r], hidden[r]))
	}
	for qi, q := range Questions {
		cells, totals := protect(v[qi], hidden)
		t := Table{Question: q, Rows: make([][]Cell, len(rep.Roles))}
		for r := range rep.Roles {
			for k := range q.Options {
				t.Rows[r] = append(t.Rows[r], cellOf(v[qi][r][k], cells[r][k]))
			}
		}
		for k := range q.Options {
			sum := 0
			for r := range rep.Roles {
				sum += v[qi][r][k]
			}
			t.Totals = append(t.Totals, cellOf(sum, totals[k]))
		}
		rep.Tables = append(rep.Tables, t)
	}
	return rep
}

// cellOf keeps n only when it may be shown.
func cellOf(n int, withheld bool) Cell {
	if withheld {
		return Cell{Withheld: true}
	}
	return Cell{N: n}
}
