package roles

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// RankWordsSQL returns the words of text that rank as the search
// statement finds them in SQL, each as PostgreSQL prints it.
func (s *Store) RankWordsSQL(ctx context.Context, text string) ([]string, error) {
	rows, err := s.pool.Query(ctx, `WITH `+rankLexemesCTE+` SELECT q::text FROM lex, unnest(qd) AS q`, text)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
