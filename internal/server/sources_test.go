package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// TestSourceJourney: a recruiter creates a named source landing on a
// role; its short link leads to the role page with the source in the
// URL, the page's links carry it to the form (a cached page reached
// without it does not), an error keeps it, and the application stores
// it; utm_ links count too; the admin list filters by it and the CSV
// names it.
func TestSourceJourney(t *testing.T) {
	probe := &cacheProbe{}
	a := newApp(t, withPageCache(t, probe))
	ctx := context.Background()
	a.addAccount("sources-rec@example.com", "Nguyễn Thị Ánh", "sources password 123", false)
	rec := a.browser()
	rec.signIn("sources-rec@example.com", "sources password 123")
	slug := addRole(t, a.pool, "sourced-intern", "Sourced Intern", "open", nil)
	var roleID int64
	if err := a.pool.QueryRow(ctx, `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID); err != nil {
		t.Fatal(err)
	}

	if res, body := rec.post("/admin/sources", url.Values{"name": {""}, "role": {"999999999"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `<a href="#name">Enter a name`) || !strings.Contains(body, `<a href="#role">Choose a role`) {
		t.Fatalf("blank source: %d", res.StatusCode)
	}
	res, _ := rec.post("/admin/sources", url.Values{"name": {"Feria de empleo, Universidad de Chile"}, "role": {idStr(roleID)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add source: %d", res.StatusCode)
	}
	page := res.Header.Get("Location")
	const code = "feria-de-empleo-universidad-de-chile"
	short := "http://careers.test/s/" + code
	if _, body := rec.get(page); !strings.Contains(body, "<code>"+short+"</code>") || !strings.Contains(body, `<svg class="qr-print"`) {
		t.Fatalf("source page %s lacks the short link or the code", page)
	}
	if res, body := rec.post("/admin/sources", url.Values{"name": {"Copy"}, "code": {code}}); res.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "already uses the code") {
		t.Fatalf("taken code: %d", res.StatusCode)
	}

	res, _ = a.get("/s/" + code)
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/roles/"+slug+"?src="+code {
		t.Fatalf("short link: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := a.get("/s/no-such-source"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown short link: %d", res.StatusCode)
	}

	// The role page, first without a source (now cached), then with one:
	// each gets its own links.
	applyLink := regexp.MustCompile(`href="(/roles/` + slug + `/apply[^"]*)"`)
	_, plain := a.get("/roles/" + slug)
	_, sourced := a.get("/roles/" + slug + "?src=" + code)
	_, plainAgain := a.get("/roles/" + slug)
	for name, c := range map[string]struct {
		body, want string
	}{"plain": {plain, "/roles/" + slug + "/apply"}, "sourced": {sourced, "/roles/" + slug + "/apply?src=" + code}, "plain again": {plainAgain, "/roles/" + slug + "/apply"}} {
		m := applyLink.FindStringSubmatch(c.body)
		if m == nil || m[1] != c.want {
			t.Fatalf("%s role page: apply link %v, want %q", name, m, c.want)
		}
	}
	// The list keeps a utm_ tag in its role links and its search form.
	_, list := a.get("/roles?utm_source=Newsletter&utm_medium=Email")
	if !strings.Contains(list, `href="/roles/`+slug+`?src=newsletter&amp;utm_medium=email"`) ||
		!strings.Contains(list, `<input type="hidden" name="src" value="newsletter">`) {
		t.Fatal("the roles list drops the source from its links")
	}
	_, form := a.get("/roles/" + slug + "/apply?src=" + code)
	if !strings.Contains(form, `<input type="hidden" name="src" value="`+code+`">`) {
		t.Fatal("the apply form does not carry the source")
	}

	// An error keeps the source; the application stores it.
	f := validForm("ánh.source@example.com").set("full_name", "Ánh O'Brien-Nguyễn").set("src", code).drop("consent")
	res, body := a.apply(slug, f)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `name="src" value="`+code+`"`) {
		t.Fatalf("error: %d, source kept: %t", res.StatusCode, strings.Contains(body, `name="src"`))
	}
	if res, _ := a.apply(slug, f.set("consent", "yes")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d", res.StatusCode)
	}
	news := validForm("news@example.com").set("utm_source", "Newsletter").set("utm_medium", "email").set("utm_campaign", "=HYPERLINK(1)")
	if res, _ := a.apply(slug, news); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply from the newsletter: %d", res.StatusCode)
	}
	if res, _ := a.apply(slug, validForm("direct@example.com")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply directly: %d", res.StatusCode)
	}
	stored := map[string]string{}
	rows, err := a.pool.Query(ctx, `SELECT email, concat_ws('/', source, source_medium, source_campaign) FROM applications WHERE role_id = $1`, roleID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e, s string
		_ = rows.Scan(&e, &s)
		stored[e] = s
	}
	rows.Close()
	if stored["ánh.source@example.com"] != code || stored["news@example.com"] != "newsletter/email/hyperlink1" || stored["direct@example.com"] != "" {
		t.Fatalf("stored sources: %v", stored)
	}

	// Recruiters filter by it, see it on the application and in the CSV.
	_, adminList := rec.get("/admin/applications?source=" + code)
	if !strings.Contains(adminList, "Ánh O&#39;Brien-Nguyễn") || strings.Contains(adminList, "news@example.com") ||
		!strings.Contains(adminList, `<option value="`+code+`" selected>`) {
		t.Fatal("the admin list does not filter by source")
	}
	_, csvBody := rec.get("/admin/applications.csv?role=" + idStr(roleID))
	recs, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("csv: %d rows, %v", len(recs), err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == "source" {
			col = i
		}
	}
	var csvSources []string
	for _, r := range recs[1:] {
		csvSources = append(csvSources, r[col])
	}
	if col < 0 || !strings.Contains(strings.Join(csvSources, ","), code) || !strings.Contains(strings.Join(csvSources, ","), "newsletter") {
		t.Fatalf("csv source column %d: %v", col, csvSources)
	}
	if _, body := rec.get(page); !strings.Contains(body, "Applications from this source</a>: 1<") {
		t.Fatal("the source page does not count its application")
	}

	interviewer := a.browser()
	a.addInterviewer("sources-int@example.com", "Ōta Hiroshi", "sources password 456")
	interviewer.signIn("sources-int@example.com", "sources password 456")
	if res, _ := interviewer.get("/admin/sources"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("interviewer on sources: %d", res.StatusCode)
	}
}

