package web

import "example.com/careers/internal/replyby"

// replyByField is one level of the reply-by form.
type replyByField struct {
	Name, Label string
	Site        func(replyby.Levels) int
}

var replyByFields = []replyByField{
	{"applied", "From applying to the first answer", func(l replyby.Levels) int { return l.Applied }},
	{"take_home", "From handing in the take-home", func(l replyby.Levels) int { return l.TakeHome }},
	{"interview", "From each interview", func(l replyby.Levels) int { return l.Interview }},
}
