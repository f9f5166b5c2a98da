package searchindex

import (
	"errors"
	"strconv"
	"strings"
)

// tsquery is a text-search query as PostgreSQL prints it
// (websearch_to_tsquery(...)::text): lexemes in quotes joined by !, &, |,
// and <N> (followed by, N positions on), with parentheses. The index
// evaluates what this parser accepts; anything else goes to SQL.
type tsquery struct {
	op          byte // 'l' lexeme, '!', '&', '|', '<' phrase
	lexeme      string
	distance    int // for '<'
	left, right *tsquery
}

var errUnsupportedQuery = errors.New("query form not supported by the index")

// parseTSQuery parses the printed form; an empty string is a query
// without lexemes (only stop words), which matches nothing.
func parseTSQuery(s string) (*tsquery, error) {
	p := &tsParser{s: s}
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	q, err := p.or()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, errUnsupportedQuery
	}
	return q, nil
}

type tsParser struct {
	s string
	i int
}

func (p *tsParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *tsParser) peek() byte {
	p.space()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// Precedence, loosest first: |, &, <N>, !.
func (p *tsParser) or() (*tsquery, error) {
	l, err := p.and()
	for err == nil && p.peek() == '|' {
		p.i++
		var r *tsquery
		if r, err = p.and(); err == nil {
			l = &tsquery{op: '|', left: l, right: r}
		}
	}
	return l, err
}

func (p *tsParser) and() (*tsquery, error) {
	l, err := p.phrase()
	for err == nil && p.peek() == '&' {
		p.i++
		var r *tsquery
		if r, err = p.phrase(); err == nil {
			l = &tsquery{op: '&', left: l, right: r}
		}
	}
	return l, err
}

func (p *tsParser) phrase() (*tsquery, error) {
	l, err := p.not()
	for err == nil && p.peek() == '<' {
		end := strings.IndexByte(p.s[p.i:], '>')
		if end < 0 {
			return nil, errUnsupportedQuery
		}
		d := 1
		if arg := p.s[p.i+1 : p.i+end]; arg != "-" {
			if d, err = strconv.Atoi(arg); err != nil || d < 0 {
				return nil, errUnsupportedQuery
			}
		}
		p.i += end + 1
		var r *tsquery
		if r, err = p.not(); err == nil {
			l = &tsquery{op: '<', distance: d, left: l, right: r}
		}
	}
	return l, err
}

func (p *tsParser) not() (*tsquery, error) {
	switch p.peek() {
	case '!':
		p.i++
		q, err := p.not()
		if err != nil {
			return nil, err
		}
		return &tsquery{op: '!', left: q}, nil
	case '(':
		p.i++
		q, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ')' {
			return nil, errUnsupportedQuery
		}
		p.i++
		return q, nil
	case '\'':
		return p.lexeme()
	}
	return nil, errUnsupportedQuery
}

// lexeme reads 'text', where ” is a quote; a weight or prefix marker
// (:*, :AB) is not something websearch_to_tsquery writes.
func (p *tsParser) lexeme() (*tsquery, error) {
	p.i++ // the opening quote
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		if c == '\'' {
			if p.i < len(p.s) && p.s[p.i] == '\'' {
				b.WriteByte('\'')
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == ':' {
				return nil, errUnsupportedQuery
			}
			return &tsquery{op: 'l', lexeme: b.String()}, nil
		}
		if c == '\\' && p.i < len(p.s) {
			c = p.s[p.i]
			p.i++
		}
		b.WriteByte(c)
	}
	return nil, errUnsupportedQuery
}

// lexemes lists the query's positive lexemes (not under !), which rank.
func (q *tsquery) lexemes(into []string, negated bool) []string {
	if q == nil {
		return into
	}
	switch q.op {
	case 'l':
		if !negated {
			into = append(into, q.lexeme)
		}
	case '!':
		return q.left.lexemes(into, !negated)
	default:
		into = q.left.lexemes(into, negated)
		into = q.right.lexemes(into, negated)
	}
	return into
}
