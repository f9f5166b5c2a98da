package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"example.com/careers/internal/roles"
)

// routes is the one place every route and middleware of the site is listed.
func (s *server) routes() *chi.Mux {
	r := chi.NewRouter()

	// Order matters: the request ID and security headers come first so that
	// every response, including a recovered panic, carries them; the access
	// log sees the final status; cross-origin protection refuses unsafe
	// cross-site requests before any handler runs.
	r.Use(s.requestID)
	r.Use(s.securityHeaders)
	r.Use(s.accessLog)
	r.Use(s.recoverPanic)
	r.Use(s.crossOriginProtection())
	r.Use(middleware.GetHead)

	r.NotFound(s.handle(s.notFound))
	r.MethodNotAllowed(s.handle(s.methodNotAllowed))

	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/metrics", s.serveMetrics)
	r.Get("/static/{file}", s.static)
	r.Get("/favicon.ico", s.favicon)
	r.Get("/robots.txt", s.robots)
	r.With(s.cached(cacheRoleLists)).Get("/sitemap.xml", s.handle(s.sitemap))
	r.With(s.cached(cacheRoleLists)).Get("/roles.atom", s.handle(s.rolesFeed))

	// The student side, once per language: English at the root, every
	// other language under its code (/es/…), so each page has one address
	// per language. The first visit to "/" may be sent on to the
	// browser's language, once.
	for _, l := range s.Site.Catalog.Languages() {
		if l.Prefix == "" {
			r.Group(func(r chi.Router) {
				r.Use(s.inLanguage(l), s.negotiateLanguage)
				s.studentRoutes(r)
			})
			continue
		}
		r.Route(l.Prefix, func(r chi.Router) {
			r.Use(s.inLanguage(l))
			s.studentRoutes(r)
		})
	}

	// Recruiters' pages: sessions are loaded here only, so public pages
	// never set a cookie.
	r.Route("/admin", func(r chi.Router) {
		r.Use(s.Sessions.LoadAndSave)
		r.Use(adminHeaders)
		r.Get("/login", s.handle(s.loginForm))
		r.Post("/login", s.handle(s.login))
		r.Get("/login/factor", s.handle(s.loginFactorForm))
		r.Post("/login/factor", s.handle(s.loginFactor))
		r.Post("/login/passkey/options", s.handle(s.loginPasskeyOptions))
		r.Post("/login/passkey", s.handle(s.loginPasskey))
		r.Post("/logout", s.handle(s.logout))
		r.Get("/setup/{token}", s.handle(s.setupForm))
		r.Post("/setup/{token}", s.handle(s.setup))

		r.Group(func(r chi.Router) {
			r.Use(s.requireAccount)
			r.Get("/", s.handle(s.adminDashboard))

			// Every account's own sign-in security (open before a required
			// factor or a new password is in place: see requireAccount).
			r.Get("/security", s.handle(s.adminSecurity))
			r.Get("/security/totp", s.handle(s.adminTOTPForm))
			r.Post("/security/totp", s.handle(s.adminTOTPEnable))
			r.Post("/security/recovery", s.handle(s.adminRecoveryCodes))
			r.Get("/security/recovery/first", s.handle(s.adminFirstRecoveryCodes))
			r.Post("/security/passkeys/options", s.handle(s.adminPasskeyOptions))
			r.Post("/security/passkeys", s.handle(s.adminPasskeyAdd))
			r.With(s.requireRecentAuth).Post("/security/totp/off", s.handle(s.adminTOTPOff))
			r.With(s.requireRecentAuth).Post("/security/passkeys/{id}/delete", s.handle(s.adminPasskeyDelete))
			r.Get("/password", s.handle(s.adminPasswordForm))
			r.Post("/password", s.handle(s.adminPassword))
			r.Get("/reauth", s.handle(s.adminReauthForm))
			r.Post("/reauth", s.handle(s.adminReauth))

			// An interviewer's own applications; the store shows each
			// account only what is assigned to it.
			r.Get("/interviews", s.handle(s.adminInterviews))
			r.Get("/interviews/{id}", s.handle(s.adminInterview))
			r.Get("/interviews/{id}/resume", s.handle(s.adminInterviewResume))
			r.Post("/interviews/{id}/scorecards/{stage}", s.handle(s.adminScorecard))
			r.Get("/interviews/{id}/take-home/work", s.handle(s.adminInterviewTakeHomeWork))
			r.Get("/schedule", s.handle(s.adminSchedule))
			r.Post("/schedule", s.handle(s.adminScheduleAdd))

			// Recruiters' and admins' pages: interviewers are refused.
			r.Group(func(r chi.Router) {
				r.Use(s.requireRecruiter)

				r.Post("/applications/{id}/offer", s.handle(s.adminOfferMake))
				r.Post("/applications/{id}/offer/extension", s.handle(s.adminOfferExtension))
				r.Get("/reports", s.handle(s.adminReports))
				r.Get("/reports.csv", s.handle(s.adminReportCSV))
				r.Post("/reports/refresh", s.handle(s.adminReportsRefresh))
				r.Post("/decisions/reject", s.handle(s.adminDecision))
				r.Get("/decisions", s.handle(s.adminDecisionTemplates))
				r.Get("/decisions/templates/{id}", s.handle(s.adminDecisionTemplate))
				r.Post("/decisions/templates/{id}", s.handle(s.adminDecisionTemplateSave))

				r.Get("/sources", s.handle(s.adminSources))
				r.Post("/sources", s.handle(s.adminSourceAdd))
				r.Get("/sources/{id}", s.handle(s.adminSource))
				r.Get("/sources/{id}/qr.svg", s.handle(s.adminSourceQR("svg")))
				r.Get("/sources/{id}/qr.png", s.handle(s.adminSourceQR("png")))

				r.Get("/roles", s.handle(s.adminRoles))
				r.Get("/roles/new", s.handle(s.adminRoleNew))
				r.Post("/roles/new", s.handle(s.adminRoleSave(false)))
				r.Get("/roles/{id}/edit", s.handle(s.adminRoleEdit))
				r.Post("/roles/{id}/edit", s.handle(s.adminRoleSave(true)))
				r.Get("/roles/{id}/kits", s.handle(s.adminRoleKits))
				r.Post("/roles/{id}/kits", s.handle(s.adminRoleKitsSave))
				r.Get("/roles/{id}/questions", s.handle(s.adminRoleQuestions))
				r.Post("/roles/{id}/questions", s.handle(s.adminRoleQuestionAdd))
				r.Post("/roles/{id}/questions/copy", s.handle(s.adminRoleQuestionsCopy))
				r.Get("/roles/{id}/questions/{q}", s.handle(s.adminRoleQuestion))
				r.Post("/roles/{id}/questions/{q}", s.handle(s.adminRoleQuestionSave))
				r.Post("/roles/{id}/questions/{q}/remove", s.handle(s.adminRoleQuestionRemove))
				r.Post("/roles/{id}/questions/{q}/move", s.handle(s.adminRoleQuestionMove))
				r.Get("/roles/{id}/pipeline", s.handle(s.adminPipeline))
				r.Get("/roles/{id}/reply-by", s.handle(s.adminRoleReplyBy))
				r.Post("/roles/{id}/reply-by", s.handle(s.adminRoleReplyBySave))
				r.Get("/roles/{id}/take-home", s.handle(s.adminTakeHomeTask))
				r.Post("/roles/{id}/take-home", s.handle(s.adminTakeHomeTaskSave))
				r.Post("/roles/{id}/take-home/files", s.handle(s.adminTakeHomeFileAdd))
				r.Get("/roles/{id}/take-home/files/{file}", s.handle(s.adminTakeHomeFile))
				r.Post("/roles/{id}/take-home/files/{file}/remove", s.handle(s.adminTakeHomeFileRemove))
				r.Get("/roles/{id}/schedule", s.handle(s.adminRoleSchedule))
				r.Post("/roles/{id}/schedule", s.handle(s.adminRoleScheduleAdd))
				r.Get("/roles/{id}/schedule/{slot}", s.handle(s.adminRoleSlot))
				r.Post("/roles/{id}/schedule/{slot}/remove", s.handle(s.adminRoleScheduleRemove))
				r.Post("/roles/{id}/publish", s.handle(s.adminRoleStatus(roles.ActionPublish)))
				r.Post("/roles/{id}/close", s.handle(s.adminRoleStatus(roles.ActionClose)))
				r.Post("/roles/{id}/reopen", s.handle(s.adminRoleStatus(roles.ActionReopen)))
				r.Post("/roles/{id}/copy", s.handle(s.adminRoleCopy))

				r.Get("/applications", s.handle(s.adminApplications))
				r.Get("/applications.csv", s.handle(s.adminExport))
				r.Post("/applications/bulk", s.handle(s.adminBulk))
				r.Get("/applications/{id}", s.handle(s.adminApplication))
				r.Get("/applications/{id}/resume", s.handle(s.adminResume))
				r.Get("/applications/{id}/answers/{position}", s.handle(s.adminAnswerFile))
				r.Post("/applications/{id}/stage", s.handle(s.adminStage))
				r.Post("/applications/{id}/notes", s.handle(s.adminNote))
				r.Post("/applications/{id}/interviewers", s.handle(s.adminAssign(false)))
				r.Post("/applications/{id}/match", s.handle(s.adminMatch))
				r.Post("/applications/{id}/take-home", s.handle(s.adminTakeHomeSend))
				r.Post("/applications/{id}/invite-to-book", s.handle(s.adminInviteToBook))
				r.Post("/applications/{id}/adjustments/{req}", s.handle(s.adminAdjustmentHandle))
				r.Post("/applications/{id}/take-home/extension", s.handle(s.adminTakeHomeExtension))
				r.Get("/applications/{id}/take-home/work", s.handle(s.adminTakeHomeWork))
				r.Post("/applications/{id}/interviewers/remove", s.handle(s.adminAssign(true)))

				r.Group(func(r chi.Router) {
					r.Use(s.requireAdmin)
					r.With(s.requireRecentAuth).Post("/applications/{id}/erase", s.handle(s.adminErase))
					r.Get("/users", s.handle(s.adminUsers))
					r.With(s.requireRecentAuth).Post("/users", s.handle(s.adminUserCreate))
					r.Post("/users/policy", s.handle(s.adminUsersPolicy))
					r.Post("/users/{id}/disable", s.handle(s.adminUserDisable(true)))
					r.Post("/users/{id}/enable", s.handle(s.adminUserDisable(false)))
					r.With(s.requireRecentAuth).Post("/users/{id}/password", s.handle(s.adminUserPassword))
					r.With(s.requireRecentAuth).Post("/users/{id}/factors/reset", s.handle(s.adminUserFactorsReset))
					r.Get("/audit", s.handle(s.adminAudit))
					// Aggregates only, small counts withheld; 404 while off.
					r.With(s.selfIDOn).Get("/self-identification", s.handle(s.adminSelfID))
					r.Get("/outbox", s.handle(s.adminOutbox))
					r.Get("/outbox/{id}", s.handle(s.adminMessage))
					r.Post("/outbox/{id}/retry", s.handle(s.adminMessageRetry))
				})
			})
		})
	})

	return r
}

