package roles

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// SearchBoth runs q in SQL and, with an index built now, in the index;
// indexed is false when the index declined the query (a phrase).
func (s *Store) SearchBoth(ctx context.Context, q Query, now time.Time) (sql, index Result, indexed bool, err error) {
	if sql, err = s.searchSQL(ctx, q, now); err != nil {
		return
	}
	ix, err := BuildIndex(ctx, s.pool)
	if err != nil {
		return
	}
	index, indexed, err = s.searchIndex(ctx, ix, q, now)
	return
}

var ParseTSQuery = parseTSQuery

func (q *tsquery) String() string {
	if q == nil {
		return "<nil>"
	}
	switch q.op {
	case 'l':
		return q.lexeme
	case '!':
		return "!" + q.left.String()
	case '<':
		return "(" + q.left.String() + " <" + strconv.Itoa(q.distance) + "> " + q.right.String() + ")"
	}
	return "(" + q.left.String() + " " + string(q.op) + " " + q.right.String() + ")"
}

// RankWords returns the words of text that rank: as the search statement
// finds them in SQL, and as the index's parser finds them (sorted, each
// once, as the index ranks by them).
func (s *Store) RankWords(ctx context.Context, text string) (inSQL, inIndex []string, err error) {
	rows, err := s.pool.Query(ctx, `WITH `+rankLexemesCTE+` SELECT q::text FROM lex, unnest(qd) AS q`, text)
	if err != nil {
		return nil, nil, err
	}
	printed, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, nil, err
	}
	for _, p := range printed {
		q, err := parseTSQuery(p)
		if err != nil || q == nil || q.op != 'l' {
			return nil, nil, fmt.Errorf("SQL found %q, not one word", p)
		}
		inSQL = append(inSQL, q.lexeme)
	}
	slices.Sort(inSQL)
	q, err := s.parseText(ctx, text)
	if err != nil {
		return nil, nil, err
	}
	return inSQL, slices.Compact(slices.Sorted(slices.Values(q.lexemes(nil, false)))), nil
}
