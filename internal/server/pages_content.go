package server

import (
	"net/http"

	"example.com/careers/internal/content"
	"example.com/careers/web"
)

// contentPage serves the markdown page with slug. The page is looked up
// once here, not per request; content.Load guarantees it exists.
func (s *server) contentPage(slug string) handlerFunc {
	page := s.Site.Page(slug)
	if page == nil {
		panic("server: no content page " + slug)
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		v := web.ContentView{Chrome: s.chrome(r, page.Title, page.Description), Page: page}
		if slug == "index" {
			settings := s.Site.Settings
			t := web.NewTimeline(settings.Season, content.DayOf(s.Now(), settings.Location()))
			v.Season = &t
		}
		return s.render(w, r, http.StatusOK, web.ContentPage(v))
	}
}

// timeline serves /timeline with today's place in the season.
func (s *server) timeline(w http.ResponseWriter, r *http.Request) error {
	page := s.Site.Page("timeline")
	settings := s.Site.Settings
	today := content.DayOf(s.Now(), settings.Location())
	return s.render(w, r, http.StatusOK, web.TimelinePage(web.TimelineView{
		Chrome:   s.chrome(r, page.Title, page.Description),
		Page:     page,
		Timeline: web.NewTimeline(settings.Season, today),
	}))
}
