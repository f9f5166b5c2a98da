package questions_test

import (
	"strings"
	"testing"

	"example.com/careers/content"
	contentpkg "example.com/careers/internal/content"
	"example.com/careers/internal/questions"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name  string
		form  questions.Form
		field string // "" when the form is fine
	}{
		{"short text", questions.Form{Kind: "short_text", Label: "Your favourite film?"}, ""},
		{"no label", questions.Form{Kind: "short_text", Label: "  "}, "label"},
		{"unknown kind", questions.Form{Kind: "essay", Label: "x"}, "kind"},
		{"limit not a number", questions.Form{Kind: "long_text", Label: "x", MaxChars: "lots"}, "max_chars"},
		{"limit too high", questions.Form{Kind: "long_text", Label: "x", MaxChars: "10001"}, "max_chars"},
		{"one option", questions.Form{Kind: "single_choice", Label: "x", Options: "Only\n\n"}, "options"},
		{"knockout not an option", questions.Form{Kind: "single_choice", Label: "x", Options: "A\nB", Knockouts: "C", Requirement: "Needs A."}, "knockouts"},
		{"knockout without requirement", questions.Form{Kind: "yes_no", Label: "Visa?", Knockouts: "Yes"}, "requirement"},
		{"knockout on text", questions.Form{Kind: "short_text", Label: "x", Knockouts: "no", Requirement: "r"}, "knockouts"},
		{"every answer knocked out", questions.Form{Kind: "yes_no", Label: "x", Knockouts: "Yes\nNo", Requirement: "r"}, "knockouts"},
		{"knockout", questions.Form{Kind: "yes_no", Label: "Visa?", Knockouts: "Yes", Requirement: "This role cannot sponsor a work visa."}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, p := questions.Parse(tc.form)
			if tc.field == "" {
				if p != nil {
					t.Fatalf("refused: %s", p.Detail())
				}
				if q.Kind == questions.YesNo && strings.Join(q.Options, ",") != "Yes,No" {
					t.Fatalf("yes/no options %v", q.Options)
				}
				return
			}
			if p[tc.field] == "" {
				t.Fatalf("want a problem with %s, got %v", tc.field, p)
			}
		})
	}
	q, _ := questions.Parse(questions.Form{Kind: "long_text", Label: "Tell us"})
	if q.Limit() != questions.DefaultLongChars {
		t.Fatalf("default long limit %d", q.Limit())
	}
	q, _ = questions.Parse(questions.Form{Kind: "short_text", Label: "Tell us", Knockouts: "", Requirement: "ignored"})
	if q.Requirement != "" || q.Limit() != questions.DefaultShortChars {
		t.Fatalf("a question without knockouts kept %q, limit %d", q.Requirement, q.Limit())
	}
}

// every is one question of each kind, as the store would return them.
func every() []questions.Question {
	mk := func(id int64, f questions.Form) questions.Question {
		q, p := questions.Parse(f)
		if p != nil {
			panic(p.Detail())
		}
		q.ID, q.Position = id, int(id-1)
		return q
	}
	return []questions.Question{
		mk(1, questions.Form{Kind: "short_text", Label: "Préféré: café or thé?", Required: true, MaxChars: "10"}),
		mk(2, questions.Form{Kind: "long_text", Label: "Tell us about a project", Required: true, MaxChars: "50"}),
		mk(3, questions.Form{Kind: "single_choice", Label: "Graduation window", Required: true, Options: "2027\n2028"}),
		mk(4, questions.Form{Kind: "multi_choice", Label: "Languages", Options: "Go\nRust\n日本語"}),
		mk(5, questions.Form{Kind: "yes_no", Label: "Need sponsorship?", Required: true, Knockouts: "Yes", Requirement: "This role cannot sponsor a work visa."}),
		mk(6, questions.Form{Kind: "link", Label: "Portfolio"}),
		mk(7, questions.Form{Kind: "file", Label: "Writing sample", Required: true}),
	}
}

func values(fields map[string][]string, files map[string]questions.Upload) questions.Values {
	if files == nil {
		files = map[string]questions.Upload{}
	}
	return questions.Values{Fields: fields, Files: files}
}

