package applications

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/sources"
	"example.com/careers/internal/text"
)

// AdminPageSize is how many applications a page of the admin list shows.
const AdminPageSize = 25

// Filter narrows the admin list; it lives in the URL like the public
// search does.
type Filter struct {
	RoleID     int64
	Stage      Stage
	Degree     roles.Degree
	University string
	Text       string // name or email
	// Source is a source's code (src=), exactly.
	Source string
	Sort   string // "newest", "oldest" or "name"
	Page   int
	// After and Before page a text search (which has no page numbers):
	// the page after, or before, the application with that id, in Sort.
	After, Before int64
}

// ParseFilter reads a Filter from URL parameters, dropping what is invalid.
func ParseFilter(v url.Values) Filter {
	f := Filter{
		University: text.Line(v.Get("university"), 200),
		Text:       text.Line(v.Get("q"), 200),
		Source:     sources.Clean(v.Get("source")),
		Sort:       "newest",
		Page:       1,
	}
	if id, err := strconv.ParseInt(v.Get("role"), 10, 64); err == nil && id > 0 {
		f.RoleID = id
	}
	if s := Stage(v.Get("stage")); s.Valid() {
		f.Stage = s
	}
	if d := roles.Degree(v.Get("degree")); d.Valid() {
		f.Degree = d
	}
	if s := v.Get("sort"); s == "oldest" || s == "name" {
		f.Sort = s
	}
	if p, err := strconv.Atoi(v.Get("page")); err == nil && p > 1 {
		f.Page = min(p, 1_000_000)
	}
	if id, err := strconv.ParseInt(v.Get("after"), 10, 64); err == nil && id > 0 {
		f.After = id
	} else if id, err := strconv.ParseInt(v.Get("before"), 10, 64); err == nil && id > 0 {
		f.Before = id
	}
	return f
}

