package server

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestPublishNeedsPayRange (issue 17): a role located in a place of the
// site's pay_transparency list is not published without a pay range, and
// says why; the editor refuses bad ranges next to the fields, keeping
// what was typed and storing nothing; with a range, the role page and
// the list show it and the JSON-LD carries a valid baseSalary.
func TestPublishNeedsPayRange(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	a.addAccount("pay-rec@example.com", "Pat Recruiter", "pay password 1234", false)
	rec := a.browser()
	rec.signIn("pay-rec@example.com", "pay password 1234")

	form := url.Values{
		"title": {"Pay Range Intern"}, "team": {"Studio Tools"}, "area": {"technology"},
		"locations": {"Los Gatos, CA\nAlbuquerque, NM"}, "mode": {"hybrid"}, "degrees": {"bachelors"},
		"season": {"Summer 2027"}, "description": {"Build tools."}, "action": {"save"},
		"pay_currency": {"USD"}, "pay_unit": {"hour"},
	}
	res, _ := rec.post("/admin/roles/new", form)
	edit := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a draft without pay is refused: %d", res.StatusCode)
	}
	base := strings.TrimSuffix(edit, "/edit")
	version := func() string {
		t.Helper()
		_, body := rec.get(edit)
		m := regexpVersion.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no version on the edit form")
		}
		return m[1]
	}
	payColumns := func() string {
		t.Helper()
		var got string
		if err := a.pool.QueryRow(ctx, `SELECT concat_ws(' ', status, pay_min, pay_max, pay_currency, pay_unit)
			FROM roles WHERE slug = 'pay-range-intern'`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		return got
	}

	// Publishing from the list is refused, naming the place.
	rec.post(base+"/publish", nil)
	_, body := rec.get("/admin/roles")
	if want := "Add a pay range before publishing: Los Gatos, CA requires one in job postings."; !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("the roles list does not say %q", want)
	}
	if res, _ := a.get("/roles/pay-range-intern"); res.StatusCode != http.StatusNotFound || payColumns() != "draft" {
		t.Fatalf("published without a pay range: %d, %s", res.StatusCode, payColumns())
	}

	// Bad ranges: a message by the field, the typed values kept, nothing stored.
	bad := []struct {
		min, max, currency, unit, field, message string
	}{
		{"60", "45", "USD", "hour", "pay_max", "The maximum must be at least the minimum (60)."},
		{"-5", "45", "USD", "hour", "pay_min", "The minimum must be more than zero."},
		{"45", "", "USD", "hour", "pay_max", "Enter the maximum too, or leave both amounts empty."},
		{"45.50", "60", "USD", "hour", "pay_min", "Enter the minimum as a whole number, like 45, without cents."},
		{"45", "60", "ZZZ", "hour", "pay_currency", "Enter the currency as its three-letter code, like USD, EUR or GBP."},
		{"45", "60", "USD", "week", "pay_unit", "Choose whether the range is per hour, per month or per year."},
		{"80000", "95000", "USD", "hour", "pay_max", "That is more than 1,000 USD an hour: check the amount and whether it is per hour, month or year."},
		{"45", "99999999999999999999", "USD", "hour", "pay_max", "The maximum is far too large: check the amount."},
	}
	for _, c := range bad {
		f := cloneForm(form)
		f.Set("version", version())
		f.Set("pay_min", c.min)
		f.Set("pay_max", c.max)
		f.Set("pay_currency", c.currency)
		f.Set("pay_unit", c.unit)
		res, body := rec.post(edit, f)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+c.field+`-error"`) ||
			!strings.Contains(html.UnescapeString(body), c.message) || !strings.Contains(body, `href="#`+c.field+`"`) {
			t.Errorf("%+v: %d, no message %q by %s", c, res.StatusCode, c.message, c.field)
		}
		if c.min != "" && !strings.Contains(body, `value="`+c.min+`"`) {
			t.Errorf("%+v: the typed minimum was not kept", c)
		}
		if got := payColumns(); got != "draft" {
			t.Errorf("%+v: stored %q", c, got)
		}
	}

	// A valid range, with other support, then publishing works.
	form.Set("version", version())
	form.Set("pay_min", "45")
	form.Set("pay_max", "$60")
	form.Set("pay_currency", "usd")
	form.Set("benefits", "Housing stipend and relocation support.")
	if res, body := rec.post(edit, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save with pay: %d\n%s", res.StatusCode, body)
	}
	if got := payColumns(); got != "draft 45 60 USD hour" {
		t.Fatalf("stored %q", got)
	}
	rec.post(base+"/publish", nil)
	res, body = a.get("/roles/pay-range-intern")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("published role: %d", res.StatusCode)
	}
	if !strings.Contains(body, "<dt>Pay</dt><dd>$45–$60 an hour</dd>") ||
		!strings.Contains(body, "<dt>Other support</dt><dd>Housing stipend and relocation support.</dd>") {
		t.Error("the role page does not show the pay range and the support")
	}
	m := ldRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var jp struct {
		BaseSalary map[string]any `json:"baseSalary"`
	}
	if err := json.Unmarshal([]byte(m[1]), &jp); err != nil {
		t.Fatalf("JSON-LD does not parse: %v", err)
	}
	want := map[string]any{"@type": "MonetaryAmount", "currency": "USD", "value": map[string]any{
		"@type": "QuantitativeValue", "minValue": 45.0, "maxValue": 60.0, "unitText": "HOUR"}}
	if !reflect.DeepEqual(jp.BaseSalary, want) {
		t.Errorf("baseSalary %v, want %v", jp.BaseSalary, want)
	}
	if _, body := a.get("/roles"); !strings.Contains(body, "<li>$45–$60 an hour</li>") {
		t.Error("the list does not show the pay range")
	}

	// A published role cannot lose its range; a closed one can, and then
	// cannot be reopened without it.
	form.Set("version", version())
	form.Set("pay_min", "")
	form.Set("pay_max", "")
	res, body = rec.post(edit, form)
	if want := "This role is published, so it needs a pay range: Los Gatos, CA requires one in job postings."; res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(html.UnescapeString(body), want) || !strings.Contains(body, `<a href="#pay_min">`) {
		t.Errorf("removing the pay of a published role: %d, no %q", res.StatusCode, want)
	}
	if got := payColumns(); got != "open 45 60 USD hour" {
		t.Errorf("stored %q", got)
	}
	rec.post(base+"/close", nil)
	form.Set("version", version())
	if res, _ := rec.post(edit, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing the pay of a closed role: %d", res.StatusCode)
	}
	rec.post(base+"/reopen", nil)
	if _, body := rec.get("/admin/roles"); !strings.Contains(html.UnescapeString(body), "Not reopened. Add a pay range before publishing: Los Gatos, CA") {
		t.Error("reopening without pay is not refused with the reason")
	}
	if got := payColumns(); got != "closed" {
		t.Errorf("reopened without pay: %q", got)
	}
}

// TestPublishWithoutPayOutsideTheList: a role only in places not listed
// publishes without a range, and its JSON-LD has no baseSalary.
func TestPublishWithoutPayOutsideTheList(t *testing.T) {
	a := newApp(t)
	a.addAccount("nopay-rec@example.com", "Nia Recruiter", "nopay password 1234", false)
	rec := a.browser()
	rec.signIn("nopay-rec@example.com", "nopay password 1234")
	addRole(t, a.pool, "nm-intern", "Albuquerque Intern", "draft", nil)
	var id int64
	if err := a.pool.QueryRow(t.Context(), `UPDATE roles SET locations = '{"Albuquerque, NM"}', work_mode = 'onsite',
		pay_min = NULL, pay_max = NULL, pay_currency = NULL, pay_unit = NULL WHERE slug = 'nm-intern' RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	rec.post("/admin/roles/"+idStr(id)+"/publish", nil)
	res, body := a.get("/roles/nm-intern")
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<dt>Pay</dt>") {
		t.Fatalf("role outside the list: %d", res.StatusCode)
	}
	if m := ldRe.FindStringSubmatch(body); m == nil || strings.Contains(m[1], "baseSalary") {
		t.Error("JSON-LD missing, or with a baseSalary the role does not have")
	}
}

// TestRolesListPayFilterAndSort: the list filters by pay an hour (a
// monthly range by its hourly equivalent) and sorts best paid first.
func TestRolesListPayFilterAndSort(t *testing.T) {
	a := newApp(t)
	for _, r := range []struct{ slug, pay string }{
		{"pay-hourly", "min 45 max 60 unit hour"},        // 45 an hour
		{"pay-monthly", "min 9000 max 11000 unit month"}, // 9,000 × 12 / 2,080 ≈ 51.92 an hour
		{"pay-euros", "min 70 max 80 unit hour"},         // not in dollars: never compared
	} {
		addRole(t, a.pool, r.slug, "Quokka "+r.slug, "open", nil)
		f := strings.Fields(r.pay)
		currency := "USD"
		if r.slug == "pay-euros" {
			currency = "EUR"
		}
		if _, err := a.pool.Exec(t.Context(), `UPDATE roles SET pay_min = $2, pay_max = $3, pay_unit = $4, pay_currency = $5 WHERE slug = $1`,
			r.slug, f[1], f[3], f[5], currency); err != nil {
			t.Fatal(err)
		}
	}
	_, body := a.get("/roles?q=quokka&pay=50")
	if !strings.Contains(body, "pay-monthly") || strings.Contains(body, "pay-hourly") || strings.Contains(body, "pay-euros") {
		t.Error("pay=50 should keep only the monthly range (about $51.92 an hour)")
	}
	if !strings.Contains(body, "At least $50 an hour") || !strings.Contains(body, `<option value="50" selected>$50 an hour</option>`) {
		t.Error("the pay filter is not shown as chosen")
	}
	_, body = a.get("/roles?q=quokka&sort=pay")
	i, j, k := strings.Index(body, "/roles/pay-monthly"), strings.Index(body, "/roles/pay-hourly"), strings.Index(body, "/roles/pay-euros")
	if i < 0 || j < 0 || k < 0 || i >= j || j >= k {
		t.Errorf("sorted by pay: monthly at %d, hourly at %d, euros at %d; want that order", i, j, k)
	}
	if !strings.Contains(body, "<li>€70–€80 an hour</li>") || !strings.Contains(body, "<li>$9,000–$11,000 a month</li>") {
		t.Error("the list does not show each range in its currency and unit")
	}
}

var regexpVersion = regexp.MustCompile(`name="version" value="(\d+)"`)

func cloneForm(f url.Values) url.Values {
	c := url.Values{}
	for k, v := range f {
		c[k] = append([]string(nil), v...)
	}
	return c
}
