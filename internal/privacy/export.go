package privacy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/selfid"
)

// PersonalData is everything the site holds about one email address,
// for a data-access request (careers export). The JSON field names are
// part of the command's documented output: change them only with the
// README.
//
// What is left out, and why: status tokens (the database holds only
// their hashes, and a token is a credential: whoever holds the export
// could withdraw the application) and the message bodies (recorded ones
// may still carry a link; the application fields hold the same data). Recruiters' notes are in: they are about the
// applicant, so they are the applicant's personal data too; the
// recruiters who wrote them are named only as "recruiter", since their
// names and addresses are theirs.
type PersonalData struct {
	Email              string              `json:"email"`
	ExportedAt         time.Time           `json:"exported_at"`
	Applications       []ExportApplication `json:"applications"`
	AlertSubscriptions []ExportAlert       `json:"alert_subscriptions"`
	Messages           []ExportMessage     `json:"messages"`
}

// Empty reports whether nothing was found for the address.
func (d PersonalData) Empty() bool {
	return len(d.Applications) == 0 && len(d.AlertSubscriptions) == 0 && len(d.Messages) == 0
}

// ExportApplication is one application with its history and resume.
type ExportApplication struct {
	ID          int64              `json:"id"`
	Role        ExportRole         `json:"role"`
	FullName    string             `json:"full_name"`
	Email       string             `json:"email"`
	Phone       string             `json:"phone"`
	University  string             `json:"university"`
	DegreeLevel string             `json:"degree_level"`
	Graduation  string             `json:"graduation"` // YYYY-MM
	LinkedInURL string             `json:"linkedin_url"`
	GitHubURL   string             `json:"github_url"`
	Portfolio   string             `json:"portfolio_url"`
	Why         string             `json:"why"`
	ConsentedAt time.Time          `json:"consented_at"`
	Stage       applications.Stage `json:"stage"`
	CreatedAt   time.Time          `json:"created_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
	Events      []ExportEvent      `json:"events"`
	// Resume is null when there is none.
	Resume *ExportResume `json:"resume"`
	// TimeZone is the zone the student chose on their page ("" if none).
	TimeZone string `json:"time_zone"`
	// Source, SourceMedium and SourceCampaign are where the link they
	// applied through came from ("" when untagged).
	Source         string `json:"source"`
	SourceMedium   string `json:"source_medium"`
	SourceCampaign string `json:"source_campaign"`
	// TakeHome is null when none was sent.
	TakeHome *ExportTakeHome `json:"take_home"`
	// Interviews are the interview times booked, moved or cancelled.
	Interviews []ExportInterview `json:"interviews"`
	// Answers are the answers to the role's own questions, each with the
	// question as the student read it.
	Answers []ExportAnswer `json:"answers"`
	// SelfIdentification is the student's own voluntary answers, null
	// when they gave none. They are in because they are the student's
	// own data and this export goes to the student; no export or page
	// for staff ever holds them.
	SelfIdentification *ExportSelfID `json:"self_identification"`
	// Adjustments are the student's requests for adjustments and how
	// each was handled.
	Adjustments []ExportAdjustment `json:"adjustments"`
}

// ExportAdjustment is one request for an adjustment.
type ExportAdjustment struct {
	Request   string     `json:"request"`
	AskedAt   time.Time  `json:"asked_at"`
	HandledAt *time.Time `json:"handled_at"`
	Note      *string    `json:"note"`
}

// ExportAnswer is one answer to a role's question; a file is included
// whole, like the resume.
type ExportAnswer struct {
	Question string   `json:"question"`
	Kind     string   `json:"kind"`
	Text     string   `json:"text,omitempty"`
	Choices  []string `json:"choices,omitempty"`
	FileName string   `json:"file_name,omitempty"`
	Data     []byte   `json:"data,omitempty"`
}

// ExportSelfID is the voluntary self-identification, each answer as the
// form words it.
type ExportSelfID struct {
	Gender        string    `json:"gender"`
	RaceEthnicity string    `json:"race_ethnicity"`
	VeteranStatus string    `json:"veteran_status"`
	Disability    string    `json:"disability"`
	AnsweredAt    time.Time `json:"answered_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// ExportInterview is one booked interview time (the interviewer is not
// named: their name is theirs).
type ExportInterview struct {
	Stage       string     `json:"stage"`
	Start       time.Time  `json:"start"`
	End         time.Time  `json:"end"`
	Place       string     `json:"place"`
	Reschedules int        `json:"reschedules"`
	BookedAt    time.Time  `json:"booked_at"`
	CancelledAt *time.Time `json:"cancelled_at"`
}

// ExportTakeHome is the take-home the applicant was sent, their request
// for more time with its answer, and their work. The graders' scorecards
// are not part of it: see the README's "What an applicant can ask for".
type ExportTakeHome struct {
	Task                 string      `json:"task"`
	SentAt               time.Time   `json:"sent_at"`
	FirstDueAt           time.Time   `json:"first_due_at"`
	DueAt                time.Time   `json:"due_at"`
	ExtensionReason      *string     `json:"extension_reason"`
	ExtensionRequestedAt *time.Time  `json:"extension_requested_at"`
	ExtensionDecision    *string     `json:"extension_decision"`
	ExtensionDecidedAt   *time.Time  `json:"extension_decided_at"`
	Work                 *ExportWork `json:"work"`
}

// ExportWork is the work handed in: a file (base64 in JSON) or a link.
type ExportWork struct {
	Kind        string    `json:"kind"` // "file" or "link"
	FileName    string    `json:"file_name,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	Size        int       `json:"size,omitempty"`
	SHA256      string    `json:"sha256,omitempty"`
	Data        []byte    `json:"data_base64,omitempty"`
	Link        string    `json:"link,omitempty"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// ExportRole names the role applied to.
type ExportRole struct {
	Slug   string `json:"slug"`
	Title  string `json:"title"`
	Season string `json:"season"`
}

// ExportEvent is a stage change or a note.
type ExportEvent struct {
	Kind      string    `json:"kind"`       // "stage" or "note"
	FromStage string    `json:"from_stage"` // "" for the first stage and for notes
	ToStage   string    `json:"to_stage"`   // "" for notes
	Note      string    `json:"note"`
	By        string    `json:"by"` // "applicant" or "recruiter"
	At        time.Time `json:"at"`
}

// ExportResume is the stored resume, its bytes base64-encoded in JSON.
type ExportResume struct {
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int       `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
	Data        []byte    `json:"data_base64"`
}

// ExportAlert is a "tell me when roles open" subscription.
type ExportAlert struct {
	Email          string     `json:"email"`
	Areas          []string   `json:"areas"`
	DegreeLevel    string     `json:"degree_level"`
	CreatedAt      time.Time  `json:"created_at"`
	ConfirmedAt    *time.Time `json:"confirmed_at"`
	UnsubscribedAt *time.Time `json:"unsubscribed_at"`
}

// ExportMessage is a message the site wrote to the address.
type ExportMessage struct {
	Kind      string     `json:"kind"`
	Subject   string     `json:"subject"`
	State     string     `json:"state"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
}

// ErrNoPersonalData is returned when nothing is held for an address.
var ErrNoPersonalData = errors.New("no applications, alert subscriptions or messages for that email address")

// PersonalDataFor gathers everything held for email (any letter case) in
// one snapshot, and records the export in the audit log before returning
// it: data that leaves is accounted for. Erased applications hold no
// address and are not found.
func (s *Store) PersonalDataFor(ctx context.Context, by audit.Actor, email string, now time.Time) (PersonalData, error) {
	email = strings.TrimSpace(email)
	d := PersonalData{Email: email, ExportedAt: now.UTC()}
	// Repeatable read: the applications, events and resumes are read as
	// of one instant, even while recruiters work.
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead}, func(tx pgx.Tx) error {
		var err error
		if d.Applications, err = exportApplications(ctx, tx, email); err != nil {
			return err
		}
		if d.AlertSubscriptions, err = exportAlerts(ctx, tx, email); err != nil {
			return err
		}
		if d.Messages, err = exportMessages(ctx, tx, email); err != nil {
			return err
		}
		if d.Empty() {
			return ErrNoPersonalData
		}
		ids := make([]string, len(d.Applications))
		for i, a := range d.Applications {
			ids[i] = fmt.Sprint(a.ID)
		}
		// Ids and counts only: the address itself is personal data.
		detail := fmt.Sprintf("applications [%s], %d alert subscriptions, %d messages",
			strings.Join(ids, " "), len(d.AlertSubscriptions), len(d.Messages))
		return audit.Record(ctx, tx, by, "applicant.export", "", detail)
	})
	if err != nil {
		if errors.Is(err, ErrNoPersonalData) {
			return d, err
		}
		return d, fmt.Errorf("export personal data: %w", err)
	}
	return d, nil
}