// Values is the canonical URL form of f.
func (f Filter) Values() url.Values {
	v := url.Values{}
	if f.RoleID != 0 {
		v.Set("role", strconv.FormatInt(f.RoleID, 10))
	}
	for k, val := range map[string]string{"stage": string(f.Stage), "degree": string(f.Degree), "university": f.University, "q": f.Text, "source": f.Source} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if f.Sort != "newest" && f.Sort != "" {
		v.Set("sort", f.Sort)
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	if f.After != 0 {
		v.Set("after", strconv.FormatInt(f.After, 10))
	} else if f.Before != 0 {
		v.Set("before", strconv.FormatInt(f.Before, 10))
	}
	return v
}

// Row is an application in the admin list and the CSV export.
type Row struct {
	ID         int64     `db:"id"`
	RoleID     int64     `db:"role_id"`
	RoleTitle  string    `db:"role_title"`
	FullName   string    `db:"full_name"`
	Email      string    `db:"email"`
	Phone      string    `db:"phone"`
	University string    `db:"university"`
	Degree     string    `db:"degree_level"`
	Graduation time.Time `db:"graduation"`
	LinkedIn   string    `db:"linkedin_url"`
	GitHub     string    `db:"github_url"`
	Portfolio  string    `db:"portfolio_url"`
	Stage      Stage     `db:"stage"`
	Source     string    `db:"source"`
	CreatedAt  time.Time `db:"created_at"`
	Erased     bool      `db:"erased"`
}

// where is the filter as SQL: a constant fragment for each filter in
// use, joined, with the values as parameters $1, $2... Filters not in use
// leave no trace in the statement, so each combination gets a plan made
// for it (a catch-all "$1 = ” OR ..." gets one generic plan for all,
// and it scans). Nothing typed by a user becomes statement text: the
// text filters arrive as the word queries Store.words made of them.
func (f Filter) where(w wordQueries) (string, []any) {
	conds := []string{"TRUE"}
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if f.RoleID != 0 {
		add("a.role_id = $?", f.RoleID)
	}
	if f.Stage != "" {
		add("a.stage = $?", string(f.Stage))
	}
	if f.Degree != "" {
		add("a.degree_level = $?", string(f.Degree))
	}
	if f.Source != "" {
		add("a.source = $?", f.Source)
	}
	for _, q := range []struct{ column, query string }{{"a.search_words", w.text}, {"a.university_words", w.university}} {
		switch {
		case q.query == noWords:
			conds = append(conds, "FALSE")
		case q.query != "":
			add(q.column+" @@ $?::tsquery", q.query)
		}
	}
	return strings.Join(conds, " AND "), args
}

// wordQueries holds the text filters as tsquery text, "" when unused.
type wordQueries struct{ text, university string }

// noWords stands for a text filter with no word in it ("--", "'"):
// it matches nothing.
const noWords = "-"

// wordsSQL makes a word-prefix query of $1 for the name and address:
// PostgreSQL splits the text, so the query holds the very words the
// column was made of, accents removed the same way; each is quoted (a
// quote or backslash in it doubled), marked as a prefix, and all are
// required.
const wordsSQL = `
	SELECT coalesce(string_agg('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''':*', ' & '), '')
	FROM unnest(to_tsvector('simple', careers_unaccent($1)))`

// universitySQL makes one prefix query of all the words of $1, joined as
// careers_word_runs joins them for the column (letters and digits only,
// so nothing in it needs quoting; it is quoted all the same).
const universitySQL = `
	SELECT coalesce('''' || replace(replace((careers_word_runs($1))[1], '\', '\\'), '''', '''''') || ''':*', '')`

// words turns the filter's text into prefix queries: every word typed
// must begin a word of the name or address; the university's words, as
// typed and in order, must begin a run of its words ("georgia te",
// "tech", "de montr"). A run is one lexeme, whose frequency the
// statistics hold, where separate words would be estimated as if
// independent (a university's never are). The query then goes back as
// a value, so the planner sees it, and its statistics tell a rare name
// from a common one.
func words(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, f Filter) (wordQueries, error) {
	var w wordQueries
	for _, t := range []struct {
		typed, sql string
		dst        *string
	}{{f.Text, wordsSQL, &w.text}, {f.University, universitySQL, &w.university}} {
		if t.typed == "" {
			continue
		}
		if err := q.QueryRow(ctx, t.sql, t.typed).Scan(t.dst); err != nil {
			return w, fmt.Errorf("list applications: words: %w", err)
		}
		if *t.dst == "" {
			*t.dst = noWords
		}
	}
	return w, nil
}

// planEachTime makes PostgreSQL plan a list query with its values in
// hand: how many rows a stage or a name matches varies a hundredfold, and
// the generic plan pgx's statement cache would settle on fits none.
const planEachTime = pgx.QueryExecModeCacheDescribe

// Limits and offsets are written into the statement as numbers (ours,
// never a user's text), so the planner sees how few rows are wanted even
// where a statement is planned once for all values.
var (
	countLimitSQL = strconv.Itoa(CountLimit + 1)
	pageLimitSQL  = strconv.Itoa(AdminPageSize + 1)
)

const rowColumns = `a.id, a.role_id, r.title AS role_title, a.full_name, a.email, a.phone, a.university, a.degree_level,
	a.graduation, a.linkedin_url, a.github_url, a.portfolio_url, a.stage, coalesce(a.source, '') AS source, a.created_at, a.erased_at IS NOT NULL AS erased`

var adminOrder = map[string]string{
	"newest": "a.created_at DESC, a.id DESC",
	"oldest": "a.created_at, a.id",
	"name":   "lower(a.full_name), a.id",
}

// CountLimit is where the admin list stops counting. Counting every
// match of a broad filter over a million applications would cost more
// than the page itself; past this many the list says "more than".
const CountLimit = 1_000

// ListPage is one page of the admin list.
type ListPage struct {
	Rows []Row
	// Filter is the filter as run, its page clamped when counted.
	Filter Filter
	// Counted is false when a text filter (name, email, university) is
	// set: a common word's matches cannot be counted cheaply over a
	// million rows, so those lists page by cursor (After, Before) with
	// Previous and Next, never with numbers.
	Counted bool
	// Total is the number of matches when Counted, at most CountLimit+1
	// (meaning more than CountLimit).
	Total int
	// More is true when a page follows this one.
	More bool
	// Prev is true when a text search's page has one before it (Next is
	// More).
	Prev bool
}

// DefaultListTimeout bounds each statement of one list page. No filter should
// come near it (make bench measures them); it is there so a plan gone
// wrong costs a recruiter a clear message, not a page that hangs and a
// connection held.
const DefaultListTimeout = 3 * time.Second

// ErrListTimeout is the list taking longer than its timeout.
var ErrListTimeout = errors.New("the list took too long to answer")

// List returns one page of applications matching f.
func (s *Store) List(ctx context.Context, f Filter) (ListPage, error) {
	p := ListPage{Filter: f, Counted: f.Text == "" && f.University == ""}
	p.Filter.Page = max(f.Page, 1)
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true)`, strconv.FormatInt(s.listTimeout().Milliseconds(), 10)); err != nil {
			return err
		}
		w, err := words(ctx, tx, f)
		if err != nil {
			return err
		}
		where, args := f.where(w)
		if p.Counted {
			p.Filter.After, p.Filter.Before = 0, 0
			err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT FROM applications a WHERE `+where+` LIMIT `+countLimitSQL+`) AS m`,
				append([]any{planEachTime}, args...)...).Scan(&p.Total)
			if err != nil {
				return err
			}
			pages := max(1, (min(p.Total, CountLimit)+AdminPageSize-1)/AdminPageSize)
			p.Filter.Page = min(max(f.Page, 1), pages)
			// One row more than a page says whether another page follows.
			rows, err := tx.Query(ctx, pageSQL(where, adminOrder[p.Filter.Sort], p.Total <= CountLimit, (p.Filter.Page-1)*AdminPageSize),
				append([]any{planEachTime}, args...)...)
			if err != nil {
				return err
			}
			p.Rows, err = pgx.CollectRows(rows, pgx.RowToStructByName[Row])
			return err
		}
		cond, order, cursorArgs, err := keyset(ctx, tx, p.Filter, len(args)+1)
		if err != nil {
			return err
		}
		if cond == "" {
			p.Filter.After, p.Filter.Before, p.Filter.Page = 0, 0, 1
		}
		all := append(append([]any{planEachTime}, args...), cursorArgs...)
		few, err := expectsAtMost(ctx, tx, where+cond, all, s.fewMatches(p.Filter))
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, pageSQL(where+cond, order, few, 0), all...)
		if err != nil {
			return err
		}
		p.Rows, err = pgx.CollectRows(rows, pgx.RowToStructByName[Row])
		return err
	})
	// 57014 is query_canceled, which a statement timeout raises.
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "57014" {
		return p, ErrListTimeout
	}
	if err != nil {
		return p, fmt.Errorf("list applications: %w", err)
	}
	beyond := len(p.Rows) > AdminPageSize
	p.Rows = p.Rows[:min(len(p.Rows), AdminPageSize)]
	switch {
	case p.Filter.Before != 0:
		// Read backwards from the cursor: the rows come nearest first,
		// and what lies beyond them is the page before.
		slices.Reverse(p.Rows)
		p.Prev, p.More = beyond, true
		if !beyond {
			p.Filter.Page = 1
		}
	default:
		p.More = beyond
		p.Prev = !p.Counted && p.Filter.After != 0
	}
	return p, nil
}

