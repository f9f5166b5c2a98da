package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPipelineBoard: a role's board shows each open stage with its
// count and cards (days in stage, reply-by state), and a move made from
// a card, without JavaScript, comes back to the board with the card in
// its new column; a forged back address goes to the application instead.
func TestPipelineBoard(t *testing.T) {
	ctx := context.Background()
	a := newApp(t)
	slug := addRole(t, a.pool, "board-intern", "Board Intern", "open", nil)
	for _, p := range []struct{ email, name string }{{"board.one@example.com", "Aoife Ní Chonaill"}, {"board.two@example.com", "José Ángel Ñúñez"}} {
		if res, _ := a.apply(slug, validForm(p.email).set("full_name", p.name)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("apply: %d", res.StatusCode)
		}
	}
	var roleID, first, second int64
	if err := a.pool.QueryRow(ctx, `SELECT id FROM roles WHERE slug = $1`, slug).Scan(&roleID); err != nil {
		t.Fatal(err)
	}
	_ = a.pool.QueryRow(ctx, `SELECT id FROM applications WHERE email = 'board.one@example.com'`).Scan(&first)
	_ = a.pool.QueryRow(ctx, `SELECT id FROM applications WHERE email = 'board.two@example.com'`).Scan(&second)
	if _, err := a.pool.Exec(ctx, `UPDATE applications SET reply_by = now() - interval '1 hour', stage_entered_at = now() - interval '12 days' WHERE id = $1`, first); err != nil {
		t.Fatal(err)
	}
	a.addAccount("board-rec@example.com", "Mẫn Trần-O'Hara", "board password 1234", false)
	rec := a.browser()
	rec.signIn("board-rec@example.com", "board password 1234")
	board := "/admin/roles/" + idStr(roleID) + "/pipeline"
	column := func(body, stage string) string {
		i := strings.Index(body, `<h2 id="col-`+stage+`">`)
		if i < 0 {
			t.Fatalf("no %s column", stage)
		}
		rest := body[i+1:]
		if j := strings.Index(rest, `<h2 id="col-`); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	_, body := rec.get(board)
	applied := column(body, "applied")
	if !strings.Contains(applied, "(2)") || !strings.Contains(applied, "Aoife Ní Chonaill") || !strings.Contains(applied, "12 days in this stage") ||
		!strings.Contains(applied, `<strong class="late">Reply late:</strong>`) {
		t.Fatal("the applied column lacks its count, days in stage or the late reply")
	}
	// The card that waited longest comes first.
	if strings.Index(applied, "Aoife") > strings.Index(applied, "José") {
		t.Fatal("cards are not longest in the stage first")
	}

	res, _ := rec.post("/admin/applications/"+idStr(second)+"/stage", url.Values{"from": {"applied"}, "to": {"take_home"}, "back": {board}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != board {
		t.Fatalf("move from the board: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = rec.get(board)
	if th := column(body, "take_home"); !strings.Contains(th, "José Ángel Ñúñez") || !strings.Contains(th, "(1)") {
		t.Fatal("the moved card is not in its new column")
	}
	if !strings.Contains(column(body, "applied"), "(1)") {
		t.Fatal("the applied count did not drop")
	}
	res, _ = rec.post("/admin/applications/"+idStr(first)+"/stage", url.Values{"from": {"applied"}, "to": {"rejected"}, "back": {"//evil.example/admin/roles/1/pipeline"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/applications/"+idStr(first) {
		t.Fatalf("forged back: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
}
