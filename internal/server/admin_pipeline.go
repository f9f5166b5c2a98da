package server

import (
	"net/http"
	"strings"

	"example.com/careers/web"
)

// adminPipeline shows a role's open applications as a board by stage.
func (s *server) adminPipeline(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	role, err := s.Roles.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	cols, err := s.Applications.Board(r.Context(), id)
	if err != nil {
		return err
	}
	now := s.Now()
	return s.render(w, r, http.StatusOK, web.PipelinePage(web.PipelineView{
		Chrome: s.adminChrome(r, "Pipeline: "+role.Title), Flash: s.popFlash(r), Role: role, Columns: cols,
		Now: now, WarnBy: s.ReplyBy.Rules.Calendar.Due(now, s.ReplyBy.Rules.WarnDays), Loc: s.Site.Settings.Location(),
	}))
}

// pipelineBack is where a move made from a role's board returns: the
// board itself, when back names one; else "" (the application's page).
func pipelineBack(back string) string {
	rest, ok := strings.CutPrefix(back, "/admin/roles/")
	if !ok {
		return ""
	}
	idPart, ok := strings.CutSuffix(rest, "/pipeline")
	if !ok || idPart == "" || strings.Trim(idPart, "0123456789") != "" {
		return ""
	}
	return back
}
