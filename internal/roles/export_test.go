package roles

import (
	"context"
	"strconv"
	"time"
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