// TestSourceQRCodes decodes both downloads with a QR reader: each must
// read back as the short link.
func TestSourceQRCodes(t *testing.T) {
	a := newApp(t)
	a.addAccount("qr-rec@example.com", "Þóra Guðmundsdóttir", "qr password 123456", false)
	rec := a.browser()
	rec.signIn("qr-rec@example.com", "qr password 123456")
	res, _ := rec.post("/admin/sources", url.Values{"name": {"Club de programación"}, "code": {"club-prog"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	page := res.Header.Get("Location")
	const want = "http://careers.test/s/club-prog"

	res, body := rec.get(page + "/qr.png")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" ||
		res.Header.Get("Content-Disposition") != `attachment; filename="source-club-prog.png"` {
		t.Fatalf("png: %d %v", res.StatusCode, res.Header)
	}
	img, err := png.Decode(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() < 900 || img.Bounds().Dx() > 1024 {
		t.Errorf("png is %d pixels wide", img.Bounds().Dx())
	}
	if got := decodeQR(t, img); got != want {
		t.Fatalf("png decodes to %q", got)
	}

	res, body = rec.get(page + "/qr.svg")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("svg: %d %v", res.StatusCode, res.Header)
	}
	if got := decodeQR(t, rasterizeQRSVG(t, body, 8)); got != want {
		t.Fatalf("svg decodes to %q", got)
	}
}

func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return res.GetText()
}

// rasterizeQRSVG draws the SVG the site makes (a viewBox and one path of
// unit squares "Mx yh1v1h-1z") at scale pixels per unit. It parses the
// file as XML first, so a malformed file fails here.
func rasterizeQRSVG(t *testing.T, svg string, scale int) image.Image {
	t.Helper()
	var doc struct {
		ViewBox string `xml:"viewBox,attr"`
		Title   string `xml:"title"`
		Path    struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.NewDecoder(bytes.NewReader([]byte(svg))).Decode(&doc); err != nil {
		t.Fatalf("svg is not XML: %v", err)
	}
	if !strings.Contains(doc.Title, "QR code for") {
		t.Errorf("svg title %q", doc.Title)
	}
	vb := strings.Fields(doc.ViewBox)
	if len(vb) != 4 {
		t.Fatalf("viewBox %q", doc.ViewBox)
	}
	size, _ := strconv.Atoi(vb[2])
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	squares := regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(doc.Path.D, -1)
	if len(squares) == 0 {
		t.Fatal("svg path has no modules")
	}
	for _, m := range squares {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		for dy := range scale {
			for dx := range scale {
				img.SetGray(x*scale+dx, y*scale+dy, color.Gray{})
			}
		}
	}
	return img
}
