package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

var testPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// addRole inserts a role for a test and returns its slug. Its places
// need a pay range (content/site.yaml's pay_transparency), so it has
// one, 45 to 60 dollars an hour, and publishing it by hand works.
func addRole(t *testing.T, pool *pgxpool.Pool, slug, title, status string, closesAt *time.Time) string {
	t.Helper()
	var opens *time.Time
	if status != "draft" {
		o := time.Now().Add(-48 * time.Hour)
		opens = &o
	}
	_, err := pool.Exec(context.Background(), `
		INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at, closes_at,
		                   pay_min, pay_max, pay_currency, pay_unit)
		VALUES ($1, $2, 'Playback', 'technology', '{"Los Gatos, CA","Remote, US"}', 'hybrid', '{bachelors,masters}',
		        'Summer 2027', $3, $4, $5, $6, 45, 60, 'USD', 'hour')`,
		slug, title, "Build **great** things.\n\n<script>alert('desc')</script>\n\n[x](javascript:alert(1))", status, opens, closesAt)
	if err != nil {
		t.Fatal(err)
	}
	return slug
}

// form is an apply form submission.
type form struct {
	fields   [][2]string
	fileName string
	file     []byte
	// fileField names the file's part: "resume" when empty.
	fileField string
	// files are more file parts (answers to file questions).
	files []filePart
}

type filePart struct {
	field, name string
	data        []byte
}

func validForm(email string) *form {
	return &form{
		fields: [][2]string{
			{"submission_key", "key-" + regexp.MustCompile(`[^A-Za-z0-9]`).ReplaceAllString(email, "-") + "-0123456789"},
			{"full_name", "Zoë 山田 🚀"},
			{"email", email},
			{"phone", ""},
			{"university", "Université de Montréal"},
			{"degree", "bachelors"},
			{"grad_month", "5"},
			{"grad_year", "2028"},
			{"linkedin", "https://www.linkedin.com/in/zoe"},
			{"why", "I have wanted to work on playback since I was twelve."},
			{"consent", "yes"},
			{"hp_extra_notes", ""},
		},
		fileName: "cv.pdf",
		file:     testPDF,
	}
}

func (f *form) set(name, value string) *form {
	for i := range f.fields {
		if f.fields[i][0] == name {
			f.fields[i][1] = value
			return f
		}
	}
	f.fields = append(f.fields, [2]string{name, value})
	return f
}

func (f *form) drop(name string) *form {
	for i := range f.fields {
		if f.fields[i][0] == name {
			f.fields = append(f.fields[:i], f.fields[i+1:]...)
			return f
		}
	}
	return f
}

func (f *form) encode(t *testing.T) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range f.fields {
		if err := mw.WriteField(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if f.file != nil {
		field := f.fileField
		if field == "" {
			field = "resume"
		}
		w, err := mw.CreateFormFile(field, f.fileName)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(f.file)
	}
	for _, p := range f.files {
		w, err := mw.CreateFormFile(p.field, p.name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(p.data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

// apply posts f to the role's apply URL as a same-origin browser would.
func (a *testApp) apply(slug string, f *form) (*http.Response, string) {
	a.t.Helper()
	body, ctype := f.encode(a.t)
	req, err := http.NewRequest(http.MethodPost, a.srv.URL+"/roles/"+slug+"/apply", body)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return a.do(req)
}

func (a *testApp) applicationCount(slug string) int {
	a.t.Helper()
	var n int
	err := a.pool.QueryRow(context.Background(),
		`SELECT count(*) FROM applications a JOIN roles r ON r.id = a.role_id WHERE r.slug = $1`, slug).Scan(&n)
	if err != nil {
		a.t.Fatal(err)
	}
	return n
}
