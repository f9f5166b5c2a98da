package selfid

import "time"

// Answers are one student's answers, by question key.
type Answers struct {
	Gender     string    `db:"gender"`
	Race       string    `db:"race_ethnicity"`
	Veteran    string    `db:"veteran_status"`
	Disability string    `db:"disability_status"`
	AnsweredAt time.Time `db:"answered_at"`
	UpdatedAt  time.Time `db:"updated_at"`
}

// Get returns the answer to the question key.
func (a Answers) Get(key string) string {
	switch key {
	case Gender:
		return a.Gender
	case Race:
		return a.Race
	case Veteran:
		return a.Veteran
	case Disability:
		return a.Disability
	}
	return ""
}

func (a *Answers) set(key, value string) {
	switch key {
	case Gender:
		a.Gender = value
	case Race:
		a.Race = value
	case Veteran:
		a.Veteran = value
	case Disability:
		a.Disability = value
	}
}

// Problems are what is wrong with a form, by question key.
type Problems map[string]string

// Read takes the answers from a form (get returns a field's value). A
// question left blank counts as "I do not wish to answer": the survey is
// voluntary, and skipping a question is declining it. A value that is
// not one of the question's answers is a problem, and nothing may be
// stored: the answers come back as typed, so the form shows them again.
func Read(get func(key string) string) (Answers, Problems) {
	var a Answers
	problems := Problems{}
	for _, q := range Questions {
		v := get(q.Key)
		if v == "" {
			v = Decline
		}
		if Label(q.Key, v) == "" {
			problems[q.Key] = "Choose one of the answers listed for " + q.Legend + ", or “I do not wish to answer”."
			v = ""
		}
		a.set(q.Key, v)
	}
	if len(problems) > 0 {
		return a, problems
	}
	return a, nil
}
