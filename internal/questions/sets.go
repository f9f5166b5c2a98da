package questions

import (
	"fmt"
	"strconv"
	"strings"

	"example.com/careers/internal/content"
)

// FromSet turns a question set from the site's content into questions,
// checked as the editor checks them: a set that the editor would refuse
// fails the site's start with the set and question named.
func FromSet(set content.QuestionSet) ([]Question, error) {
	var qs []Question
	for i, spec := range set.Questions {
		f := Form{Kind: spec.Kind, Label: spec.Label, Help: spec.Help, Required: spec.Required,
			Options: strings.Join(spec.Options, "\n"), Knockouts: strings.Join(spec.Knockouts, "\n"), Requirement: spec.Requirement}
		if spec.MaxChars > 0 {
			f.MaxChars = strconv.Itoa(spec.MaxChars)
		}
		q, problems := Parse(f)
		if problems != nil {
			return nil, fmt.Errorf("question set %q, question %d: %s", set.Name, i+1, problems.Detail())
		}
		qs = append(qs, q)
	}
	return qs, nil
}

// CheckSets checks every set (at start-up).
func CheckSets(sets []content.QuestionSet) error {
	for _, s := range sets {
		if _, err := FromSet(s); err != nil {
			return err
		}
	}
	return nil
}
