package content

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
)

// kitsFile holds the default interview kit of every stage.
const kitsFile = "kits.yaml"

// KitStages are the stages with a kit, in order.
var KitStages = []string{"take_home", "interview_1", "interview_2", "interview_3"}

// AttributeGroups are the kinds of skill the program names.
var AttributeGroups = []string{"technical", "role", "behavioral"}

// Kit is what an interviewer gets for one stage: why it exists, what to
// ask, and what to rate.
type Kit struct {
	Purpose    string      `yaml:"purpose" json:"purpose"`
	Questions  []string    `yaml:"questions" json:"questions"`
	Attributes []Attribute `yaml:"attributes" json:"attributes"`
}

// Attribute is one thing to rate, with what good looks like.
type Attribute struct {
	Key   string `yaml:"key" json:"key"`
	Group string `yaml:"group" json:"group"`
	Name  string `yaml:"name" json:"name"`
	Good  string `yaml:"good" json:"good"`
}

// ForRole is the kit as a role gets it: technical attributes only when
// the role has technical work.
func (k Kit) ForRole(technical bool) Kit {
	out := Kit{Purpose: k.Purpose, Questions: k.Questions}
	for _, a := range k.Attributes {
		if a.Group != "technical" || technical {
			out.Attributes = append(out.Attributes, a)
		}
	}
	return out
}

func loadKits(fsys fs.FS) (map[string]Kit, error) {
	raw, err := fs.ReadFile(fsys, kitsFile)
	if err != nil {
		return nil, err
	}
	kits := map[string]Kit{}
	if err := decodeStrict(raw, &kits); err != nil {
		return nil, err
	}
	for _, stage := range KitStages {
		k, ok := kits[stage]
		if !ok {
			return nil, fmt.Errorf("no kit for %s", stage)
		}
		if k.Purpose == "" || len(k.Attributes) == 0 {
			return nil, fmt.Errorf("%s: a kit needs a purpose and attributes", stage)
		}
		seen := map[string]bool{}
		for _, a := range k.Attributes {
			if a.Key == "" || a.Name == "" || a.Good == "" || seen[a.Key] || !slices.Contains(AttributeGroups, a.Group) {
				return nil, fmt.Errorf("%s: attribute %q needs a unique key, a name, what good looks like, and a group of %v", stage, a.Key, AttributeGroups)
			}
			seen[a.Key] = true
		}
	}
	if len(kits) != len(KitStages) {
		return nil, errors.New("kits are for take_home, interview_1, interview_2 and interview_3 only")
	}
	return kits, nil
}
