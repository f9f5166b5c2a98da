package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/careers/content"
	"example.com/careers/internal/accounts"
	"example.com/careers/internal/applications"
	"example.com/careers/internal/audit"
	"example.com/careers/internal/db"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/selfid"
	tokenpkg "example.com/careers/internal/token"
)

// page is one page to check, reached by GET or by a POST that renders
// an error state.
type page struct {
	name string
	path string
	form url.Values // POST when set
	// multipart posts form as multipart/form-data, as the apply form does.
	multipart bool
}

// pagesAdmin is the admin every page check signs in as.
const pagesAdminEmail, pagesAdminPassword = "pages-admin@example.com", "violet harbour compass"

// staffAccount creates an account as an admin would find it after
// enrolling: admins with an authenticator app (fixtureSecret). It
// returns a fresh set of recovery codes, one per sign-in to come.
func staffAccount(t *testing.T, pool *pgxpool.Pool, email, name, password string, admin bool) []string {
	t.Helper()
	ctx := context.Background()
	s := accounts.NewStore(pool)
	acc, err := s.Create(ctx, audit.CLI, accounts.NewAccount{Email: email, Name: name, Password: password, Admin: admin})
	if errors.Is(err, accounts.ErrEmailTaken) {
		acc, err = s.ByEmail(ctx, email)
	}
	if err != nil {
		t.Fatal(err)
	}
	if admin {
		if _, err := pool.Exec(ctx, `UPDATE accounts SET totp_secret = $2 WHERE id = $1`, acc.ID, fixtureSecret); err != nil {
			t.Fatal(err)
		}
	}
	codes, err := s.NewRecoveryCodes(ctx, audit.CLI, acc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

// fixtureSecret is the authenticator app of fixture admins.
const fixtureSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// sitePages signs in an admin, makes an application, and lists every
// page kind of the site: public, error states, private and admin. The
// recovery codes it returns let a browser sign in as the same admin.
func sitePages(t *testing.T, a *app) (*http.Client, []page, []string) {
	t.Helper()
	ctx := context.Background()
	pool, err := db.Open(ctx, a.env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	codes := staffAccount(t, pool, pagesAdminEmail, "Pages Admin", pagesAdminPassword, true)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	client.Transport = sameOrigin{}
	res, err := client.PostForm(a.base+"/admin/login", url.Values{"email": {pagesAdminEmail}, "password": {pagesAdminPassword}})
	if err != nil || res.Request.URL.Path != "/admin/login/factor" {
		t.Fatalf("sign in: %v", err)
	}
	res.Body.Close()
	res, err = client.PostForm(a.base+"/admin/login/factor", url.Values{"code": {codes[0]}})
	if err != nil || res.Request.URL.Path != "/admin/security" {
		t.Fatalf("sign in with a recovery code: %v %v", err, res.Request.URL)
	}
	res.Body.Close()

	var roleID, appID int64
	var slug, closedSlug, token, degree string
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT id, slug, degree_levels[1] FROM roles WHERE status = 'open' ORDER BY id LIMIT 1`).Scan(&roleID, &slug, &degree); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT slug FROM roles WHERE status = 'closed' ORDER BY id LIMIT 1`).Scan(&closedSlug)
	})
	if err != nil {
		t.Fatal(err)
	}
	// An application through the real form, so its pages exist.
	body, ctype := applyBody(t, degree)
	res, err = client.Post(a.base+"/roles/"+slug+"/apply", ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	token = strings.TrimPrefix(res.Request.URL.Path, "/applications/")
	if err := pool.QueryRow(ctx, `SELECT application_id FROM application_links WHERE token_hash = $1`, tokenpkg.Hash(token)).Scan(&appID); err != nil {
		t.Fatalf("the application was not made (%s): %v", res.Request.URL, err)
	}
	var mailID int64
	_ = pool.QueryRow(ctx, `SELECT id FROM outgoing_mail ORDER BY id LIMIT 1`).Scan(&mailID)
	// The admin interviews this application too, so the interviewer's
	// pages have something to show.
	admin, err := accounts.NewStore(pool).ByEmail(ctx, pagesAdminEmail)
	if err != nil {
		t.Fatal(err)
	}
	if err := applications.NewStore(pool).Assign(ctx, audit.CLI, appID, applications.Interview1, admin.ID); err != nil {
		t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	// An interview time of the admin's, for the scheduling pages.
	var slotID int64
	if err := pool.QueryRow(ctx, `
		INSERT INTO interview_slots (role_id, stage, account_id, during, place, capacity, created_by)
		VALUES ($1, 'interview_1', $2, tstzrange(now() + interval '10 days', now() + interval '10 days 45 minutes', '[)'),
		        'https://meet.example.com/pages', 2, 'pages test')
		ON CONFLICT DO NOTHING RETURNING id`, roleID, admin.ID).Scan(&slotID); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		t.Fatal(err)
	}
	if slotID == 0 {
		_ = pool.QueryRow(ctx, `SELECT id FROM interview_slots WHERE created_by = 'pages test' ORDER BY id LIMIT 1`).Scan(&slotID)
	}
	// A second student, in the first round, whose page offers that time.
	apps := applications.NewStore(pool)
	in := applications.Input{FullName: "Picker Tester", Email: "picker@example.com", University: "Test University", Degree: roles.Degree(degree),
		GradMonth: "6", GradYear: strconv.Itoa(time.Now().Year() + 1), Why: "Testing the picker.", Consent: true,
		SubmissionKey: "pages-picker-key-0123456789"}
	in.Normalize()
	pickerToken, err := apps.Submit(ctx, roleID, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}, time.Now(), nil)
	if de, ok := errors.AsType[*applications.DuplicateError](err); ok { // the other page test made it
		pickerToken, err = apps.NewLink(ctx, de.ApplicationID)
	} else if re, ok := errors.AsType[*applications.ResubmittedError](err); ok {
		pickerToken, err = apps.NewLink(ctx, re.ApplicationID)
	}
	if err != nil {
		t.Fatal(err)
	}
	// In a round and past its reply-by: the student's page apologises
	// and the dashboard lists it as late.
	if _, err := pool.Exec(ctx, `UPDATE applications SET stage = 'interview_1', reply_by = now() - interval '2 days' WHERE email = 'picker@example.com'`); err != nil {
		t.Fatal(err)
	}
	// The page checks below prove something only if the picker is there.
	if html := fetch(t, client, a.base, page{name: "picker", path: "/applications/" + pickerToken}); !strings.Contains(html, "<legend>") ||
		!strings.Contains(html, `name="slot"`) {
		t.Fatal("the picker's status page offers no time")
	}
	// A take-home sent and a request for more time waiting, so the
	// student's, the recruiter's and the interviewer's pages show them.
	if err := applications.NewStore(pool).Assign(ctx, audit.CLI, appID, applications.TakeHome, admin.ID); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"/admin/roles/" + id(roleID) + "/take-home", url.Values{"body": {"## Build a tiny player\n\nHand in a **PDF** or a repository."}, "allowance": {"72"}}},
		{"/admin/applications/" + id(appID) + "/take-home", url.Values{}},
		{"/applications/" + token + "/take-home/extension", url.Values{"reason": {"Final exams that week."}}},
		{"/applications/" + token + "/adjustment", url.Values{"adjustment": {"Captions on video calls, please."}}},
	} {
		res, err := client.PostForm(a.base+step.path, step.form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		// The page tests share the application: the second to ask for
		// more time finds it asked (409), which is as good.
		if res.StatusCode != http.StatusOK && (res.StatusCode != http.StatusConflict || !strings.HasSuffix(step.path, "/extension")) {
			t.Fatalf("%s: %d\n%.300s", step.path, res.StatusCode, b)
		}
	}

	// A role asking a question of every kind, a knockout among them
	// (the demo seed gave it a writing sample): its role page, its form
	// and the form's errors. The two page tests share the database, so
	// the first to get here adds them and the second finds them.
	var qSlug string
	var qRoleID int64
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(20020)`); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT id, slug FROM roles WHERE title = 'Marketing Intern, Creative' AND status = 'open'`).Scan(&qRoleID, &qSlug); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO role_questions (role_id, position, kind, label, help, required, max_chars, options, knockouts, requirement)
			SELECT $1, v.n + (SELECT count(*) FROM role_questions WHERE role_id = $1), v.kind, v.label, v.help, v.required, v.max_chars,
			       v.options, v.knockouts, v.requirement
			FROM (VALUES
				(0, 'short_text', 'Your favourite campaign?', '', true, 200, '{}'::text[], '{}'::text[], ''),
				(1, 'single_choice', 'Graduation window', 'When you finish.', true, NULL, '{2027,2028}', '{}', ''),
				(2, 'multi_choice', 'Tools you use', '', false, NULL, '{Figma,Premiere,After Effects}', '{}', ''),
				(3, 'yes_no', 'Need visa sponsorship?', '', true, NULL, '{Yes,No}', '{Yes}', 'This role cannot sponsor a work visa.'),
				(4, 'link', 'Portfolio', 'A public link.', false, NULL, '{}', '{}', '')
			) AS v(n, kind, label, help, required, max_chars, options, knockouts, requirement)
			WHERE (SELECT count(*) FROM role_questions WHERE role_id = $1 AND label = 'Graduation window') = 0`, qRoleID)
		return err
	})
	if err != nil {
		t.Fatalf("a role with questions: %v", err)
	}
	if html := fetch(t, client, a.base, page{name: "questions", path: "/roles/" + qSlug + "/apply"}); !strings.Contains(html, "data-knockout=") ||
		!strings.Contains(html, `type="checkbox"`) || !strings.Contains(html, "A writing sample (PDF)") {
		t.Fatal("the role's form does not ask its questions")
	}
	// Self-identification is on for the page checks (pagesContent): the
	// status page must offer it, and the aggregates need a season with
	// enough answers to show tables, withheld cells included.
	if html := fetch(t, client, a.base, page{name: "status", path: "/applications/" + token}); !strings.Contains(html, "<legend>Race and ethnicity</legend>") {
		t.Fatal("the status page offers no self-identification: is the setting on?")
	}
	sid := selfid.NewStore(pool)
	for i, name := range []string{"Zoë Ñúñez", "Seán O'Brien", "Mỹ Nguyễn", "Łukasz Żółć", "山田 花子", "Olúwadámilọ́lá Adébáyọ̀"} {
		in := applications.Input{FullName: name, Email: "selfid-" + strconv.Itoa(i) + "@example.com", University: "Test University", Degree: roles.Degree(degree),
			GradMonth: "6", GradYear: strconv.Itoa(time.Now().Year() + 1), Why: "Testing the aggregates.", Consent: true,
			SubmissionKey: "pages-selfid-key-" + strconv.Itoa(i) + "-0123456789"}
		in.Normalize()
		_, err := apps.Submit(ctx, roleID, in, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}, time.Now(), nil)
		if _, ok := errors.AsType[*applications.DuplicateError](err); !ok && err != nil {
			if _, ok := errors.AsType[*applications.ResubmittedError](err); !ok { // the other page test made it
				t.Fatal(err)
			}
		}
		var sidApp int64
		if err := pool.QueryRow(ctx, `SELECT id FROM applications WHERE email = $1`, in.Email).Scan(&sidApp); err != nil {
			t.Fatal(err)
		}
		gender := "female"
		if i < 2 {
			gender = "male"
		}
		if err := sid.Save(ctx, sidApp, selfid.Answers{Gender: gender, Race: "asian", Veteran: "not_protected", Disability: selfid.Decline}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}

	// A student with an offer: its place on their page, its
	// confirmation and its print page. The other page test may have made
	// it (409), which is as good.
	offerIn := applications.Input{FullName: "Olúwadámilọ́lá Adébáyọ̀", Email: "offer-pages@example.com", University: "Test University",
		Degree: roles.Degree(degree), GradMonth: "6", GradYear: strconv.Itoa(time.Now().Year() + 1), Why: "Testing the offer.", Consent: true,
		SubmissionKey: "pages-offer-key-0123456789"}
	offerIn.Normalize()
	offerToken, err := apps.Submit(ctx, roleID, offerIn, applications.Resume{FileName: "cv.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}, time.Now(), nil)
	if de, ok := errors.AsType[*applications.DuplicateError](err); ok {
		offerToken, err = apps.NewLink(ctx, de.ApplicationID)
	} else if re, ok := errors.AsType[*applications.ResubmittedError](err); ok {
		offerToken, err = apps.NewLink(ctx, re.ApplicationID)
	}
	if err != nil {
		t.Fatal(err)
	}
	var offerAppID int64
	if err := pool.QueryRow(ctx, `
		UPDATE applications SET stage = CASE WHEN stage = 'applied' THEN 'interview_1' ELSE stage END
		WHERE email = 'offer-pages@example.com' RETURNING id`).Scan(&offerAppID); err != nil {
		t.Fatal(err)
	}
	offerRes, err := client.PostForm(a.base+"/admin/applications/"+id(offerAppID)+"/offer",
		url.Values{"expires": {time.Now().AddDate(0, 0, 15).Format("2006-01-02T15:04")}})
	if err != nil {
		t.Fatal(err)
	}
	offerRes.Body.Close()
	if offerRes.StatusCode != http.StatusOK && offerRes.StatusCode != http.StatusConflict { // followed to the application's page
		t.Fatalf("make the pages' offer: %d", offerRes.StatusCode)
	}
	var offered bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM offers WHERE application_id = $1)`, offerAppID).Scan(&offered); err != nil || !offered {
		t.Fatalf("the pages' offer was not made: %v", err)
	}

	// The demo seed's source: its print page, and pages reached from its
	// link.
	var sourceID int64
	if err := pool.QueryRow(ctx, `SELECT id FROM sources WHERE code = 'fall-fair'`).Scan(&sourceID); err != nil {
		t.Fatalf("the demo seed has no source: %v", err)
	}

	return client, []page{
		{name: "home", path: "/"}, {name: "timeline", path: "/timeline"}, {name: "interviews", path: "/interviews"},
		{name: "prepare", path: "/prepare"}, {name: "tips", path: "/tips"}, {name: "faq", path: "/faq"},
		{name: "roles", path: "/roles"}, {name: "roles-search", path: "/roles?q=data&degree=masters&sort=title"},
		{name: "roles-pay", path: "/roles?pay=40&sort=pay"},
		{name: "roles-empty", path: "/roles?q=zzznothing"}, {name: "roles-page-2", path: "/roles?page=2"},
		{name: "role", path: "/roles/" + slug}, {name: "role-closed", path: "/roles/" + closedSlug},
		{name: "apply", path: "/roles/" + slug + "/apply"},
		{name: "apply-errors", path: "/roles/" + slug + "/apply", form: url.Values{"email": {"bad"}}},
		{name: "status", path: "/applications/" + token + "?submitted=1"},
		{name: "withdraw", path: "/applications/" + token + "/withdraw"},
		{name: "status-interview-picker", path: "/applications/" + pickerToken},
		{name: "status-interview-errors", path: "/applications/" + pickerToken + "/interview", form: url.Values{"action": {"book"}}},
		{name: "alerts", path: "/alerts"}, {name: "alerts-error", path: "/alerts", form: url.Values{"email": {"bad"}}},
		{name: "alerts-done", path: "/alerts", form: url.Values{"email": {"fan@example.com"}}},
		{name: "not-found", path: "/no/such/page"},
		{name: "admin-dashboard", path: "/admin"}, {name: "admin-roles", path: "/admin/roles"},
		{name: "admin-role-new", path: "/admin/roles/new"},
		{name: "admin-role-errors", path: "/admin/roles/new", form: url.Values{"action": {"save"}}},
		{name: "admin-role-pay-errors", path: "/admin/roles/new", form: url.Values{"action": {"save"}, "pay_min": {"60"}, "pay_max": {"45"},
			"pay_currency": {"ZZZ"}, "pay_unit": {"week"}, "benefits": {strings.Repeat("x", 501)}}},
		{name: "admin-role-preview", path: "/admin/roles/" + id(roleID) + "/edit", form: url.Values{"action": {"preview"}, "title": {"T"}, "description": {"## Preview\n\n- one"}}},
		{name: "admin-role-edit", path: "/admin/roles/" + id(roleID) + "/edit"},
		{name: "admin-applications", path: "/admin/applications"},
		{name: "admin-application", path: "/admin/applications/" + id(appID)},
		{name: "admin-users", path: "/admin/users"},
		{name: "admin-users-errors", path: "/admin/users", form: url.Values{"email": {"x"}}},
		{name: "admin-audit", path: "/admin/audit"}, {name: "admin-outbox", path: "/admin/outbox"},
		{name: "admin-message", path: "/admin/outbox/" + id(mailID)},
		{name: "admin-security", path: "/admin/security"}, {name: "admin-totp", path: "/admin/security/totp"},
		{name: "admin-totp-error", path: "/admin/security/totp", form: url.Values{"code": {"1"}}},
		{name: "admin-password", path: "/admin/password"},
		{name: "admin-password-error", path: "/admin/password", form: url.Values{"current": {"x"}, "new": {"y"}}},
		{name: "admin-reauth", path: "/admin/reauth"},
		{name: "admin-interviews", path: "/admin/interviews"}, {name: "admin-interview", path: "/admin/interviews/" + id(appID)},
		{name: "admin-role-kits", path: "/admin/roles/" + id(roleID) + "/kits"},
		{name: "admin-role-kits-errors", path: "/admin/roles/" + id(roleID) + "/kits", form: url.Values{"action": {"save"}}},
		{name: "admin-role-take-home", path: "/admin/roles/" + id(roleID) + "/take-home"},
		{name: "admin-role-take-home-errors", path: "/admin/roles/" + id(roleID) + "/take-home", form: url.Values{"body": {""}, "allowance": {"0"}}},
		{name: "status-time-zone-error", path: "/applications/" + token + "/time-zone", form: url.Values{"tz": {"Nowhere/Else"}}},
		{name: "admin-role-schedule", path: "/admin/roles/" + id(roleID) + "/schedule"},
		{name: "admin-role-schedule-errors", path: "/admin/roles/" + id(roleID) + "/schedule", form: url.Values{"account": {""}}},
		{name: "admin-schedule", path: "/admin/schedule"},
		{name: "admin-role-slot", path: "/admin/roles/" + id(roleID) + "/schedule/" + id(slotID)},
		{name: "role-questions", path: "/roles/" + qSlug}, {name: "apply-questions", path: "/roles/" + qSlug + "/apply"},
		{name: "apply-questions-errors", path: "/roles/" + qSlug + "/apply", form: url.Values{"full_name": {"Zoë"}}, multipart: true},
		{name: "admin-role-questions", path: "/admin/roles/" + id(qRoleID) + "/questions"},
		{name: "admin-role-questions-errors", path: "/admin/roles/" + id(qRoleID) + "/questions", form: url.Values{"kind": {"yes_no"}, "knockouts": {"Maybe"}}},
		{name: "status-self-id-errors", path: "/applications/" + token + "/self-identification", form: url.Values{"action": {"save"}, "gender": {"unknown"}}},
		{name: "admin-self-identification", path: "/admin/self-identification"},
		{name: "status-adjustment-errors", path: "/applications/" + token + "/adjustment", form: url.Values{"adjustment": {""}}},
		{name: "role-sourced", path: "/roles/" + slug + "?src=fall-fair&utm_medium=qr"},
		{name: "roles-sourced", path: "/roles?utm_source=club-newsletter"},
		{name: "apply-sourced", path: "/roles/" + slug + "/apply?src=fall-fair"},
		{name: "admin-sources", path: "/admin/sources"},
		{name: "admin-sources-errors", path: "/admin/sources", form: url.Values{"name": {""}, "code": {"Not a code!"}}},
		{name: "admin-source", path: "/admin/sources/" + id(sourceID)},
		{name: "admin-applications-source", path: "/admin/applications?source=fall-fair"},
		{name: "admin-applications-words", path: "/admin/applications?q=zo&university=montr&sort=name"},
		{name: "admin-reports", path: "/admin/reports"},
		{name: "admin-reports-role", path: "/admin/reports?role=" + id(roleID)},
		{name: "admin-decisions", path: "/admin/decisions"},
		{name: "admin-decision-template", path: "/admin/decisions/templates/1"},
		{name: "admin-decision-template-errors", path: "/admin/decisions/templates/1", form: url.Values{"name": {""}, "subject": {""}, "body": {""}}},
		{name: "admin-decision-compose", path: "/admin/decisions/reject", form: url.Values{"id": {id(appID)}, "step": {"compose"}}},
		{name: "admin-decision-preview", path: "/admin/decisions/reject", form: url.Values{"id": {id(appID)}, "step": {"preview"},
			"note": {"Thank you for your time."}, "feedback": {"Clear answers."}, "schedule": {"yes"}}},
		{name: "status-offer", path: "/applications/" + offerToken},
		{name: "offer-accept", path: "/applications/" + offerToken + "/offer/accept"},
		{name: "offer-print", path: "/applications/" + offerToken + "/offer"},
		{name: "status-offer-errors", path: "/applications/" + offerToken + "/offer/extension", form: url.Values{"reason": {""}}},
		{name: "admin-application-offer", path: "/admin/applications/" + id(offerAppID)},
		{name: "admin-pipeline", path: "/admin/roles/" + id(roleID) + "/pipeline"},
		{name: "admin-role-reply-by", path: "/admin/roles/" + id(roleID) + "/reply-by"},
		{name: "admin-role-reply-by-errors", path: "/admin/roles/" + id(roleID) + "/reply-by", form: url.Values{"applied": {"x"}, "take_home": {"0"}}},
		{name: "admin-scorecard-errors", path: "/admin/interviews/" + id(appID) + "/scorecards/interview_1", form: url.Values{"recommendation": {""}}},
	}, codes[1:]
}

