package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"strings"
	"testing"
)

// jsPDF is a real, well-formed PDF (a page, and a cross-reference table
// with the right offsets) whose catalog runs JavaScript when opened.
func jsPDF() []byte {
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
		"<< /Type /Action /S /JavaScript /JS (app.alert\\('pdf-js-payload'\\);) >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// applyRaw posts the apply form with the resume part built by hand: its
// file name and Content-Type are the attacker's.
func (a *testApp) applyRaw(slug string, f *form, partType string) (*http.Response, string) {
	a.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range f.fields {
		_ = mw.WriteField(kv[0], kv[1])
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="resume"; filename="`+strings.NewReplacer(`"`, "%22", "\r", "%0D", "\n", "%0A").Replace(f.fileName)+`"`)
	h.Set("Content-Type", partType)
	w, _ := mw.CreatePart(h)
	_, _ = w.Write(f.file)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/roles/"+slug+"/apply", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return a.do(req)
}

// TestHostileUploads: a PDF that runs JavaScript is a PDF, so it is
// accepted, but it reaches recruiters only as a sandboxed, unsniffable
// attachment. HTML and SVG named .pdf are refused whatever type the
// browser claims; HTML behind a %PDF- prefix passes the magic check
// (it is a PDF to every reader that honours the type) and is likewise
// only ever downloaded. No uploaded name reaches a header.
func TestHostileUploads(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "uploads", "Uploads Intern", "open", nil)
	a.addAccount("uploads@example.com", "Uploads", "uploads password 12", false)
	rec := a.browser()
	rec.signIn("uploads@example.com", "uploads password 12")

	refused := []struct {
		name, fileName, partType string
		data                     []byte
	}{
		{"HTML renamed .pdf", "cv.pdf", "application/pdf", []byte("<!doctype html><html><script>alert(1)</script></html>")},
		{"HTML claiming text/html", "cv.html", "text/html", []byte("<html><body onload=alert(1)>")},
		{"SVG renamed .pdf", "cv.pdf", "application/pdf", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)},
		{"whitespace before %PDF-", "cv.pdf", "application/pdf", append([]byte("\n  "), jsPDF()...)},
		{"BOM before %PDF-", "cv.pdf", "application/pdf", append([]byte("\xef\xbb\xbf"), jsPDF()...)},
		{"HTML then %PDF-", "cv.pdf", "application/pdf", append([]byte("<html><script>alert(1)</script>"), jsPDF()...)},
		{"lower-case magic", "cv.pdf", "application/pdf", []byte("%pdf-1.4\n<script>alert(1)</script>")},
		{"empty", "cv.pdf", "application/pdf", nil},
	}
	for i, c := range refused {
		f := validForm("refused-" + idStr(int64(i)) + "@example.com")
		f.fileName, f.file = c.fileName, c.data
		res, body := a.applyRaw(slug, f, c.partType)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#resume">`) {
			t.Errorf("%s: %d, want 422 with a resume error", c.name, res.StatusCode)
		}
	}
	if n := a.applicationCount(slug); n != 0 {
		t.Fatalf("%d applications stored from refused uploads", n)
	}

	accepted := []struct {
		name, fileName, partType string
		data                     []byte
	}{
		{"PDF with /OpenAction JavaScript", `..\..\x"; filename="evil.html` + "\r\nContent-Type: text/html\r\n.pdf", "text/html", jsPDF()},
		{"HTML behind %PDF-", "<img src=x onerror=alert(1)>.html", "text/html", []byte("%PDF-1.4\n<html><script>alert(1)</script></html>\n")},
	}
	idRe := regexp.MustCompile(`href="/admin/applications/(\d+)"`)
	for i, c := range accepted {
		email := "accepted-" + idStr(int64(i)) + "@example.com"
		f := validForm(email)
		f.fileName, f.file = c.fileName, c.data
		if res, _ := a.applyRaw(slug, f, c.partType); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d, want it accepted", c.name, res.StatusCode)
		}
		_, list := rec.get("/admin/applications?q=" + email)
		m := idRe.FindStringSubmatch(list)
		if m == nil {
			t.Fatalf("%s: not listed", c.name)
		}
		_, page := rec.get("/admin/applications/" + m[1])
		checkHTML(t, c.name+": detail page", page)
		path := "/admin/applications/" + m[1] + "/resume"
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			req, _ := http.NewRequest(method, a.srv.URL+path, nil)
			res, body := rec.do(req)
			h := res.Header
			want := map[string]string{
				"Content-Type":           "application/pdf",
				"Content-Disposition":    `attachment; filename="application-` + m[1] + `-resume.pdf"`,
				"X-Content-Type-Options": "nosniff",
				"Cache-Control":          "no-store",
				"Content-Length":         idStr(int64(len(c.data))),
			}
			for k, v := range want {
				if h.Get(k) != v {
					t.Errorf("%s, %s: %s = %q, want %q", c.name, method, k, h.Get(k), v)
				}
			}
			if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("%s, %s: CSP %q, want a sandbox that loads nothing", c.name, method, csp)
			}
			if h.Get("Content-Encoding") != "" {
				t.Errorf("%s: Content-Encoding %q", c.name, h.Get("Content-Encoding"))
			}
			if method == http.MethodGet && !bytes.Equal([]byte(body), c.data) {
				t.Errorf("%s: the download is not the upload, byte for byte", c.name)
			}
		}
		// The page names the file by a cleaned name: no folders, quotes,
		// line breaks or markup.
		var stored string
		if err := a.pool.QueryRow(t.Context(), `SELECT file_name FROM resumes WHERE application_id = $1`, m[1]).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(stored, "\"'<>\\/\r\n;") || !strings.HasSuffix(stored, ".pdf") {
			t.Errorf("%s: stored file name %q", c.name, stored)
		}
	}
}

// TestRFC2231FileNameWithLineBreaks: a resume named through RFC 2231's
// filename* with CR and LF in it (the review found such files silently
// dropped, "choose your resume") is kept, byte for byte, under a cleaned
// name.
func TestRFC2231FileNameWithLineBreaks(t *testing.T) {
	a := newApp(t)
	slug := addRole(t, a.pool, "rfc2231", "RFC 2231 Intern", "open", nil)
	f := validForm("rfc2231@example.com")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range f.fields {
		_ = mw.WriteField(kv[0], kv[1])
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="resume"; filename*=UTF-8''Zo%C3%AB%0D%0AX-Evil%3A%201%0D%0A.pdf`)
	h.Set("Content-Type", "application/pdf")
	w, _ := mw.CreatePart(h)
	_, _ = w.Write(f.file)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/roles/"+slug+"/apply", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res, body := a.do(req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d, want the application stored:\n%s", res.StatusCode, body)
	}
	var name string
	var data []byte
	if err := a.pool.QueryRow(t.Context(), `SELECT r.file_name, r.data FROM resumes r JOIN applications a ON a.id = r.application_id
		WHERE a.email = 'rfc2231@example.com'`).Scan(&name, &data); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(name, "\r\n") || !strings.HasSuffix(name, ".pdf") || !strings.HasPrefix(name, "Zoë") {
		t.Errorf("stored name %q, want it cleaned and kept", name)
	}
	if !bytes.Equal(data, f.file) {
		t.Error("the stored resume is not the upload")
	}
}
