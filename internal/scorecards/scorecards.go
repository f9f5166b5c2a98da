// Package scorecards holds interviewers' feedback: one scorecard per
// interviewer per stage of an application, written against the stage's
// kit (kept as the interviewer saw it), and the rule that keeps them
// independent: an interviewer reads others' scorecards for a stage only
// once their own is in. Recruiters read them all.
package scorecards

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/content"
	"example.com/careers/internal/text"
)

// Ratings on the fixed scale, and "not assessed".
const (
	StrongNo    = "strong_no"
	No          = "no"
	Yes         = "yes"
	StrongYes   = "strong_yes"
	NotAssessed = "not_assessed"
)

// Scale is the ratings of an attribute, weakest first; Recommendations
// the overall verdicts (not assessed is not one).
var (
	Scale           = []string{StrongNo, No, Yes, StrongYes, NotAssessed}
	Recommendations = []string{StrongNo, No, Yes, StrongYes}
)

// Label words a rating.
func Label(r string) string {
	switch r {
	case StrongNo:
		return "Strong no"
	case No:
		return "No"
	case Yes:
		return "Yes"
	case StrongYes:
		return "Strong yes"
	case NotAssessed:
		return "Not assessed"
	}
	return r
}

// Card is one interviewer's scorecard.
type Card struct {
	ApplicationID  int64              `db:"application_id"`
	Stage          applications.Stage `db:"stage"`
	AccountID      int64              `db:"account_id"`
	Interviewer    string             `db:"interviewer"`
	Kit            content.Kit        `db:"kit"`
	Ratings        map[string]string  `db:"ratings"`
	Evidence       map[string]string  `db:"evidence"`
	Recommendation string             `db:"recommendation"`
	SubmittedAt    time.Time          `db:"submitted_at"`
	UpdatedAt      time.Time          `db:"updated_at"`
	Versions       int                `db:"versions"`
}

// Input is a scorecard as sent.
type Input struct {
	Ratings        map[string]string
	Evidence       map[string]string
	Recommendation string
}

// Errors of scorecards.
var (
	// ErrNotAssigned: the account does not interview that stage of that
	// application (the caller answers as for a missing id).
	ErrNotAssigned = errors.New("not assigned to this stage")
	// ErrDecided: the application has moved on from the stage, so its
	// scorecards are final.
	ErrDecided = errors.New("the stage is decided")
)

// Problems are what is wrong with an input, by attribute key ("" for
// the recommendation).
type Problems map[string]string

func (p Problems) Error() string { return "scorecard incomplete" }

// Check cleans in against kit: every attribute rated on the scale, the
// evidence bounded, a recommendation chosen.
func (in *Input) Check(kit content.Kit) Problems {
	problems := Problems{}
	ratings, evidence := map[string]string{}, map[string]string{}
	for _, a := range kit.Attributes {
		r := in.Ratings[a.Key]
		if !slices.Contains(Scale, r) {
			problems[a.Key] = "Rate " + a.Name + ", or choose not assessed."
		}
		ratings[a.Key] = r
		evidence[a.Key] = text.Block(in.Evidence[a.Key], 4000)
		if r != NotAssessed && r != "" && evidence[a.Key] == "" {
			problems[a.Key] = "Write what you saw for " + a.Name + ": the evidence behind the rating."
		}
	}
	if !slices.Contains(Recommendations, in.Recommendation) {
		problems[""] = "Choose your overall recommendation."
	}
	in.Ratings, in.Evidence = ratings, evidence
	if len(problems) > 0 {
		return problems
	}
	return nil
}

// Store reads and writes scorecards.
type Store struct {
	pool *pgxpool.Pool
	kits map[string]content.Kit
}

// NewStore returns a Store on pool with the site's default kits.
func NewStore(pool *pgxpool.Pool, kits map[string]content.Kit) *Store {
	return &Store{pool: pool, kits: kits}
}