// cursorKeys are the sort keys a page of a text search continues from,
// per sort: the columns, and the direction the list runs in.
var cursorKeys = map[string]struct {
	key  string
	desc bool
}{
	"newest": {"a.created_at, a.id", true},
	"oldest": {"a.created_at, a.id", false},
	"name":   {"lower(a.full_name), a.id", false},
}

// keyset is the condition and order of a page after (or before) the
// application with id cursor, in f's sort: the next page of a text search
// starts where the last one stopped, an index range, however deep the
// page (an OFFSET would read every row it skips). A cursor that names no
// application is ignored: the first page.
func keyset(ctx context.Context, tx pgx.Tx, f Filter, nextArg int) (cond, order string, args []any, err error) {
	k := cursorKeys[f.Sort]
	desc := k.desc
	cursor := f.After
	if f.Before != 0 {
		cursor, desc = f.Before, !desc
	}
	dir, cmp := "", ">"
	if desc {
		dir, cmp = " DESC", "<"
	}
	order = strings.ReplaceAll(k.key, ",", dir+",") + dir
	if cursor == 0 {
		return "", order, nil, nil
	}
	var first, second any
	err = tx.QueryRow(ctx, `SELECT `+k.key+` FROM applications a WHERE a.id = $1`, cursor).Scan(&first, &second)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", order, nil, nil
	}
	if err != nil {
		return "", "", nil, err
	}
	cond = fmt.Sprintf(" AND (%s) %s ($%d, $%d)", k.key, cmp, nextArg, nextArg+1)
	return cond, order, []any{first, second}, nil
}

