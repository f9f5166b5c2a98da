package web

import (
	"context"
	"strconv"
	"time"

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

// selfIDQuestions are the survey's questions, in order, worded in ctx's
// language: the catalog's selfid.question.<key>.… messages, or the
// English of internal/selfid where the catalog lacks one. Keys and
// values stay as stored.
func selfIDQuestions(ctx context.Context) []selfid.Question {
	qs := make([]selfid.Question, len(selfid.Questions))
	for i, q := range selfid.Questions {
		base := "selfid.question." + q.Key + "."
		q.Legend = selfIDText(ctx, base+"legend", q.Legend)
		q.Hint = selfIDText(ctx, base+"hint", q.Hint)
		opts := make([]selfid.Option, len(q.Options))
		for j, o := range q.Options {
			ob := base + "option." + o.Value + "."
			o.Label = selfIDText(ctx, ob+"label", o.Label)
			if o.Note != "" {
				o.Note = selfIDText(ctx, ob+"note", o.Note)
			}
			opts[j] = o
		}
		q.Options = opts
		qs[i] = q
	}
	return qs
}

// selfIDText is the catalog's message id, or english when it has none.
func selfIDText(ctx context.Context, id, english string) string {
	if s := T(ctx, id); s != id {
		return s
	}
	return english
}

// Problem is what is wrong with the answer to q (worded in ctx's
// language; q as selfIDQuestions gives it), or "".
func (f SelfIDForm) Problem(ctx context.Context, q selfid.Question) string {
	if f.Problems[q.Key] == "" {
		return ""
	}
	// selfid.Read has one problem only: an answer not in the list.
	return T(ctx, "selfid.problem", "Question", q.Legend)
}

// selfIDDate is the day t in the site's zone, in ctx's language.
func selfIDDate(ctx context.Context, v StatusView, t time.Time) string {
	if v.Location != nil {
		t = t.In(v.Location)
	}
	return Printer(ctx).Date(t)
}

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
