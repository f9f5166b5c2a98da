package content

import (
	"errors"
	"fmt"
	"io/fs"
)

// questionSetsFile holds the question sets a role's form can start from,
// optional.
const questionSetsFile = "question-sets.yaml"

// QuestionSet is a named group of questions a recruiter can add to a
// role's form in one step (work authorisation, graduation window...).
// The questions are checked as the role editor checks them
// (questions.Parse) when the site starts.
type QuestionSet struct {
	Name      string             `yaml:"name"`
	Questions []QuestionSpecText `yaml:"questions"`
}

// QuestionSpecText is one question of a set as written in the file.
type QuestionSpecText struct {
	Kind        string   `yaml:"kind"`
	Label       string   `yaml:"label"`
	Help        string   `yaml:"help"`
	Required    bool     `yaml:"required"`
	MaxChars    int      `yaml:"max_chars"`
	Options     []string `yaml:"options"`
	Knockouts   []string `yaml:"knockouts"`
	Requirement string   `yaml:"requirement"`
}

func loadQuestionSets(fsys fs.FS) ([]QuestionSet, error) {
	raw, err := fs.ReadFile(fsys, questionSetsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var sets []QuestionSet
	if err := decodeStrict(raw, &sets); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, s := range sets {
		switch {
		case s.Name == "":
			return nil, fmt.Errorf("set %d has no name", i+1)
		case seen[s.Name]:
			return nil, fmt.Errorf("two sets are named %q", s.Name)
		case len(s.Questions) == 0:
			return nil, fmt.Errorf("set %q has no questions", s.Name)
		}
		seen[s.Name] = true
	}
	return sets, nil
}
