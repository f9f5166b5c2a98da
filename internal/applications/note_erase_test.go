package applications_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/db/dbtest"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/testkit"
)

// TestNoteCannotLandOnAnErasure holds an erasure open (its row updated,
// not yet committed) while a recruiter adds a note. The note must wait
// for the erasure and then be refused: a note written after the notes
// were blanked would keep personal data the applicant asked us to erase.
func TestNoteCannotLandOnAnErasure(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := applications.NewStore(pool)
	role := newRole(t, pool, "note-erase-"+strconv.FormatInt(time.Now().UnixNano(), 36), roles.StatusOpen)
	id := submitted(t, s, role, "note-erase@example.com")

	// The erasure's row change, as Erase and the retention job make it.
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.Exec(ctx, `UPDATE applications SET full_name = 'Erased applicant', erased_at = now() WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}

	noted := make(chan error, 1)
	go func() { noted <- s.AddNote(ctx, recruiter, id, "Called them back about the offer") }()

	// Wait until the note is blocked on the erasure's row lock, or has
	// (wrongly) gone through without waiting.
	waiting := false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !waiting; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-noted:
			t.Fatalf("the note went through while the erasure was open (err %v): it did not wait for the row", err)
		default:
		}
		if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%application_events%')`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	if !waiting {
		t.Fatal("the note never waited on the erasure's lock")
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-noted:
		if !errors.Is(err, applications.ErrNotFound) {
			t.Fatalf("note on an erased application: %v, want ErrNotFound", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the note never returned")
	}
	if n := testkit.Count(t, pool, `SELECT count(*) FROM application_events WHERE application_id = $1 AND kind = 'note'`, id); n != 0 {
		t.Fatalf("%d notes on the erased application", n)
	}
}
