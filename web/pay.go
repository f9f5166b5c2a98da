package web

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/currency"

	"example.com/careers/internal/roles"
)

// PayText writes a pay range as the role page and the list show it:
// "$45–$60 an hour", "€2,500 a month" when both ends are equal.
func PayText(p roles.Pay) string {
	text := money(p.Min, p.Currency)
	if p.Max != p.Min {
		text += "–" + money(p.Max, p.Currency)
	}
	return text + " " + p.Unit.Label()
}

// payLine is r's pay range as text, or "" when it has none.
func payLine(r roles.Role) string {
	if p, ok := r.Pay(); ok {
		return PayText(p)
	}
	return ""
}

// money writes a whole amount with its currency's symbol: "$45,000",
// "CA$45", "£30"; a currency without a symbol of its own keeps its code
// ("CHF 45"). The symbol is CLDR's, through golang.org/x/text: its
// formatter's own output ("$ 45.00") spaces the symbol and shows cents
// that whole amounts never have.
func money(n int, code string) string {
	sym := code
	if u, err := currency.ParseISO(code); err == nil {
		sym, _, _ = strings.Cut(english.Sprint(currency.Symbol(u.Amount(0))), " ")
	}
	if sym == "" || sym == code {
		return code + " " + thousands(n)
	}
	return sym + thousands(n)
}

// minPayChoices are the "pays at least" filter's amounts an hour.
var minPayChoices = []int{20, 25, 30, 40, 50, 60}

// PayChoice is one option of the pay filter.
type PayChoice struct {
	Value, Label string
}

// PayChoices lists the pay filter's options, with the one chosen in the
// URL among them even when it is not one of the usual amounts.
func (v RolesView) PayChoices() []PayChoice {
	amounts := slices.Clone(minPayChoices)
	if chosen := v.Result.Query.MinPay; chosen > 0 && !slices.Contains(amounts, chosen) {
		amounts = append(amounts, chosen)
		slices.Sort(amounts)
	}
	list := make([]PayChoice, 0, len(amounts))
	for _, n := range amounts {
		list = append(list, PayChoice{strconv.Itoa(n), money(n, roles.PayFilterCurrency) + " an hour"})
	}
	return list
}

// minPayChip names the pay filter in the active filters.
func minPayChip(n int) string {
	return "At least " + money(n, roles.PayFilterCurrency) + " an hour"
}
