package web

import (
	"strconv"

	"example.com/careers/internal/selfid"
)

// SelfIDForm is the voluntary self-identification survey on the
// student's own status page (On only when the site setting is).
type SelfIDForm struct {
	On bool
	// Saved is what the student answered, nil when nothing is stored.
	Saved *selfid.Answers
	// Chosen is what the radio buttons show: the saved answers, or the
	// ones just sent when they were refused.
	Chosen   selfid.Answers
	Problems selfid.Problems
}

// Checked reports whether value is the chosen answer to question key.
func (f SelfIDForm) Checked(key, value string) bool { return f.Chosen.Get(key) == value }

// selfIDQuestions are the survey's questions, in order.
func selfIDQuestions() []selfid.Question { return selfid.Questions }

// SelfIDURL is the address the survey posts to.
func (v StatusView) SelfIDURL() string {
	return "/applications/" + v.Status.Token + "/self-identification"
}

// selfIDDescribedBy names the hint (and error) describing a question.
func selfIDDescribedBy(f SelfIDForm, key string) string {
	return describedBy(key+"-hint", f.Problems[key] != "", key+"-error")
}

// AdminSelfIDView is the view model of /admin/self-identification.
type AdminSelfIDView struct {
	Chrome  Chrome
	Seasons []selfid.SeasonReport
}

// count words a figure of the aggregates: withheld ones all read alike,
// so a reader cannot tell a small count from one withheld beside it.
func count(c selfid.Cell) string {
	if c.Withheld {
		return "withheld"
	}
	return strconv.Itoa(c.N)
}

// selfIDCell is a figure shown as it is (a season's total, which the
// report withholds by leaving the season out).
func selfIDCell(n int) selfid.Cell { return selfid.Cell{N: n} }
