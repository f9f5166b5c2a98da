package privacy

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
)

// Erase removes an applicant's personal data on request (see anonymise):
// the anonymised row stays so counts by stage and role remain right.
// Erasing twice is not an error.
func (s *Store) Erase(ctx context.Context, by audit.Actor, id int64, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Lock the row first: a stage move (and its mail) cannot slip in
		// between the erasure of the mail and of the application.
		var erased bool
		err := tx.QueryRow(ctx, `SELECT erased_at IS NOT NULL FROM applications WHERE id = $1 FOR UPDATE`, id).Scan(&erased)
		if errors.Is(err, pgx.ErrNoRows) {
			return applications.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("erase: %w", err)
		}
		if erased {
			return nil
		}
		if err := anonymise(ctx, tx, []int64{id}, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by, "application.erase", "application "+strconv.FormatInt(id, 10), "")
	})
}

// anonymise removes the personal data of the applications ids, which the
// caller has locked FOR UPDATE in tx: their messages go (they hold the
// same data), the personal fields become placeholders, the resumes, scorecards,
// take-homes and self-identification answers go and the notes are blanked; the rows, their stages and their stage history
// stay. A recruiter's Erase and the retention job both come here, so an
// application anonymised either way looks the same.
func anonymise(ctx context.Context, tx pgx.Tx, ids []int64, now time.Time) error {
	// Their messages hold the same data (and the status link).
	if _, err := tx.Exec(ctx, `DELETE FROM outgoing_mail WHERE application_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise mail: %w", err)
	}
	if _, err := tx.Exec(ctx, `
		UPDATE applications SET
			full_name = 'Erased applicant', email = 'erased-' || id || '@erased.invalid', phone = '',
			university = 'Erased', linkedin_url = '', github_url = '', portfolio_url = '', why = 'Erased',
			erased_at = $2
		WHERE id = ANY($1) AND erased_at IS NULL`, ids, now); err != nil {
		return fmt.Errorf("anonymise applications: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM resumes WHERE application_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise resumes: %w", err)
	}
	// Interviewers' scorecards are about the applicant: they go, with
	// their earlier versions (the assignments, which say nothing of the
	// applicant, stay with the anonymised row).
	if _, err := tx.Exec(ctx, `DELETE FROM scorecards WHERE application_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise scorecards: %w", err)
	}
	// The take-home goes whole: the student's work, their reason for an
	// extension and the task as sent (which says whom it was sent to).
	// Its reminders find nothing and send nothing.
	if _, err := tx.Exec(ctx, `DELETE FROM take_homes WHERE application_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise take-homes: %w", err)
	}
	// The answers to the role's questions are the applicant's words and
	// files: they go whole.
	if _, err := tx.Exec(ctx, `DELETE FROM application_answers WHERE application_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise answers: %w", err)
	}
	// Adjustment requests speak of the applicant's needs, often their
	// health: they go whole, and what was arranged with them.
	if _, err := tx.Exec(ctx, `DELETE FROM adjustment_requests WHERE application_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise adjustments: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE applications SET take_home_extra_hours = 0, interview_extra_minutes = 0 WHERE id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise adjustments: %w", err)
	}
	// Self-identification answers go whole. The row references the
	// application ON DELETE CASCADE, but anonymising keeps the
	// application row, so the cascade never fires: they go here.
	if _, err := tx.Exec(ctx, `DELETE FROM self_identifications WHERE application_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise self-identification: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE applications SET time_zone = NULL WHERE id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise time zone: %w", err)
	}
	// Every status link dies (erased_at alone would hide the page; the
	// hashes are of no use to anyone any more).
	if _, err := tx.Exec(ctx, `DELETE FROM application_links WHERE application_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("anonymise links: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE application_events SET note = '' WHERE application_id = ANY($1) AND note <> ''`, ids); err != nil {
		return fmt.Errorf("anonymise notes: %w", err)
	}
	return nil
}
