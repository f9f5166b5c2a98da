package roles

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/currency"

	"example.com/careers/internal/text"
)

// Limits of a pay range as typed. No intern earns more than 1,000 an
// hour in a currency like the dollar: above it, the amount is a year's
// pay typed as an hour's (or a typo). Currencies worth far less per unit
// get a ceiling that holds for all of them (an intern's hour is about
// 12,000 won); it also keeps every stored key (payKeySQL) far inside the
// integer range.
const (
	maxPayPerHour       = 200_000
	maxPayPerHourStrong = 1_000
	maxBenefits         = 500
	// maxPayAmount is the schema's own ceiling (migration 00022).
	maxPayAmount = 1_000_000_000
)

// strongCurrencies are those where one unit is worth about a dollar or
// more, for which maxPayPerHourStrong applies.
var strongCurrencies = []string{"USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SGD", "KWD", "BHD", "OMR", "JOD"}

// hourCeiling is the most an hour's pay may be in code.
func hourCeiling(code string) int {
	if slices.Contains(strongCurrencies, code) {
		return maxPayPerHourStrong
	}
	return maxPayPerHour
}

// notMoney are ISO 4217 codes that are not a currency anyone is paid in:
// precious metals, drawing rights, "no currency" and the testing code.
var notMoney = []string{"XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA", "XTS", "XXX"}

// checkedPay is a validated pay range, or nil when none was given.
type checkedPay struct {
	min, max int
	currency string
	unit     PayUnit
}

// validatePay reads the pay fields of in into c, adding problems to errs.
// Both amounts empty means no range (currency and unit are then ignored:
// the form fills them in by default).
func (in *Input) validatePay(c *checked, errs map[string]string) {
	in.PayMin, in.PayMax = strings.TrimSpace(in.PayMin), strings.TrimSpace(in.PayMax)
	in.PayCurrency = strings.ToUpper(strings.TrimSpace(in.PayCurrency))
	in.Benefits = text.Block(in.Benefits, maxBenefits*2)
	c.benefits = in.Benefits
	if text.Runes(c.benefits) > maxBenefits {
		errs["benefits"] = "Write at most 500 characters about other support, or leave it empty."
	}
	if in.PayMin == "" && in.PayMax == "" {
		return
	}
	p := checkedPay{currency: in.PayCurrency, unit: PayUnit(in.PayUnit)}
	var okMin, okMax bool
	p.min, okMin = amount(in.PayMin, "minimum", "pay_min", errs)
	p.max, okMax = amount(in.PayMax, "maximum", "pay_max", errs)
	if okMin && okMax && p.min > p.max {
		errs["pay_max"] = "The maximum must be at least the minimum (" + strconv.Itoa(p.min) + ")."
	}
	if u, err := currency.ParseISO(p.currency); err != nil || len(p.currency) != 3 || slices.Contains(notMoney, p.currency) {
		errs["pay_currency"] = "Enter the currency as its three-letter code, like USD, EUR or GBP."
	} else {
		p.currency = u.String()
	}
	if !slices.Contains(PayUnits, p.unit) {
		errs["pay_unit"] = "Choose whether the range is per hour, per month or per year."
	} else if ceiling := hourCeiling(p.currency); okMax && hourly(p.max, p.unit) > ceiling && errs["pay_max"] == "" {
		errs["pay_max"] = "That is more than " + grouped(ceiling) + " " + p.currency + " an hour: check the amount and whether it is per hour, month or year."
	}
	if okMin && okMax {
		c.pay = &p
	}
}

// amount reads a whole amount such as "45" or "45,000" (a leading
// currency sign is forgiven), or records why it cannot.
func amount(s, name, field string, errs map[string]string) (int, bool) {
	if s == "" {
		errs[field] = "Enter the " + name + " too, or leave both amounts empty."
		return 0, false
	}
	s = strings.ReplaceAll(strings.TrimLeft(s, "$€£¥ "), ",", "")
	n, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"), err == nil && n > maxPayAmount:
		errs[field] = "The " + name + " is far too large: check the amount."
	case err != nil && strings.Contains(s, "."):
		errs[field] = "Enter the " + name + " as a whole number, like 45, without cents."
	case err != nil && strings.HasPrefix(s, "-"), err == nil && n <= 0:
		errs[field] = "The " + name + " must be more than zero."
	case err != nil:
		errs[field] = "Enter the " + name + " as a whole number, like 45."
	default:
		return n, true
	}
	return 0, false
}

// hourly is an amount per unit as an hourly equivalent (HoursPerYear),
// rounded down.
func hourly(n int, u PayUnit) int {
	switch u {
	case PerMonth:
		return n * 12 / HoursPerYear
	case PerYear:
		return n / HoursPerYear
	}
	return n
}

// grouped writes n with thousands separators: 200,000.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