func TestReadEveryKind(t *testing.T) {
	qs := every()
	pdf := questions.Upload{FileName: "../sample.pdf", Data: []byte("%PDF-1.7 words")}

	// All blank: every required question is named, in order; optional
	// ones are not.
	_, errs := questions.Read(qs, values(map[string][]string{}, nil))
	var got []string
	for _, e := range errs {
		got = append(got, e.Field)
	}
	if strings.Join(got, ",") != "q1,q2,q3,q5,q7" {
		t.Fatalf("blank form: errors for %v", got)
	}
	for _, e := range errs {
		if !strings.Contains(e.Message, "“") {
			t.Fatalf("%s: the message does not name the question: %q", e.Field, e.Message)
		}
	}

	good := map[string][]string{"q1": {" café "}, "q2": {"I built a tiny compiler."}, "q3": {"2028"}, "q4": {"Go", "日本語", "Go"},
		"q5": {"No"}, "q6": {""}}
	answers, errs := questions.Read(qs, values(good, map[string]questions.Upload{"q7": pdf}))
	if len(errs) > 0 {
		t.Fatalf("good answers refused: %v", errs)
	}
	if len(answers) != 6 { // the optional link left blank is not stored
		t.Fatalf("%d answers", len(answers))
	}
	if answers[0].Text != "café" || answers[0].Label != "Préféré: café or thé?" {
		t.Fatalf("first answer %+v", answers[0])
	}
	if strings.Join(answers[3].Choices, ",") != "Go,日本語" {
		t.Fatalf("choices %v", answers[3].Choices)
	}
	if answers[5].FileName == nil || *answers[5].FileName != "sample.pdf" {
		t.Fatalf("file name %v", answers[5].FileName)
	}

	for _, tc := range []struct {
		name, field string
		fields      map[string][]string
		files       map[string]questions.Upload
		want        string
	}{
		{"too long", "q1", map[string][]string{"q1": {"ten letters!"}}, nil, "shorten it to 10"},
		{"not an option", "q3", map[string][]string{"q3": {"2031"}}, nil, "Choose one of the answers"},
		{"two answers to a single choice", "q3", map[string][]string{"q3": {"2027", "2028"}}, nil, "only one"},
		{"knockout", "q5", map[string][]string{"q5": {"Yes"}}, nil, "This role cannot sponsor a work visa."},
		{"javascript link", "q6", map[string][]string{"q6": {"javascript:alert(1)"}}, nil, "https://"},
		{"not a PDF", "q7", nil, map[string]questions.Upload{"q7": {FileName: "x.pdf", Data: []byte("MZ...")}}, "must be a PDF"},
		{"file too big", "q7", nil, map[string]questions.Upload{"q7": {FileName: "x.pdf", Data: append([]byte("%PDF-"), make([]byte, 5<<20)...)}}, "larger than 5 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fields := map[string][]string{}
			for k, v := range good {
				fields[k] = v
			}
			for k, v := range tc.fields {
				fields[k] = v
			}
			files := map[string]questions.Upload{"q7": pdf}
			for k, v := range tc.files {
				files[k] = v
			}
			_, errs := questions.Read(qs, values(fields, files))
			if len(errs) != 1 || errs[0].Field != tc.field || !strings.Contains(errs[0].Message, tc.want) {
				t.Fatalf("want one error on %s with %q, got %v", tc.field, tc.want, errs)
			}
		})
	}
}

func TestKnockoutMessageNamesTheRequirement(t *testing.T) {
	q := every()[4]
	msg := questions.KnockoutMessage(q, "Yes")
	for _, want := range []string{"This role cannot sponsor a work visa.", "“Yes”", "Need sponsorship?", "nothing has been stored"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("%q lacks %q", msg, want)
		}
	}
	if got := questions.Requirements(append(every(), q)); len(got) != 1 || got[0] != q.Requirement {
		t.Fatalf("requirements %v", got)
	}
}

func TestEstimateAndWarnings(t *testing.T) {
	if m := questions.Minutes(nil); m != 8 {
		t.Fatalf("the standard form: %d minutes", m)
	}
	if w := questions.Warnings(every()); len(w) != 0 {
		t.Fatalf("seven short questions warned: %v", w)
	}
	var many []questions.Question
	for range 13 {
		many = append(many, questions.Question{Kind: questions.YesNo})
	}
	if w := questions.Warnings(many); len(w) != 1 || !strings.Contains(w[0], "13 questions") {
		t.Fatalf("13 questions: %v", w)
	}
	long := 5000
	essays := []questions.Question{{Kind: questions.LongText, MaxChars: &long}, {Kind: questions.LongText, MaxChars: &long}}
	if m := questions.Minutes(essays); m <= questions.WarnMinutes {
		t.Fatalf("two 5,000-character essays: %d minutes", m)
	}
	if w := questions.Warnings(essays); len(w) != 1 || !strings.Contains(w[0], "more than 15") {
		t.Fatalf("long form: %v", w)
	}
}

// TestShippedQuestionSets: the sets in content/ parse and pass the
// editor's checks.
func TestShippedQuestionSets(t *testing.T) {
	site, err := contentpkg.Load(content.FS, contentpkg.NewMarkdown())
	if err != nil {
		t.Fatal(err)
	}
	if len(site.QuestionSets) < 2 {
		t.Fatalf("%d question sets shipped", len(site.QuestionSets))
	}
	if err := questions.CheckSets(site.QuestionSets); err != nil {
		t.Fatal(err)
	}
	bad := contentpkg.QuestionSet{Name: "Broken", Questions: []contentpkg.QuestionSpecText{{Kind: "single_choice", Label: "Pick", Options: []string{"one"}}}}
	if err := questions.CheckSets([]contentpkg.QuestionSet{bad}); err == nil || !strings.Contains(err.Error(), `"Broken", question 1`) {
		t.Fatalf("a broken set: %v", err)
	}
}
