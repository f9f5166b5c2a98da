package takehomes

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/text"
)

// Task is a role's take-home: what every student of the role receives.
type Task struct {
	RoleID         int64      `db:"role_id"`
	Body           string     `db:"body"`
	AllowanceHours int        `db:"allowance_hours"`
	LatestDue      *time.Time `db:"latest_due_at"`
	UpdatedAt      time.Time  `db:"updated_at"`
	// Files are the attachments new take-homes get, oldest first.
	Files []File `db:"-"`
}

// File is an attachment of a task.
type File struct {
	ID          int64     `db:"id"`
	FileName    string    `db:"file_name"`
	ContentType string    `db:"content_type"`
	Size        int       `db:"size"`
	CreatedAt   time.Time `db:"created_at"`
}

// Limits of a task.
const (
	MaxBodyRunes     = 20000
	MaxAllowance     = 720 // 30 days, in hours
	DefaultAllowance = 72
	// MaxTaskFiles bounds a task's attachments.
	MaxTaskFiles = 10
)

// TaskForm is the task editor's input, as typed.
type TaskForm struct {
	Body      string
	Allowance string // hours
	LatestDue string // datetime-local, in the site's zone
}

// Problems are a form's errors by field, worded for the person filling
// it.
type Problems map[string]string

func (p Problems) Error() string { return "form incomplete" }

// ParseTask checks f; loc is the zone LatestDue is typed in.
func ParseTask(f TaskForm, loc *time.Location) (Task, Problems) {
	p := Problems{}
	t := Task{Body: text.Block(f.Body, MaxBodyRunes+1)}
	switch n := len([]rune(t.Body)); {
	case n == 0:
		p["body"] = "Write the task: what to build or answer, what to hand in, and how it will be judged."
	case n > MaxBodyRunes:
		p["body"] = fmt.Sprintf("The task is longer than %d characters: attach the details as a file.", MaxBodyRunes)
	}
	hours, err := strconv.Atoi(strings.TrimSpace(f.Allowance))
	if err != nil || hours < 1 || hours > MaxAllowance {
		p["allowance"] = fmt.Sprintf("Give the time allowed in whole hours, from 1 to %d (72 is three days).", MaxAllowance)
	}
	t.AllowanceHours = hours
	if s := strings.TrimSpace(f.LatestDue); s != "" {
		due, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
		if err != nil {
			p["latest_due"] = "Give the latest due moment as a date and time, or leave it empty."
		} else {
			due = due.UTC()
			t.LatestDue = &due
		}
	}
	if len(p) > 0 {
		return t, p
	}
	return t, nil
}

// ErrNoTask: the role has no take-home task yet.
var ErrNoTask = errors.New("the role has no take-home task")

// Task returns role's task with its current files; ErrNoTask when it has
// none.
func (s *Store) Task(ctx context.Context, roleID int64) (Task, error) {
	t, err := db.One(ctx, s.pool, pgx.RowToStructByName[Task], ErrNoTask, `
		SELECT role_id, body, allowance_hours, latest_due_at, updated_at FROM take_home_tasks WHERE role_id = $1`, roleID)
	if err != nil {
		if !errors.Is(err, ErrNoTask) {
			err = fmt.Errorf("take-home task: %w", err)
		}
		return Task{}, err
	}
	rows, err := s.pool.Query(ctx, `
		SELECT id, file_name, content_type, size, created_at FROM take_home_task_files
		WHERE role_id = $1 AND removed_at IS NULL ORDER BY id`, roleID)
	if err != nil {
		return Task{}, fmt.Errorf("take-home files: %w", err)
	}
	t.Files, err = pgx.CollectRows(rows, pgx.RowToStructByName[File])
	return t, err
}

