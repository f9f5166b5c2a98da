package applications

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// BoardColumnLimit bounds the cards a pipeline column shows: past it the
// column says how many more wait and links to the filtered list.
const BoardColumnLimit = 50

// BoardStages are the pipeline board's columns: the stages an
// application is still open in.
var BoardStages = []Stage{Applied, TakeHome, Interview1, Interview2, Interview3, Offer}

// Card is an application on the pipeline board.
type Card struct {
	ID             int64      `db:"id"`
	FullName       string     `db:"full_name"`
	University     string     `db:"university"`
	Stage          Stage      `db:"stage"`
	StageEnteredAt time.Time  `db:"stage_entered_at"`
	ReplyBy        *time.Time `db:"reply_by"`
	// InterviewAt is the stage's first interview time, when set;
	// Interviewers and Scorecards count the stage's assigned interviewers
	// and the scorecards they have submitted.
	InterviewAt  *time.Time `db:"interview_at"`
	Interviewers int        `db:"interviewers"`
	Scorecards   int        `db:"scorecards"`
}

// Column is one stage of the board: its count, and its cards longest
// in the stage first.
type Column struct {
	Stage Stage
	Count int
	Cards []Card
}

// Board returns role id's open applications by stage.
func (s *Store) Board(ctx context.Context, roleID int64) ([]Column, error) {
	cols := make([]Column, len(BoardStages))
	at := map[Stage]int{}
	names := make([]string, len(BoardStages))
	for i, st := range BoardStages {
		cols[i].Stage, at[st], names[i] = st, i, string(st)
	}
	rows, err := s.pool.Query(ctx, `
		SELECT stage, count(*) FROM applications
		WHERE role_id = $1 AND erased_at IS NULL AND stage = ANY($2) GROUP BY stage`, roleID, names)
	if err != nil {
		return nil, fmt.Errorf("board: %w", err)
	}
	var st Stage
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&st, &n}, func() error { cols[at[st]].Count = n; return nil }); err != nil {
		return nil, fmt.Errorf("board: %w", err)
	}
	rows, err = s.pool.Query(ctx, `
		SELECT id, full_name, university, stage, stage_entered_at, reply_by, interview_at, interviewers, scorecards FROM (
			SELECT a.id, a.full_name, a.university, a.stage, a.stage_entered_at, a.reply_by,
			       (SELECT min(ia.interview_at) FROM interview_assignments ia WHERE ia.application_id = a.id AND ia.stage = a.stage) AS interview_at,
			       (SELECT count(*) FROM interview_assignments ia WHERE ia.application_id = a.id AND ia.stage = a.stage) AS interviewers,
			       (SELECT count(*) FROM scorecards sc WHERE sc.application_id = a.id AND sc.stage = a.stage) AS scorecards,
			       row_number() OVER (PARTITION BY a.stage ORDER BY a.stage_entered_at, a.id) AS n
			FROM applications a
			WHERE a.role_id = $1 AND a.erased_at IS NULL AND a.stage = ANY($2)) AS c
		WHERE n <= `+strconv.Itoa(BoardColumnLimit)+` ORDER BY stage_entered_at, id`, roleID, names)
	if err != nil {
		return nil, fmt.Errorf("board: %w", err)
	}
	cards, err := pgx.CollectRows(rows, pgx.RowToStructByName[Card])
	if err != nil {
		return nil, fmt.Errorf("board: %w", err)
	}
	for _, c := range cards {
		i := at[c.Stage]
		cols[i].Cards = append(cols[i].Cards, c)
	}
	return cols, nil
}