// pageSQL selects one page of the list: the applications matching where,
// in order, one row more than a page (it says whether another follows).
//
// With few matches (fenced), they are gathered first and then sorted. Left
// to itself, the planner may walk a sort order's index and test each row
// against the filters, betting on finding a page early. With common words
// that wins: "García" alone turns up on every 30th row. With selective
// ones it loses: "chen" with one stage matched one row in 1,500, and the
// walk read 39,000 rows (60–100 ms alone, 500 ms with eight recruiters at
// once) to fill a page that gathering the 1,500 matches and sorting them
// serves in a few milliseconds. It loses worst when the words and the
// order go together: every "Zoë" sorts among the z's, so a walk in name
// order read nearly the whole million rows (1.8 s alone, the 3 s timeout
// under load) to find them, where gathering the 12,500 takes 28 ms.
// Only the ids and sort keys are gathered; the page's rows are read after.
// offset skips rows (counted lists' page numbers; a cursor needs none).
func pageSQL(where, order string, fenced bool, offset int) string {
	window := ` LIMIT ` + pageLimitSQL + ` OFFSET ` + strconv.Itoa(offset)
	if fenced {
		return `WITH matches AS MATERIALIZED (SELECT a.id, a.created_at, a.full_name FROM applications a WHERE ` + where + `),
			page AS (SELECT a.id FROM matches a ORDER BY ` + order + window + `)
			SELECT ` + rowColumns + ` FROM page JOIN applications a ON a.id = page.id JOIN roles r ON r.id = a.role_id
			ORDER BY ` + order
	}
	return `SELECT ` + rowColumns + ` FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE ` + where + ` ORDER BY ` + order + window
}

// DefaultFewMatches is how many matches the planner may expect for a text
// search to be gathered and sorted rather than found by walking an order.
// It is where the two cost about the same: gathering n matches reads n
// rows; a walk reads a page's worth divided by the share that matches,
// 26 × 1,000,000 / n at a million applications, equal near n = 5,000;
// the planner's estimates for words are off by up to twice either way.
const DefaultFewMatches = 2_000

// nameOrderMatches is the same bound for a name or address search in name
// order, where the walk can meet every match at once at the end of the
// alphabet (the first names): it is gathered unless the planner expects
// more than a tenth of all applications at a million, which no name does.
const nameOrderMatches = 100_000