func exportApplications(ctx context.Context, tx pgx.Tx, email string) ([]ExportApplication, error) {
	rows, err := tx.Query(ctx, `
		SELECT a.id, r.slug, r.title, r.season, a.full_name, a.email, a.phone, a.university, a.degree_level,
		       to_char(a.graduation, 'YYYY-MM'), a.linkedin_url, a.github_url, a.portfolio_url, a.why,
		       a.consented_at, a.stage, a.created_at, a.updated_at,
		       rs.file_name, rs.content_type, rs.size, rs.created_at, rs.data, coalesce(a.time_zone, ''),
		       coalesce(a.source, ''), coalesce(a.source_medium, ''), coalesce(a.source_campaign, '')
		FROM applications a JOIN roles r ON r.id = a.role_id LEFT JOIN resumes rs ON rs.application_id = a.id
		WHERE lower(a.email) = lower($1) AND a.erased_at IS NULL
		ORDER BY a.created_at, a.id`, email)
	if err != nil {
		return nil, err
	}
	apps, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportApplication, error) {
		var a ExportApplication
		var name, ctype *string
		var size *int
		var uploaded *time.Time
		var data []byte
		err := row.Scan(&a.ID, &a.Role.Slug, &a.Role.Title, &a.Role.Season, &a.FullName, &a.Email, &a.Phone,
			&a.University, &a.DegreeLevel, &a.Graduation, &a.LinkedInURL, &a.GitHubURL, &a.Portfolio, &a.Why,
			&a.ConsentedAt, &a.Stage, &a.CreatedAt, &a.UpdatedAt, &name, &ctype, &size, &uploaded, &data, &a.TimeZone,
			&a.Source, &a.SourceMedium, &a.SourceCampaign)
		if err != nil {
			return a, err
		}
		a.ConsentedAt, a.CreatedAt, a.UpdatedAt = a.ConsentedAt.UTC(), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
		if name != nil {
			sum := sha256.Sum256(data)
			a.Resume = &ExportResume{FileName: *name, ContentType: *ctype, Size: *size, SHA256: hex.EncodeToString(sum[:]),
				UploadedAt: uploaded.UTC(), Data: data}
		}
		return a, nil
	})
	if err != nil {
		return nil, err
	}
	for i := range apps {
		rows, err := tx.Query(ctx, `
			SELECT kind, coalesce(from_stage, ''), coalesce(to_stage, ''), note,
			       CASE WHEN actor = $2 THEN 'applicant' ELSE 'recruiter' END, created_at
			FROM application_events WHERE application_id = $1 ORDER BY id`, apps[i].ID, applications.ActorApplicant)
		if err != nil {
			return nil, err
		}
		apps[i].Events, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportEvent, error) {
			var e ExportEvent
			err := row.Scan(&e.Kind, &e.FromStage, &e.ToStage, &e.Note, &e.By, &e.At)
			e.At = e.At.UTC()
			return e, err
		})
		if err != nil {
			return nil, err
		}
		if apps[i].TakeHome, err = exportTakeHome(ctx, tx, apps[i].ID); err != nil {
			return nil, err
		}
		if apps[i].Interviews, err = exportInterviews(ctx, tx, apps[i].ID); err != nil {
			return nil, err
		}
		if apps[i].Answers, err = exportAnswers(ctx, tx, apps[i].ID); err != nil {
			return nil, err
		}
		if apps[i].SelfIdentification, err = exportSelfID(ctx, tx, apps[i].ID); err != nil {
			return nil, err
		}
		if apps[i].Adjustments, err = exportAdjustments(ctx, tx, apps[i].ID); err != nil {
			return nil, err
		}
	}
	return nonNil(apps), nil
}

