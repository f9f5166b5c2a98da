package web

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"example.com/careers/internal/i18n"
	"example.com/careers/internal/roles"
)

// PayText writes a pay range as the role page and the list show it, in
// ctx's language: "$45–$60 an hour", "€2,500 a month" when both ends are
// equal ("US$45–US$60 por hora", "2.500 €" in Spanish).
func PayText(ctx context.Context, p roles.Pay) string {
	pr := Printer(ctx)
	amount := money(pr, p.Min, p.Currency)
	if p.Max != p.Min {
		amount = pr.T("browse.pay.range", "Min", amount, "Max", money(pr, p.Max, p.Currency))
	}
	id := "browse.pay." + string(p.Unit)
	if s := pr.T(id, "Amount", amount); s != id {
		return s
	}
	return amount + " " + p.Unit.Label()
}

// payLine is r's pay range as text, or "" when it has none.
func payLine(ctx context.Context, r roles.Role) string {
	if p, ok := r.Pay(); ok {
		return PayText(ctx, p)
	}
	return ""
}

// money writes a whole amount with its currency's symbol as p's language
// writes it: "$45,000", "CA$45", "£30" in English, "US$45" in Spanish; a
// currency without a symbol of its own keeps its code ("CHF 45"). The
// symbol is CLDR's, through golang.org/x/text: its formatter's own output
// ("$ 45.00") spaces the symbol and shows cents that whole amounts never
// have.
func money(p *i18n.Printer, n int, code string) string {
	sym := code
	if u, err := currency.ParseISO(code); err == nil {
		sym, _, _ = strings.Cut(symbolPrinter(p.Lang().Tag).Sprint(currency.Symbol(u.Amount(0))), " ")
	}
	if sym == "" || sym == code {
		return code + " " + p.Number(n)
	}
	return sym + p.Number(n)
}

// symbolPrinters are the x/text printers that write currency symbols, by
// language.
var symbolPrinters sync.Map

func symbolPrinter(tag language.Tag) *message.Printer {
	if mp, ok := symbolPrinters.Load(tag); ok {
		return mp.(*message.Printer)
	}
	mp, _ := symbolPrinters.LoadOrStore(tag, message.NewPrinter(tag))
	return mp.(*message.Printer)
}

// minPayChoices are the "pays at least" filter's amounts an hour.
var minPayChoices = []int{20, 25, 30, 40, 50, 60}

// PayChoice is one option of the pay filter.
type PayChoice struct {
	Value, Label string
}

// PayChoices lists the pay filter's options, with the one chosen in the
// URL among them even when it is not one of the usual amounts.
func (v RolesView) PayChoices(ctx context.Context) []PayChoice {
	amounts := slices.Clone(minPayChoices)
	if chosen := v.Result.Query.MinPay; chosen > 0 && !slices.Contains(amounts, chosen) {
		amounts = append(amounts, chosen)
		slices.Sort(amounts)
	}
	p := Printer(ctx)
	list := make([]PayChoice, 0, len(amounts))
	for _, n := range amounts {
		list = append(list, PayChoice{strconv.Itoa(n), p.T("browse.pay.hour", "Amount", money(p, n, roles.PayFilterCurrency))})
	}
	return list
}

// minPayChip names the pay filter in the active filters.
func minPayChip(ctx context.Context, n int) string {
	p := Printer(ctx)
	return p.T("browse.pay.at_least", "Amount", money(p, n, roles.PayFilterCurrency))
}
