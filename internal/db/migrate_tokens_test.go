package db_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"example.com/careers/internal/db"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/token"
)

// TestTokenHashingMigrationKeepsSentLinks: rows from before migration
// 00009, which held tokens in clear, come out holding only hashes; the
// links already mailed still find their application and subscription;
// delivered mail loses its links while recorded mail keeps them.
func TestTokenHashingMigrationKeepsSentLinks(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	m, err := db.NewMigrator(pool)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var out bytes.Buffer
	for !strings.Contains(out.String(), "00009_hashed_tokens.sql") {
		if err := m.Down(ctx, &out); err != nil || strings.Contains(out.String(), "nothing to roll back") {
			t.Fatalf("down to 00008: %v %s", err, out.String())
		}
	}

	status, submission, unsub, confirm := token.New(), "form-key-0123456789", token.New(), token.New()
	var appID, subID int64
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
	err = pool.QueryRow(ctx, `
		WITH r AS (
			INSERT INTO roles (slug, title, team, area, locations, work_mode, degree_levels, season, description, status, opens_at)
			VALUES ('mig-role', 'Intern', 'Team', 'technology', '{"Los Gatos, CA"}', 'hybrid', '{bachelors}', 'Summer 2027', 'x', 'open', now())
			RETURNING id)
		INSERT INTO applications (role_id, token, submission_key, full_name, email, university, degree_level, graduation, why, consented_at)
		SELECT id, $1, $2, 'Zoë O''Brien-Łukasz', 'zoe@example.edu', 'Université Laval', 'bachelors', '2028-05-01', 'x', now() FROM r
		RETURNING id`, status, submission).Scan(&appID)
	if err != nil {
		t.Fatal(err)
	}
	err = pool.QueryRow(ctx, `
		INSERT INTO alert_subscriptions (email, areas, degree_level, token, confirm_token)
		VALUES ('alerts@example.edu', '{}', '', $1, $2) RETURNING id`, unsub, confirm).Scan(&subID)
	if err != nil {
		t.Fatal(err)
	}
	body := "See your application: https://careers.example/applications/" + status + "\nUnsubscribe: https://careers.example/alerts/unsubscribe/" + unsub
	for _, state := range []string{"sent", "recorded"} {
		exec(`INSERT INTO outgoing_mail (kind, idempotency_key, recipient, subject, text_body, html_body, unsubscribe_url, state, application_id)
			VALUES ('x', $1, 'zoe@example.edu', 's', $2, '<a href="'||$2||'">', 'https://careers.example/alerts/unsubscribe/'||$3, $1, $4)`,
			state, body, unsub, appID)
	}

	out.Reset()
	if err := m.Up(ctx, &out); err != nil || !strings.Contains(out.String(), "00009_hashed_tokens.sql") {
		t.Fatalf("up: %v %s", err, out.String())
	}
	var found int64
	if err := pool.QueryRow(ctx, `SELECT application_id FROM application_links WHERE token_hash = $1`, token.Hash(status)).Scan(&found); err != nil || found != appID {
		t.Fatalf("the mailed status link after the migration: %v (application %d, want %d)", err, found, appID)
	}
	var key string
	if err := pool.QueryRow(ctx, `SELECT submission_key FROM applications WHERE id = $1`, appID).Scan(&key); err != nil || strings.Contains(key, "form-key") || len(key) != 64 {
		t.Fatalf("submission key after the migration: %q %v", key, err)
	}
	for tok, purpose := range map[string]string{unsub: "unsubscribe", confirm: "confirm"} {
		if err := pool.QueryRow(ctx, `SELECT subscription_id FROM alert_links WHERE token_hash = $1 AND purpose = $2`, token.Hash(tok), purpose).Scan(&found); err != nil || found != subID {
			t.Fatalf("the mailed %s link after the migration: %v", purpose, err)
		}
	}
	for state, keeps := range map[string]bool{"sent": false, "recorded": true} {
		var text, html, unsubURL string
		if err := pool.QueryRow(ctx, `SELECT text_body, html_body, unsubscribe_url FROM outgoing_mail WHERE state = $1`, state).Scan(&text, &html, &unsubURL); err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{text, html, unsubURL} {
			if has := strings.Contains(part, status) || strings.Contains(part, unsub); has != keeps {
				t.Errorf("%s mail after the migration: holds its links %v, want %v:\n%s", state, has, keeps, part)
			}
		}
		if !keeps && !strings.Contains(text, "/applications/(link removed)") {
			t.Errorf("the sent mail does not say where a link was: %s", text)
		}
	}
}