// expectsAtMost asks the planner how many applications match where (an
// estimate, from the statistics the word index keeps: no rows are read)
// and says whether that is at most limit. args starts with the query
// mode, as for the list itself.
func expectsAtMost(ctx context.Context, tx pgx.Tx, where string, args []any, limit int) (bool, error) {
	var plan []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	var raw []byte
	if err := tx.QueryRow(ctx, `EXPLAIN (FORMAT JSON) SELECT 1 FROM applications a WHERE `+where, args...).Scan(&raw); err != nil {
		return false, err
	}
	if err := json.Unmarshal(raw, &plan); err != nil || len(plan) != 1 {
		return false, fmt.Errorf("explain: %q: %w", raw, err)
	}
	return plan[0].Plan.Rows <= float64(limit), nil
}

// fewMatches is the most matches a text search with f's filters gathers.
func (s *Store) fewMatches(f Filter) int {
	switch {
	case s.FewMatches != 0:
		return s.FewMatches
	case f.Sort == "name" && f.Text != "":
		return nameOrderMatches
	}
	return DefaultFewMatches
}

func (s *Store) listTimeout() time.Duration {
	if s.ListTimeout > 0 {
		return s.ListTimeout
	}
	return DefaultListTimeout
}

// ExportLimit bounds one CSV export.
const ExportLimit = 100_000

// Export records the export in the audit log, then calls fn for every
// application matching f, in list order. The audit entry is committed
// first: data that leaves is always accounted for, even if the download
// breaks off. It names the filter without its free text (names, emails
// and universities are personal data).
func (s *Store) Export(ctx context.Context, by audit.Actor, f Filter, fn func(Row) error) error {
	detail := fmt.Sprintf("role=%d stage=%s degree=%s source=%s text_filter=%t university_filter=%t",
		f.RoleID, f.Stage, f.Degree, f.Source, f.Text != "", f.University != "")
	if err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, by, "applications.export", "", detail)
	}); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w, err := words(ctx, s.pool, f)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	where, args := f.where(w)
	rows, err := s.pool.Query(ctx, `
		SELECT `+rowColumns+` FROM applications a JOIN roles r ON r.id = a.role_id
		WHERE `+where+` ORDER BY `+adminOrder[f.Sort]+` LIMIT `+strconv.Itoa(ExportLimit), args...)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		row, err := pgx.RowToStructByName[Row](rows)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Detail is everything the admin detail page shows.
type Detail struct {
	Row
	Why         string     `db:"why"`
	ConsentedAt time.Time  `db:"consented_at"`
	ErasedAt    *time.Time `db:"erased_at"`
	ResumeName  *string    `db:"resume_name"`
	ResumeSize  *int       `db:"resume_size"`
	// TimeZone is the zone the student chose ("" when none).
	TimeZone string `db:"time_zone"`
	// SourceMedium and SourceCampaign complete Source, as the link said.
	SourceMedium   string `db:"source_medium"`
	SourceCampaign string `db:"source_campaign"`
	Events         []AdminEvent
}

// AdminEvent is a stage change or a note, with who made it.
type AdminEvent struct {
	Kind      string    `db:"kind"`
	FromStage *Stage    `db:"from_stage"`
	ToStage   *Stage    `db:"to_stage"`
	Note      string    `db:"note"`
	Actor     string    `db:"actor"`
	CreatedAt time.Time `db:"created_at"`
}

