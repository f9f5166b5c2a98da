package server

import (
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/net/html"
)

// dataTables are every table the site writes (River's own tables aside):
// an attack that stored or changed anything shows in one of them.
var dataTables = []string{
	"roles", "applications", "resumes", "application_events", "accounts", "sessions",
	"rate_limit_attempts", "audit_log", "outgoing_mail", "alert_subscriptions", "alert_deliveries",
}

// tableState is each data table's row count and a digest of its rows,
// so an update shows as well as an insert or a delete.
func tableState(t *testing.T, pool *pgxpool.Pool) map[string]string {
	t.Helper()
	state := map[string]string{}
	for _, table := range dataTables {
		var n int64
		var digest *string
		// The table names are this file's constants, not input.
		err := pool.QueryRow(t.Context(),
			`SELECT count(*), md5(string_agg(x::text, '|' ORDER BY x::text)) FROM `+table+` x`).Scan(&n, &digest)
		if err != nil {
			t.Fatalf("state of %s: %v", table, err)
		}
		d := ""
		if digest != nil {
			d = *digest
		}
		state[table] = strings.Join([]string{idStr(n), d}, " ")
	}
	return state
}

// sameTables fails the test when any table changed between two states.
func sameTables(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for _, table := range slices.Sorted(maps.Keys(before)) {
		if before[table] != after[table] {
			t.Errorf("%s changed table %s: %s -> %s", what, table, before[table], after[table])
		}
	}
}

// dangerousScheme reports whether a URL attribute's value would run
// script or smuggle a document, as a browser reads it: case-insensitive,
// with the whitespace and control characters browsers strip ignored.
func dangerousScheme(v string) bool {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(html.UnescapeString(v)))
	for _, s := range []string{"javascript:", "data:", "vbscript:"} {
		if strings.HasPrefix(clean, s) {
			return true
		}
	}
	return false
}

// urlAttrs are the attributes a browser follows or loads.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true,
	"background": true, "data": true, "srcset": true, "cite": true, "longdesc": true, "ping": true,
}

// pageCheck is what checkHTML found in a page besides its problems.
type pageCheck struct {
	// Text is every text node and attribute value, decoded: where a
	// payload shown as text can be found.
	Text string
	// JSONLD is the decoded application/ld+json block, if any.
	JSONLD map[string]any
}

// checkHTML reads page with an HTML tokenizer, as a browser would, and
// fails the test on anything that could run script: a <script> other
// than the site's own (an external /static/ file, or one JSON-LD block
// that decodes), any on* attribute, a javascript:, data: or vbscript:
// URL, or an element that loads or frames other content.
func checkHTML(t *testing.T, where, page string) pageCheck {
	t.Helper()
	var pc pageCheck
	var text strings.Builder
	z := html.NewTokenizer(strings.NewReader(page))
	inScript, ldBlocks := "", 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if !errors.Is(z.Err(), io.EOF) {
				t.Errorf("%s: tokenizer: %v", where, z.Err())
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			if inScript == "ld+json" {
				ldBlocks++
				if err := json.Unmarshal([]byte(tok.Data), &pc.JSONLD); err != nil {
					t.Errorf("%s: the JSON-LD block does not decode (%v): %q", where, err, tok.Data)
				}
			} else if inScript != "" && strings.TrimSpace(tok.Data) != "" {
				t.Errorf("%s: inline script %q", where, tok.Data)
			}
			text.WriteString(tok.Data)
			text.WriteByte('\n')
		case html.EndTagToken:
			if tok.Data == "script" {
				inScript = ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			attr := map[string]string{}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				attr[key] = a.Val
				text.WriteString(a.Val)
				text.WriteByte('\n')
				if strings.HasPrefix(key, "on") {
					t.Errorf("%s: <%s> has an event handler %s=%q", where, tok.Data, a.Key, a.Val)
				}
				if urlAttrs[key] && dangerousScheme(a.Val) {
					t.Errorf("%s: <%s %s=%q> is a script or data URL", where, tok.Data, a.Key, a.Val)
				}
				if key == "style" && strings.Contains(strings.ToLower(a.Val), "url(") {
					t.Errorf("%s: <%s style=%q> loads a URL", where, tok.Data, a.Val)
				}
			}
			switch tok.Data {
			case "script":
				switch {
				case attr["type"] == "application/ld+json" && attr["src"] == "":
					inScript = "ld+json"
				case strings.HasPrefix(attr["src"], "/static/"):
					inScript = "external"
				default:
					t.Errorf("%s: a script element that is not the site's own: %v", where, tok)
					inScript = "foreign"
				}
				if tt == html.SelfClosingTagToken {
					inScript = ""
				}
			case "iframe", "frame", "object", "embed", "base", "applet", "svg", "math", "portal":
				t.Errorf("%s: unexpected <%s> element", where, tok.Data)
			case "meta":
				if strings.EqualFold(attr["http-equiv"], "refresh") {
					t.Errorf("%s: a meta refresh", where)
				}
			}
		}
	}
	if ldBlocks > 1 {
		t.Errorf("%s: %d JSON-LD blocks, want at most one", where, ldBlocks)
	}
	pc.Text = text.String()
	return pc
}