// SaveTask creates or replaces role's task (take-homes already sent keep
// the task as they were sent).
func (s *Store) SaveTask(ctx context.Context, by audit.Actor, t Task) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			INSERT INTO take_home_tasks (role_id, body, allowance_hours, latest_due_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (role_id) DO UPDATE SET body = $2, allowance_hours = $3, latest_due_at = $4, updated_at = now()`,
			t.RoleID, t.Body, t.AllowanceHours, t.LatestDue)
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23503" {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("save take-home task: %w", err)
		}
		return audit.Record(ctx, tx, by, "role.take_home_saved", "role "+strconv.FormatInt(t.RoleID, 10), "")
	})
}

// Errors of task files.
var (
	ErrTooManyFiles = fmt.Errorf("a task holds at most %d files", MaxTaskFiles)
	// ErrFileProblem wraps a file check's problem (CheckFile).
	ErrFileProblem = errors.New("file refused")
)

// FileError is a refused file, with the reason for the person.
type FileError struct{ Problem string }

func (e *FileError) Error() string        { return e.Problem }
func (e *FileError) Is(target error) bool { return target == ErrFileProblem }

// AddFile attaches a file to role's task (which must exist: ErrNoTask).
func (s *Store) AddFile(ctx context.Context, by audit.Actor, roleID int64, up Upload) error {
	ct, problem := CheckFile(up.Data)
	if problem != "" {
		return &FileError{Problem: problem}
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The task's row is the lock; the count is read after it, so two
		// attaches at once cannot both take the last place.
		tag, err := tx.Exec(ctx, `SELECT FROM take_home_tasks WHERE role_id = $1 FOR UPDATE`, roleID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNoTask
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM take_home_task_files WHERE role_id = $1 AND removed_at IS NULL`, roleID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxTaskFiles {
			return ErrTooManyFiles
		}
		name := CleanFileName(up.FileName, ct)
		if _, err := tx.Exec(ctx, `
			INSERT INTO take_home_task_files (role_id, file_name, content_type, size, data) VALUES ($1, $2, $3, $4, $5)`,
			roleID, name, ct, len(up.Data), up.Data); err != nil {
			return fmt.Errorf("add take-home file: %w", err)
		}
		return audit.Record(ctx, tx, by, "role.take_home_file_added", "role "+strconv.FormatInt(roleID, 10), name)
	})
}

// RemoveFile takes a file off role's task. Students it was already sent
// to keep it.
func (s *Store) RemoveFile(ctx context.Context, by audit.Actor, roleID, fileID int64) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE take_home_task_files SET removed_at = now() WHERE id = $1 AND role_id = $2 AND removed_at IS NULL`,
			fileID, roleID)
		if err != nil {
			return fmt.Errorf("remove take-home file: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, by, "role.take_home_file_removed", "role "+strconv.FormatInt(roleID, 10),
			"file "+strconv.FormatInt(fileID, 10))
	})
}

// TaskFile returns a file of role's task, removed or not, for staff.
func (s *Store) TaskFile(ctx context.Context, roleID, fileID int64) (File, []byte, error) {
	return s.file(ctx, `WHERE id = $1 AND role_id = $2`, fileID, roleID)
}

// StudentFile returns a file of the take-home sent to application id:
// only the files it was sent with.
func (s *Store) StudentFile(ctx context.Context, id, fileID int64) (File, []byte, error) {
	return s.file(ctx, `WHERE id = $1 AND id = ANY (SELECT unnest(file_ids) FROM take_homes WHERE application_id = $2)`, fileID, id)
}

// file reads one task file; where is a constant (never input).
func (s *Store) file(ctx context.Context, where string, args ...any) (File, []byte, error) {
	var f File
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT id, file_name, content_type, size, created_at, data FROM take_home_task_files `+where, args...).
		Scan(&f.ID, &f.FileName, &f.ContentType, &f.Size, &f.CreatedAt, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return File{}, nil, ErrNotFound
	}
	if err != nil {
		return File{}, nil, fmt.Errorf("take-home file: %w", err)
	}
	return f, data, nil
}

// SeedTasks gives every role without a take-home task the task body with
// allowance hours (the demo data of make run); it returns how many roles
// got one.
func SeedTasks(ctx context.Context, pool *pgxpool.Pool, body string, allowance int) (int, error) {
	tag, err := pool.Exec(ctx, `
		INSERT INTO take_home_tasks (role_id, body, allowance_hours)
		SELECT id, $1, $2 FROM roles ON CONFLICT (role_id) DO NOTHING`, body, allowance)
	if err != nil {
		return 0, fmt.Errorf("seed take-home tasks: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