// pagesContent is the shipped content with self-identification turned
// on, for the page checks (CONTENT_DIR): off by default, its pages would
// not exist.
func pagesContent(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, content.FS); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	b, err := root.ReadFile("site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	on := strings.Replace(string(b), "\nself_identification: false\n", "\nself_identification: true\n", 1)
	if on == string(b) {
		t.Fatal("site.yaml has no self_identification: false line to turn on")
	}
	if err := root.WriteFile("site.yaml", []byte(on), 0o644); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"CONTENT_DIR": dir}
}

// sameOrigin marks requests as a browser on this site would.
type sameOrigin struct{}

func (sameOrigin) RoundTrip(r *http.Request) (*http.Response, error) {
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	return http.DefaultTransport.RoundTrip(r)
}

// fetch returns the page's HTML (any status: error pages are pages too).
func fetch(t *testing.T, client *http.Client, base string, p page) string {
	t.Helper()
	var res *http.Response
	var err error
	switch {
	case p.multipart:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range p.form {
			for _, v := range vs {
				_ = mw.WriteField(k, v)
			}
		}
		_ = mw.Close()
		res, err = client.Post(base+p.path, mw.FormDataContentType(), &buf)
	case p.form != nil:
		res, err = client.PostForm(base+p.path, p.form)
	default:
		res, err = client.Get(base + p.path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if !strings.HasPrefix(string(b), "<!doctype html>") {
		t.Fatalf("%s (%s) is not a page: %d %.200s", p.name, p.path, res.StatusCode, b)
	}
	return string(b)
}

// applyBody is a complete apply form, as multipart.
func applyBody(t *testing.T, degree string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{
		"submission_key": "pages-test-key-0123456789", "full_name": "Page Tester", "email": "pages@example.com",
		"university": "Test University", "degree": degree, "grad_month": "6", "grad_year": strconv.Itoa(time.Now().Year() + 1),
		"why": "Testing every page.", "consent": "yes",
	} {
		_ = mw.WriteField(k, v)
	}
	w, _ := mw.CreateFormFile("resume", "cv.pdf")
	_, _ = w.Write([]byte("%PDF-1.4\n%%EOF\n"))
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}