func exportAnswers(ctx context.Context, tx pgx.Tx, id int64) ([]ExportAnswer, error) {
	rows, err := tx.Query(ctx, `
		SELECT label, kind, answer, choices, coalesce(file_name, ''), file_data
		FROM application_answers WHERE application_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportAnswer, error) {
		var a ExportAnswer
		err := row.Scan(&a.Question, &a.Kind, &a.Text, &a.Choices, &a.FileName, &a.Data)
		return a, err
	})
	return nonNil(list), err
}

// exportInterviews reads application id's booked interview times.
func exportInterviews(ctx context.Context, tx pgx.Tx, id int64) ([]ExportInterview, error) {
	rows, err := tx.Query(ctx, `
		SELECT b.stage, lower(sl.during), upper(sl.during), sl.place, b.reschedules, b.created_at, b.cancelled_at
		FROM interview_bookings b JOIN interview_slots sl ON sl.id = b.slot_id
		WHERE b.application_id = $1 ORDER BY b.id`, id)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportInterview, error) {
		var e ExportInterview
		err := row.Scan(&e.Stage, &e.Start, &e.End, &e.Place, &e.Reschedules, &e.BookedAt, &e.CancelledAt)
		e.Start, e.End, e.BookedAt, e.CancelledAt = e.Start.UTC(), e.End.UTC(), e.BookedAt.UTC(), utc(e.CancelledAt)
		return e, err
	})
	return nonNil(list), err
}

// exportSelfID reads application id's self-identification; nil when
// the student gave none.
func exportSelfID(ctx context.Context, tx pgx.Tx, id int64) (*ExportSelfID, error) {
	var a selfid.Answers
	err := tx.QueryRow(ctx, `
		SELECT gender, race_ethnicity, veteran_status, disability_status, answered_at, updated_at
		FROM self_identifications WHERE application_id = $1`, id).
		Scan(&a.Gender, &a.Race, &a.Veteran, &a.Disability, &a.AnsweredAt, &a.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &ExportSelfID{
		Gender: selfid.Label(selfid.Gender, a.Gender), RaceEthnicity: selfid.Label(selfid.Race, a.Race),
		VeteranStatus: selfid.Label(selfid.Veteran, a.Veteran), Disability: selfid.Label(selfid.Disability, a.Disability),
		AnsweredAt: a.AnsweredAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
	}, nil
}

// exportTakeHome reads application id's take-home and work; nil when
// none was sent.
func exportTakeHome(ctx context.Context, tx pgx.Tx, id int64) (*ExportTakeHome, error) {
	var t ExportTakeHome
	err := tx.QueryRow(ctx, `
		SELECT body, sent_at, first_due_at, due_at, extension_reason, extension_requested_at, extension_decision, extension_decided_at
		FROM take_homes WHERE application_id = $1`, id).Scan(&t.Task, &t.SentAt, &t.FirstDueAt, &t.DueAt,
		&t.ExtensionReason, &t.ExtensionRequestedAt, &t.ExtensionDecision, &t.ExtensionDecidedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t.SentAt, t.FirstDueAt, t.DueAt = t.SentAt.UTC(), t.FirstDueAt.UTC(), t.DueAt.UTC()
	t.ExtensionRequestedAt, t.ExtensionDecidedAt = utc(t.ExtensionRequestedAt), utc(t.ExtensionDecidedAt)
	var w ExportWork
	var name, ctype, link *string
	var size *int
	err = tx.QueryRow(ctx, `
		SELECT kind, file_name, content_type, size, data, link, submitted_at FROM take_home_submissions WHERE application_id = $1`, id).
		Scan(&w.Kind, &name, &ctype, &size, &w.Data, &link, &w.SubmittedAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return &t, nil
	case err != nil:
		return nil, err
	}
	w.SubmittedAt = w.SubmittedAt.UTC()
	if name != nil {
		sum := sha256.Sum256(w.Data)
		w.FileName, w.ContentType, w.Size, w.SHA256 = *name, *ctype, *size, hex.EncodeToString(sum[:])
	}
	if link != nil {
		w.Link = *link
	}
	t.Work = &w
	return &t, nil
}

func exportAlerts(ctx context.Context, tx pgx.Tx, email string) ([]ExportAlert, error) {
	rows, err := tx.Query(ctx, `
		SELECT email, areas, degree_level, created_at, confirmed_at, unsubscribed_at
		FROM alert_subscriptions WHERE lower(email) = lower($1) ORDER BY id`, email)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportAlert, error) {
		var a ExportAlert
		err := row.Scan(&a.Email, &a.Areas, &a.DegreeLevel, &a.CreatedAt, &a.ConfirmedAt, &a.UnsubscribedAt)
		a.CreatedAt, a.ConfirmedAt, a.UnsubscribedAt = a.CreatedAt.UTC(), utc(a.ConfirmedAt), utc(a.UnsubscribedAt)
		a.Areas = nonNil(a.Areas)
		return a, err
	})
	return nonNil(list), err
}

func exportMessages(ctx context.Context, tx pgx.Tx, email string) ([]ExportMessage, error) {
	rows, err := tx.Query(ctx, `
		SELECT kind, subject, state, created_at, sent_at
		FROM outgoing_mail WHERE lower(recipient) = lower($1) ORDER BY id`, email)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportMessage, error) {
		var m ExportMessage
		err := row.Scan(&m.Kind, &m.Subject, &m.State, &m.CreatedAt, &m.SentAt)
		m.CreatedAt, m.SentAt = m.CreatedAt.UTC(), utc(m.SentAt)
		return m, err
	})
	return nonNil(list), err
}

// nonNil makes an empty list print as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func exportAdjustments(ctx context.Context, tx pgx.Tx, id int64) ([]ExportAdjustment, error) {
	rows, err := tx.Query(ctx, `
		SELECT body, created_at, handled_at, handling_note FROM adjustment_requests WHERE application_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportAdjustment, error) {
		var a ExportAdjustment
		err := row.Scan(&a.Request, &a.AskedAt, &a.HandledAt, &a.Note)
		a.AskedAt, a.HandledAt = a.AskedAt.UTC(), utc(a.HandledAt)
		return a, err
	})
	return nonNil(list), err
}
