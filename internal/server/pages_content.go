package server

import (
	"net/http"

	"example.com/careers/internal/content"
	"example.com/careers/web"
)

// contentPage serves the markdown page with slug, in r's language
// (content.Load guarantees every language has every page, in English
// where it has no translation).
func (s *server) contentPage(slug string) handlerFunc {
	if s.Site.Page(slug) == nil {
		panic("server: no content page " + slug)
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		site := s.site(r)
		page := site.Page(slug)
		v := web.ContentView{Chrome: s.chrome(r, page.Title, page.Description), Page: page}
		if slug == "index" {
			settings := site.Settings
			t := web.NewTimeline(settings.Season, content.DayOf(s.Now(), settings.Location()))
			v.Season = &t
		}
		return s.render(w, r, http.StatusOK, web.ContentPage(v))
	}
}

// timeline serves /timeline with today's place in the season.
func (s *server) timeline(w http.ResponseWriter, r *http.Request) error {
	site := s.site(r)
	page := site.Page("timeline")
	settings := site.Settings
	today := content.DayOf(s.Now(), settings.Location())
	return s.render(w, r, http.StatusOK, web.TimelinePage(web.TimelineView{
		Chrome:   s.chrome(r, page.Title, page.Description),
		Page:     page,
		Timeline: web.NewTimeline(settings.Season, today),
	}))
}
