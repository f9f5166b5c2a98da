package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// nextLink finds a list page's Next link.
var nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

// shape is one combination of the admin list's filters.
type shape struct {
	query  url.Values
	median time.Duration
}

func (s shape) String() string { return s.query.Encode() }

// adminShapes loads the admin list once for every combination of its
// filters (role, stage, degree, source, a common name, a rare accented
// name, an address, a university, each sort, pages 1 and 20), three
// times each from one client, and reports how the medians spread and
// which shapes are slowest: a random mix can miss the one combination
// that falls into a bad plan.
func (b *bench) adminShapes(ctx context.Context, t *table, a *app, db *pgx.Conn, cookie string, busiest int64) error {
	var rare, address string
	// A family name with a letter beyond ASCII that few applicants share,
	// and one applicant's whole address.
	if err := db.QueryRow(ctx, `
		SELECT w FROM (SELECT split_part(full_name, ' ', 2) AS w, count(*) AS n FROM applications GROUP BY 1) AS f
		WHERE w ~ '[^[:ascii:]]' ORDER BY n, w LIMIT 1`).Scan(&rare); err != nil {
		return err
	}
	if err := db.QueryRow(ctx, `SELECT email FROM applications WHERE email LIKE 'applicant%' ORDER BY id LIMIT 1 OFFSET 123456`).Scan(&address); err != nil {
		return err
	}
	dims := []struct {
		key    string
		values []string
	}{
		{"role", []string{"", fmt.Sprint(busiest)}},
		{"stage", []string{"", "applied", "offer"}},
		{"degree", []string{"", "phd"}},
		{"source", []string{"", "fall-fair"}},
		{"q", []string{"", "García", rare, address}},
		{"university", []string{"", "Stanford"}},
		{"sort", []string{"newest", "oldest", "name"}},
		// "deep" is page 20 of a counted list, and the page after page
		// 1 of a text search, which pages by cursor from where it was.
		{"page", []string{"1", "deep"}},
	}
	shapes := []shape{{query: url.Values{}}}
	for _, d := range dims {
		var next []shape
		for _, s := range shapes {
			for _, v := range d.values {
				q := url.Values{}
				for k, vs := range s.query {
					q[k] = vs
				}
				if v != "" && v != "1" {
					q.Set(d.key, v)
				}
				next = append(next, shape{query: q})
			}
		}
		shapes = next
	}
	b.logf("admin list: %d combinations of filters, 3 times each", len(shapes))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var failed int
	get := func(path string) (int, string, time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.url+path, nil)
		if err != nil {
			return 0, "", 0, err
		}
		req.Header.Set("Cookie", cookie)
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, "", 0, err
		}
		body, err := io.ReadAll(res.Body)
		_ = res.Body.Close() // read whole; nothing more to do
		return res.StatusCode, string(body), time.Since(start), err
	}
	for i := range shapes {
		q := shapes[i].query
		if q.Get("page") == "deep" {
			if q.Get("q") == "" && q.Get("university") == "" {
				q.Set("page", "20")
			} else {
				// Follow page 1's Next link, as a recruiter would.
				q.Del("page")
				_, body, _, err := get("/admin/applications?" + q.Encode())
				if err != nil {
					return err
				}
				m := nextLink.FindStringSubmatch(body)
				if m == nil {
					continue // a single page: nothing deeper to measure
				}
				next, err := url.ParseQuery(strings.TrimPrefix(html.UnescapeString(m[1]), "/admin/applications?"))
				if err != nil {
					return err
				}
				shapes[i].query = next
			}
		}
		var took []time.Duration
		for range 3 {
			status, _, d, err := get("/admin/applications?" + shapes[i].query.Encode())
			if err != nil {
				return err
			}
			took = append(took, d)
			if status != http.StatusOK {
				failed++
			}
		}
		slices.Sort(took)
		shapes[i].median = took[1]
	}
	// Shapes with nothing deeper to page to were not measured.
	shapes = slices.DeleteFunc(shapes, func(s shape) bool { return s.median == 0 })
	slices.SortFunc(shapes, func(x, y shape) int { return int(x.median - y.median) })
	at := func(q float64) int64 { return shapes[int(q*float64(len(shapes)-1))].median.Microseconds() }
	worst := shapes[len(shapes)-1].median.Microseconds()
	t.add(row{what: fmt.Sprintf("Admin list, each of %d filter combinations, one client (p50/p95/p99 of their medians)", len(shapes)),
		app:    load{Requests: len(shapes) * 3, DurationUS: 1e6, P50: at(0.5), P95: at(0.95), P99: worst, BadStatus: failed},
		target: "slowest < 100 ms", met: worst < 100_000 && failed == 0})
	var slow []string
	for _, s := range shapes[max(0, len(shapes)-5):] {
		slow = append(slow, fmt.Sprintf("`%s` %s ms", s, ms(s.median.Microseconds())))
	}
	slices.Reverse(slow)
	t.note("Slowest admin list combinations (median of 3, one client; q=%s is the rarest accented family name): %s", rare, strings.Join(slow, "; "))
	return nil
}
