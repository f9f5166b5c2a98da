package roles

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/text"
)

// Translation is a role's title and description in a language other
// than English, as its recruiter wrote them beside the English ones.
type Translation struct {
	Lang        string `db:"language"`
	Title       string `db:"title"`
	Description string `db:"description"`
}

// TranslationInput is one language's title and description as typed in
// the role form; both empty for none.
type TranslationInput struct {
	Lang, Title, Description string
}

// validateTranslations checks in.Translations into c: both fields or
// neither, within the English fields' limits. A problem is keyed by
// "title_<lang>".
func (in *Input) validateTranslations(c *checked, errs map[string]string) {
	for i, t := range in.Translations {
		ct := Translation{Lang: t.Lang, Title: text.Line(t.Title, 300), Description: text.Block(t.Description, 25000)}
		in.Translations[i].Title, in.Translations[i].Description = ct.Title, ct.Description
		switch {
		case (ct.Title == "") != (ct.Description == ""):
			errs["title_"+t.Lang] = "Write both the title and the description in this language, or leave both empty to show the English ones."
		case text.Runes(ct.Title) > 200:
			errs["title_"+t.Lang] = "Enter a title of at most 200 characters."
		case text.Runes(ct.Description) > 20000:
			errs["title_"+t.Lang] = "Write a description of at most 20,000 characters."
		}
		c.translations = append(c.translations, ct)
	}
}

// saveTranslations writes c's translations of role id: an empty one
// removes the language's. A trigger puts their words in the role's
// search vector (migration 00034).
func saveTranslations(ctx context.Context, tx pgx.Tx, id int64, ts []Translation) error {
	for _, t := range ts {
		var err error
		if t.Title == "" {
			_, err = tx.Exec(ctx, `DELETE FROM role_translations WHERE role_id = $1 AND language = $2`, id, t.Lang)
		} else {
			_, err = tx.Exec(ctx, `
				INSERT INTO role_translations (role_id, language, title, description) VALUES ($1, $2, $3, $4)
				ON CONFLICT (role_id, language) DO UPDATE SET title = $3, description = $4, updated_at = now()`,
				id, t.Lang, t.Title, t.Description)
		}
		if err != nil {
			return fmt.Errorf("save %s translation: %w", t.Lang, err)
		}
	}
	return nil
}

// Translations returns role id's translations by language.
func (s *Store) Translations(ctx context.Context, id int64) (map[string]Translation, error) {
	rows, err := s.pool.Query(ctx, `SELECT language, title, description FROM role_translations WHERE role_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("role translations: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Translation])
	if err != nil {
		return nil, fmt.Errorf("role translations: %w", err)
	}
	out := make(map[string]Translation, len(list))
	for _, t := range list {
		out[t.Lang] = t
	}
	return out, nil
}

// Translate puts each role's title and description in lang where its
// recruiter wrote them, in one query, and sets Lang on those; the others
// keep their English text (Lang ""). English asks nothing.
func (s *Store) Translate(ctx context.Context, lang string, rs []Role) error {
	if lang == "" || lang == "en" || len(rs) == 0 {
		return nil
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	rows, err := s.pool.Query(ctx, `
		SELECT role_id, title, description FROM role_translations WHERE language = $1 AND role_id = ANY ($2)`, lang, ids)
	if err != nil {
		return fmt.Errorf("translate roles: %w", err)
	}
	byID := map[int64]Translation{}
	var id int64
	var t Translation
	if _, err := pgx.ForEachRow(rows, []any{&id, &t.Title, &t.Description}, func() error {
		byID[id] = t
		return nil
	}); err != nil {
		return fmt.Errorf("translate roles: %w", err)
	}
	for i := range rs {
		if t, ok := byID[rs[i].ID]; ok {
			rs[i].Title, rs[i].Description, rs[i].Lang = t.Title, t.Description, lang
		}
	}
	return nil
}
