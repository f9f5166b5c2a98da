// Package selfid holds voluntary self-identification (US EEO): the four
// questions with the categories the EEO-1 report and the OFCCP voluntary
// forms use, the check of a student's answers, their table (apart from
// the application, one row per application) and the aggregate counts
// admins read, with small counts suppressed.
//
// Nothing here is ever joined into what recruiters or interviewers read
// about an application: only the student (their own answers) and the
// suppressed aggregates reach a page.
package selfid

// Decline is every question's "I do not wish to answer".
const Decline = "decline"

// The questions' keys: form field names and the keys of Problems.
const (
	Gender     = "gender"
	Race       = "race_ethnicity"
	Veteran    = "veteran_status"
	Disability = "disability_status"
)

// Question is one question of the survey with its answers in the order
// shown.
type Question struct {
	Key    string
	Legend string
	// Hint explains the question in a sentence or two.
	Hint    string
	Options []Option
}

// Option is one answer; Note explains it where the category needs it.
type Option struct {
	Value string
	Label string
	Note  string
}

// Label words value for the question key ("" when unknown).
func Label(key, value string) string {
	for _, q := range Questions {
		if q.Key != key {
			continue
		}
		for _, o := range q.Options {
			if o.Value == value {
				return o.Label
			}
		}
	}
	return ""
}

// Questions are the survey, in order.
//
// Gender: the EEO-1 report has only the male and female columns; since
// 2022 the EEOC lets employers count non-binary answers and report them
// in the report's comments, so the survey offers "Non-binary" too rather
// than forcing a choice that does not fit.
var Questions = []Question{
	{
		Key: Gender, Legend: "Gender",
		Hint: "How you describe your gender.",
		Options: []Option{
			{Value: "male", Label: "Male"},
			{Value: "female", Label: "Female"},
			{Value: "nonbinary", Label: "Non-binary", Note: "Counted as its own group here; the federal report has only male and female columns and notes non-binary answers beside them."},
			{Value: Decline, Label: "I do not wish to answer"},
		},
	},
	{
		Key: Race, Legend: "Race and ethnicity",
		Hint: "The categories of the federal EEO-1 report. Choose the one that describes you best.",
		Options: []Option{
			{Value: "hispanic_latino", Label: "Hispanic or Latino", Note: "Of Cuban, Mexican, Puerto Rican, South or Central American, or other Spanish culture or origin, whatever your race."},
			{Value: "white", Label: "White", Note: "Not Hispanic or Latino, with origins in any of the original peoples of Europe, the Middle East or North Africa."},
			{Value: "black", Label: "Black or African American", Note: "Not Hispanic or Latino, with origins in any of the Black racial groups of Africa."},
			{Value: "native_hawaiian_pacific_islander", Label: "Native Hawaiian or Other Pacific Islander", Note: "Not Hispanic or Latino, with origins in any of the original peoples of Hawaii, Guam, Samoa or other Pacific Islands."},
			{Value: "asian", Label: "Asian", Note: "Not Hispanic or Latino, with origins in any of the original peoples of the Far East, Southeast Asia or the Indian subcontinent (for example Cambodia, China, India, Japan, Korea, Malaysia, Pakistan, the Philippine Islands, Thailand and Vietnam)."},
			{Value: "american_indian_alaska_native", Label: "American Indian or Alaska Native", Note: "Not Hispanic or Latino, with origins in any of the original peoples of North and South America (Central America included), keeping ties to a tribe or community."},
			{Value: "two_or_more", Label: "Two or More Races", Note: "Not Hispanic or Latino, and identifying with more than one of the races above."},
			{Value: Decline, Label: "I do not wish to answer"},
		},
	},
	{
		Key: Veteran, Legend: "Protected veteran status",
		Hint: "As a federal contractor we invite veterans to say whether they belong to a protected group. " +
			"The protected groups are: disabled veterans; veterans discharged or released from active duty in the last three years; " +
			"veterans who served on active duty during a war or in a campaign or expedition with a campaign badge; " +
			"and veterans awarded an Armed Forces Service Medal for a military operation.",
		Options: []Option{
			{Value: "protected", Label: "I identify as one or more of the classifications of protected veteran"},
			{Value: "not_protected", Label: "I am not a protected veteran"},
			{Value: Decline, Label: "I do not wish to answer"},
		},
	},
	{
		Key: Disability, Legend: "Disability",
		Hint: "A disability is a condition that substantially limits one or more major life activities, " +
			"such as seeing, hearing, walking, learning, concentrating or working, now or in the past: " +
			"for example diabetes, epilepsy, autism, ADHD, dyslexia, depression, deafness or blindness, or a missing limb. " +
			"Many disabilities cannot be seen.",
		Options: []Option{
			{Value: "yes", Label: "Yes, I have a disability (or previously had one)"},
			{Value: "no", Label: "No, I do not have a disability"},
			{Value: Decline, Label: "I do not wish to answer"},
		},
	},
}
