package web

import (
	"strconv"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/roles"
)

// PipelineView is the view model of /admin/roles/{id}/pipeline: the
// role's open applications as columns by stage.
type PipelineView struct {
	Chrome  Chrome
	Flash   string
	Role    roles.Role
	Columns []applications.Column
	Now     time.Time
	// WarnBy is when a reply-by counts as near (the late list's bound).
	WarnBy time.Time
	Loc    *time.Location
}

// Back is the board's own address, where a move from it returns.
func (v PipelineView) Back() string { return "/admin/roles/" + idStr(v.Role.ID) + "/pipeline" }

// daysIn says how long a card has been in its stage, in whole days.
func (v PipelineView) daysIn(c applications.Card) string {
	d := int(v.Now.Sub(c.StageEnteredAt).Hours() / 24)
	switch d {
	case 0:
		return "in this stage since today"
	case 1:
		return "1 day in this stage"
	}
	return strconv.Itoa(d) + " days in this stage"
}

// replyState is "late", "near" or "" for a card's reply-by.
func (v PipelineView) replyState(c applications.Card) string {
	switch {
	case c.ReplyBy == nil:
		return ""
	case !c.ReplyBy.After(v.Now):
		return "late"
	case !c.ReplyBy.After(v.WarnBy):
		return "near"
	}
	return ""
}

// movesFrom are the stages a card may move to from the board.
func movesFrom(s applications.Stage) []applications.Stage { return applications.Moves(s) }

func columnID(s applications.Stage) string { return "col-" + string(s) }
