package applications

import "slices"

// next lists the moves a recruiter may make from each open stage. The
// process runs applied -> take-home -> up to three interviews -> offer ->
// hired; a role may skip the take-home or need fewer rounds. Rejected and
// withdrawn can end any open stage.
var next = map[Stage][]Stage{
	Applied:    {TakeHome, Interview1},
	TakeHome:   {Interview1},
	Interview1: {Interview2, Offer},
	Interview2: {Interview3, Offer},
	Interview3: {Offer},
	Offer:      {Hired},
}

// Moves returns the stages an application in s can move to, in order.
func Moves(s Stage) []Stage {
	if !s.Open() {
		return nil
	}
	return append(slices.Clone(next[s]), Rejected, Withdrawn)
}

// CanMove reports whether from -> to is an allowed transition.
func CanMove(from, to Stage) bool { return slices.Contains(Moves(from), to) }

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }
