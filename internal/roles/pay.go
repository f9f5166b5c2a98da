package roles

import (
	"strings"
)

// PayUnit is the period a pay range is stated for.
type PayUnit string

// Pay units, as schema.org's unitText names them in lower case.
const (
	PerHour  PayUnit = "hour"
	PerMonth PayUnit = "month"
	PerYear  PayUnit = "year"
)

// PayUnits lists every pay unit in display order.
var PayUnits = []PayUnit{PerHour, PerMonth, PerYear}

// Label is how a range reads after its amounts: "an hour".
func (u PayUnit) Label() string {
	switch u {
	case PerHour:
		return "an hour"
	case PerMonth:
		return "a month"
	case PerYear:
		return "a year"
	}
	return string(u)
}

// Pay is a role's pay range, in whole units of its currency (ISO 4217).
type Pay struct {
	Min, Max int
	Currency string
	Unit     PayUnit
}

// Pay returns the role's pay range, if it has one. The schema keeps the
// four columns all set or all empty.
func (r Role) Pay() (Pay, bool) {
	if r.PayMin == nil || r.PayMax == nil || r.PayCurrency == nil || r.PayUnit == nil {
		return Pay{}, false
	}
	return Pay{Min: *r.PayMin, Max: *r.PayMax, Currency: *r.PayCurrency, Unit: *r.PayUnit}, true
}

// HoursPerYear turns monthly and yearly pay into an hourly equivalent for
// the list's filter and sort: 40 hours a week, 52 weeks a year, so a year
// is 2,080 hours and a month 2,080 / 12.
const HoursPerYear = 2080

// PayFilterCurrency is the currency of the list's "pays at least" filter
// and of its pay sort. Amounts in other currencies cannot be compared
// without an exchange rate, so those roles never pass the filter and sort
// after the roles paid in it.
const PayFilterCurrency = "USD"

// payKeySQL is the key the list filters and sorts by: the bottom of the
// range as a year's pay (an hour's times HoursPerYear, a month's times
// 12), in PayFilterCurrency only; NULL otherwise. Whole numbers, so SQL
// and the index compare exactly; the index reads the key SQL computed
// (Searchable.PayKey), so the two never differ on it.
const payKeySQL = `CASE WHEN pay_currency = 'USD' THEN pay_min::bigint * CASE pay_unit
	WHEN 'hour' THEN 2080 WHEN 'month' THEN 12 ELSE 1 END END`

// PayKeyAtLeast is the smallest key (payKeySQL) of a role that pays at
// least perHour an hour.
func PayKeyAtLeast(perHour int) int64 { return int64(perHour) * HoursPerYear }

// PayRule says where a job posting must show its pay: the places of the
// site's pay_transparency list, by the region after a location's last
// comma ("Los Gatos, CA" is in CA).
type PayRule struct {
	regions map[string]bool
}

// NewPayRule makes the rule for regions, such as "CA" or "NY" (any case).
func NewPayRule(regions []string) PayRule {
	r := PayRule{regions: map[string]bool{}}
	for _, code := range regions {
		r.regions[strings.ToUpper(strings.TrimSpace(code))] = true
	}
	return r
}

// Region is the part of a location after its last comma, trimmed and in
// upper case: "CA" for "Los Gatos, CA"; "" when there is no comma.
func Region(location string) string {
	i := strings.LastIndexByte(location, ',')
	if i < 0 {
		return ""
	}
	return strings.ToUpper(strings.TrimSpace(location[i+1:]))
}

// Requiring lists the locations whose postings must show pay.
func (r PayRule) Requiring(locations []string) []string {
	var out []string
	for _, l := range locations {
		if reg := Region(l); reg != "" && r.regions[reg] {
			out = append(out, l)
		}
	}
	return out
}

// check refuses a role in any of locations going or staying live without
// a pay range.
func (r PayRule) check(locations []string, hasPay, published bool) error {
	if hasPay {
		return nil
	}
	if need := r.Requiring(locations); len(need) > 0 {
		return &PayRequiredError{Locations: need, Published: published}
	}
	return nil
}

// PayRequiredError refuses publishing (or keeping published) a role
// without a pay range where a posting must show one.
type PayRequiredError struct {
	// Locations are the role's places that require it.
	Locations []string
	// Published says the role is already live (an edit was refused), not
	// being published.
	Published bool
}

func (e *PayRequiredError) Error() string {
	verb := "requires"
	if len(e.Locations) > 1 {
		verb = "require"
	}
	start := "Add a pay range before publishing: "
	if e.Published {
		start = "This role is published, so it needs a pay range: "
	}
	return start + andList(e.Locations) + " " + verb + " one in job postings."
}

// andList joins items as English does: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