// ByID returns the application with id for recruiters.
func (s *Store) ByID(ctx context.Context, id int64) (Detail, error) {
	d, err := db.One(ctx, s.pool, pgx.RowToStructByNameLax[Detail], ErrNotFound, `
		SELECT `+rowColumns+`, a.why, a.consented_at, a.erased_at, rs.file_name AS resume_name, rs.size AS resume_size,
		       coalesce(a.time_zone, '') AS time_zone,
		       coalesce(a.source_medium, '') AS source_medium, coalesce(a.source_campaign, '') AS source_campaign
		FROM applications a JOIN roles r ON r.id = a.role_id LEFT JOIN resumes rs ON rs.application_id = a.id
		WHERE a.id = $1`, id)
	if errors.Is(err, ErrNotFound) {
		return Detail{}, err
	}
	if err != nil {
		return Detail{}, fmt.Errorf("application: %w", err)
	}
	rows, err := s.pool.Query(ctx, `
		SELECT kind, from_stage, to_stage, note, actor, created_at FROM application_events
		WHERE application_id = $1 ORDER BY id`, id)
	if err != nil {
		return Detail{}, fmt.Errorf("application events: %w", err)
	}
	d.Events, err = pgx.CollectRows(rows, pgx.RowToStructByName[AdminEvent])
	return d, err
}