// studentRoutes are the pages students see, mounted once per language.
func (s *server) studentRoutes(r chi.Router) {
	// Public pages, the same for everyone, are served from the page
	// cache. Nothing else is: forms carry one-time keys, and status and
	// admin pages are private.
	r.Group(func(r chi.Router) {
		r.Use(s.cached(cachePath))
		r.Get("/", s.handle(s.contentPage("index")))
		r.Get("/timeline", s.handle(s.timeline))
		r.Get("/interviews", s.handle(s.contentPage("interviews")))
		r.Get("/prepare", s.handle(s.contentPage("prepare")))
		r.Get("/tips", s.handle(s.contentPage("tips")))
		r.Get("/faq", s.handle(s.contentPage("faq")))
	})
	r.With(s.cached(cacheSearch)).Get("/roles", s.handle(s.rolesList))
	r.With(s.cached(cacheRole)).Get("/roles/{slug}", s.handle(s.roleShow))

	r.Get("/roles/{slug}/apply", s.handle(s.applyForm))
	r.Post("/roles/{slug}/apply", s.handle(s.applySubmit))
	r.Get("/roles/{slug}/applied", s.handle(s.applySent))
	r.Get("/applications/{token}", s.handle(s.applicationStatus))
	r.Get("/applications/{token}/withdraw", s.handle(s.withdrawConfirm))
	r.Post("/applications/{token}/withdraw", s.handle(s.withdraw))
	r.Post("/applications/{token}/time-zone", s.handle(s.statusTimeZone))
	r.Post("/applications/{token}/take-home", s.handle(s.takeHomeSubmit))
	r.Post("/applications/{token}/take-home/extension", s.handle(s.takeHomeExtension))
	r.Get("/applications/{token}/take-home/files/{file}", s.handle(s.takeHomeFile))
	r.Post("/applications/{token}/interview", s.handle(s.interviewBook))
	r.Post("/applications/{token}/adjustment", s.handle(s.adjustmentAsk))
	r.Get("/applications/{token}/offer", s.handle(s.offerPrint))
	r.Post("/applications/{token}/offer/extension", s.handle(s.offerAskMore))
	r.Get("/applications/{token}/offer/{answer}", s.handle(s.offerConfirm))
	r.Post("/applications/{token}/offer/{answer}", s.handle(s.offerDecide))
	// Voluntary self-identification: 404 while the site setting is off.
	r.With(s.selfIDOn).Post("/applications/{token}/self-identification", s.handle(s.selfIDSubmit))

	// A source's short link, as printed on a flyer or a QR code.
	r.Get("/s/{code}", s.handle(s.shortLink))

	r.Get("/alerts", s.handle(s.alertsForm))
	r.Post("/alerts", s.handle(s.alertsSubscribe))
	r.Get("/alerts/confirm/{token}", s.handle(s.alertToken("confirm", false)))
	r.Post("/alerts/confirm/{token}", s.handle(s.alertToken("confirm", true)))
	r.Get("/alerts/unsubscribe/{token}", s.handle(s.alertToken("unsubscribe", false)))
	r.Post("/alerts/unsubscribe/{token}", s.handle(s.alertToken("unsubscribe", true)))
}

// handlerFunc is a handler that may fail; handle turns its error into the
// right status and error page in one place.
type handlerFunc func(http.ResponseWriter, *http.Request) error

func (s *server) handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.serveError(w, r, err)
		}
	}
}