// KitFor is the kit of stage for application id's role: the role's own
// (edited in the role editor), or else the default, with technical
// attributes only for roles with technical work.
func (s *Store) KitFor(ctx context.Context, id int64, stage applications.Stage) (content.Kit, error) {
	return s.kitFor(ctx, s.pool, id, stage)
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func (s *Store) kitFor(ctx context.Context, q querier, id int64, stage applications.Stage) (content.Kit, error) {
	var technical bool
	var own []byte
	err := q.QueryRow(ctx, `
		SELECT r.area = 'technology', r.kits -> $2::text FROM applications a JOIN roles r ON r.id = a.role_id WHERE a.id = $1`,
		id, string(stage)).Scan(&technical, &own)
	if err != nil {
		return content.Kit{}, fmt.Errorf("kit: %w", err)
	}
	if len(own) > 0 && string(own) != "null" {
		var k content.Kit
		if err := json.Unmarshal(own, &k); err != nil {
			return content.Kit{}, fmt.Errorf("kit: %w", err)
		}
		return k, nil
	}
	return s.kits[string(stage)].ForRole(technical), nil
}

// Submit stores (or replaces, keeping the old version) the scorecard of
// account for stage of application id. The account must be assigned to
// that stage, and the application must not have moved past it.
func (s *Store) Submit(ctx context.Context, by audit.Actor, account, id int64, stage applications.Stage, in Input) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var current applications.Stage
		var assigned bool
		err := tx.QueryRow(ctx, `
			SELECT a.stage, EXISTS (SELECT FROM interview_assignments ia WHERE ia.application_id = a.id AND ia.stage = $2 AND ia.account_id = $3)
			FROM applications a
			WHERE a.id = $1 AND a.erased_at IS NULL FOR SHARE OF a`, id, stage, account).Scan(&current, &assigned)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && !assigned) {
			return ErrNotAssigned
		}
		if err != nil {
			return err
		}
		if Final(current, stage) {
			return ErrDecided
		}
		// The kit the interviewer saw: kept from their first submission.
		var kitJSON []byte
		err = tx.QueryRow(ctx, `SELECT kit FROM scorecards WHERE application_id = $1 AND stage = $2 AND account_id = $3`, id, stage, account).Scan(&kitJSON)
		var kit content.Kit
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			if kit, err = s.kitFor(ctx, tx, id, stage); err != nil {
				return err
			}
			if kitJSON, err = json.Marshal(kit); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if err := json.Unmarshal(kitJSON, &kit); err != nil {
				return err
			}
		}
		if problems := in.Check(kit); problems != nil {
			return problems
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO scorecard_versions (application_id, stage, account_id, ratings, evidence, recommendation)
			SELECT application_id, stage, account_id, ratings, evidence, recommendation FROM scorecards
			WHERE application_id = $1 AND stage = $2 AND account_id = $3`, id, stage, account); err != nil {
			return err
		}
		ratings, _ := json.Marshal(in.Ratings)
		evidence, _ := json.Marshal(in.Evidence)
		if _, err := tx.Exec(ctx, `
			INSERT INTO scorecards (application_id, stage, account_id, kit, ratings, evidence, recommendation)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (application_id, stage, account_id) DO UPDATE
			SET ratings = excluded.ratings, evidence = excluded.evidence, recommendation = excluded.recommendation, updated_at = now()`,
			id, stage, account, kitJSON, ratings, evidence, in.Recommendation); err != nil {
			return fmt.Errorf("scorecard: %w", err)
		}
		return audit.Record(ctx, tx, by, "application.scorecard", "application "+strconv.FormatInt(id, 10), string(stage))
	})
}

// Final reports whether an application now at current has moved past
// stage (or ended), so stage's scorecards can no longer change.
func Final(current, stage applications.Stage) bool {
	return current.Order() > stage.Order() || !current.Open()
}

// ForStage returns the scorecards of stage of application id that viewer
// may read: every one for recruiters; for an interviewer, their own, and
// the others only once their own is in.
func (s *Store) ForStage(ctx context.Context, viewer int64, recruiter bool, id int64, stage applications.Stage) ([]Card, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT sc.application_id, sc.stage, sc.account_id, ac.name AS interviewer, sc.kit, sc.ratings, sc.evidence,
		       sc.recommendation, sc.submitted_at, sc.updated_at,
		       (SELECT count(*) FROM scorecard_versions v WHERE v.application_id = sc.application_id AND v.stage = sc.stage AND v.account_id = sc.account_id)::int AS versions
		FROM scorecards sc JOIN accounts ac ON ac.id = sc.account_id
		WHERE sc.application_id = $1 AND sc.stage = $2
		  AND ($4 OR sc.account_id = $3 OR EXISTS (
		      SELECT FROM scorecards mine WHERE mine.application_id = $1 AND mine.stage = $2 AND mine.account_id = $3))
		ORDER BY sc.account_id = $3 DESC, lower(ac.name)`, id, stage, viewer, recruiter)
	if err != nil {
		return nil, fmt.Errorf("scorecards: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Card])
}

// Summary counts a stage's recommendations and names the attributes on
// which interviewers disagree (one said yes or strong yes, another no or
// strong no).
type Summary struct {
	Counts    map[string]int
	Disagree  []string
	Submitted int
}

// Summarize reads cards.
func Summarize(cards []Card) Summary {
	sum := Summary{Counts: map[string]int{}, Submitted: len(cards)}
	positive, negative := map[string]bool{}, map[string]bool{}
	names := map[string]string{}
	var order []string
	for _, c := range cards {
		sum.Counts[c.Recommendation]++
		for _, a := range c.Kit.Attributes {
			if _, ok := names[a.Key]; !ok {
				names[a.Key] = a.Name
				order = append(order, a.Key)
			}
			switch c.Ratings[a.Key] {
			case Yes, StrongYes:
				positive[a.Key] = true
			case No, StrongNo:
				negative[a.Key] = true
			}
		}
	}
	for _, k := range order {
		if positive[k] && negative[k] {
			sum.Disagree = append(sum.Disagree, names[k])
		}
	}
	return sum
}