// ResumeFile returns an application's resume bytes.
func (s *Store) ResumeFile(ctx context.Context, id int64) ([]byte, error) {
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT data FROM resumes WHERE application_id = $1`, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	return data, err
}

// Errors of stage moves.
var (
	ErrIllegalMove = errors.New("that stage change is not allowed from the current stage")
	ErrStale       = errors.New("the application changed since the page was loaded")
	ErrErased      = errors.New("the application was erased")
	ErrEmptyNote   = errors.New("the note is empty")
)

// Move is one stage change asked for by a recruiter: From is the stage
// the recruiter saw, so a change made meanwhile is refused, not undone.
type Move struct {
	ID   int64
	From Stage
	To   Stage
	// Tell asks for the applicant to be emailed about the move.
	Tell bool
	// Override is the recruiter's reason to move on from an interview
	// stage whose assigned interviewers have not all written their
	// scorecard; it is kept in the history.
	Override string
}

// ErrMissingScorecards: an interview stage's assigned interviewers have
// not all submitted a scorecard, and no override reason was given.
var ErrMissingScorecards = errors.New("not every interviewer of the stage has submitted a scorecard")

// MoveError says which application of a bulk move failed, and why.
type MoveError struct {
	ID  int64
	Err error
}

func (e *MoveError) Error() string { return fmt.Sprintf("application %d: %v", e.ID, e.Err) }
func (e *MoveError) Unwrap() error { return e.Err }

// MoveStages applies every move or none: one transaction, and the first
// illegal or stale move rolls back the rest.
// notify queues the applicant's message for each move with Tell set.
func (s *Store) MoveStages(ctx context.Context, by audit.Actor, moves []Move, notify Notify) error {
	if len(moves) == 0 {
		return nil
	}
	// One move per application, in id order: two overlapping bulk moves
	// then lock rows in the same order and cannot deadlock.
	moves = slices.Clone(moves)
	slices.SortFunc(moves, func(a, b Move) int { return cmp.Compare(a.ID, b.ID) })
	moves = slices.CompactFunc(moves, func(a, b Move) bool { return a.ID == b.ID })
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, m := range moves {
			if err := s.MoveTx(ctx, tx, by, m, notify); err != nil {
				return &MoveError{ID: m.ID, Err: err}
			}
		}
		return nil
	})
}

// MoveTx makes one move inside tx, which the caller commits: the way
// another package's change (sending a take-home) moves an application
// in its own transaction, under the same rules as a recruiter's move.
func (s *Store) MoveTx(ctx context.Context, tx pgx.Tx, by audit.Actor, m Move, notify Notify) error {
	if !CanMove(m.From, m.To) {
		return ErrIllegalMove
	}
	// The WHERE on the old stage makes the move conditional: of two tabs
	// (or two recruiters) moving at once, the second finds no row.
	var n Notice
	err := tx.QueryRow(ctx, `
		UPDATE applications a SET stage = $3, stage_entered_at = now() FROM roles r
		WHERE a.id = $1 AND a.stage = $2 AND a.erased_at IS NULL AND r.id = a.role_id
		RETURNING a.email, a.full_name, r.title`,
		m.ID, m.From, m.To).Scan(&n.Email, &n.FullName, &n.RoleTitle)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		var erased bool
		err := tx.QueryRow(ctx, `SELECT erased_at IS NOT NULL FROM applications WHERE id = $1`, m.ID).Scan(&erased)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		case erased:
			return ErrErased
		}
		return ErrStale
	}
	// Advancement rests on the feedback: leaving an interview stage with
	// scorecards missing needs a reason, kept with the move.
	note := ""
	if IsInterviewStage(m.From) {
		var missing int
		if err := tx.QueryRow(ctx, `
			SELECT count(*) FROM interview_assignments ia
			WHERE ia.application_id = $1 AND ia.stage = $2
			  AND NOT EXISTS (SELECT FROM scorecards sc WHERE sc.application_id = ia.application_id AND sc.stage = ia.stage AND sc.account_id = ia.account_id)`,
			m.ID, m.From).Scan(&missing); err != nil {
			return err
		}
		if reason := text.Block(m.Override, 1000); missing > 0 {
			if reason == "" {
				return ErrMissingScorecards
			}
			note = fmt.Sprintf("Moved on with %d scorecard(s) missing. Reason: %s", missing, reason)
		}
	}
	if err := tx.QueryRow(ctx, `
		INSERT INTO application_events (application_id, kind, from_stage, to_stage, note, actor, account_id, reply_by)
		VALUES ($1, 'stage', $2, $3, $4, $5, $6, (SELECT reply_by FROM applications WHERE id = $1)) RETURNING id`, m.ID, m.From, m.To, note, by.Label, nullID(by.AccountID)).Scan(&n.EventID); err != nil {
		return err
	}
	detail := string(m.From) + " -> " + string(m.To)
	if note != "" {
		detail += ", scorecards missing (override)"
	}
	if m.Tell && notify != nil {
		n.Kind, n.ApplicationID, n.From, n.To = "stage", m.ID, m.From, m.To
		if n.Token, err = newLink(ctx, tx, m.ID); err != nil {
			return err
		}
		if err := notify(ctx, tx, n); err != nil {
			return err
		}
		detail += ", applicant emailed"
	}
	if IsInterviewStage(m.From) {
		if err := s.cancelInterviewReminders(ctx, tx, m.ID, m.From); err != nil {
			return err
		}
	}
	if s.AfterMove != nil {
		if err := s.AfterMove(ctx, tx, m.ID, m.From, m.To); err != nil {
			return err
		}
	}
	// The event above kept the reply-by the move answered; the new stage
	// has its own (or none).
	if _, err := tx.Exec(ctx, `UPDATE applications SET reply_by = NULL WHERE id = $1`, m.ID); err != nil {
		return err
	}
	if err := s.RefreshReplyBy(ctx, tx, m.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, by, "application.stage", "application "+strconv.FormatInt(m.ID, 10), detail)
}

// AddNote records a recruiter's note on an application.
func (s *Store) AddNote(ctx context.Context, by audit.Actor, id int64, note string) error {
	note = text.Block(note, 5000)
	if note == "" {
		return ErrEmptyNote
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// FOR SHARE waits for an erasure in progress (Erase and the
		// retention job update the row) and then rereads erased_at; without
		// it the foreign key's weaker lock lets a note slip onto a row whose
		// notes were just blanked.
		tag, err := tx.Exec(ctx, `
			INSERT INTO application_events (application_id, kind, note, actor, account_id)
			SELECT id, 'note', $2, $3, $4 FROM applications WHERE id = $1 AND erased_at IS NULL FOR SHARE`,
			id, note, by.Label, nullID(by.AccountID))
		if err != nil {
			return fmt.Errorf("add note: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, by, "application.note", "application "+strconv.FormatInt(id, 10), "")
	})
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// ParseStage reads a stage from a form value.
func ParseStage(s string) (Stage, bool) {
	st := Stage(strings.TrimSpace(s))
	return st, st.Valid()
}
