package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/careers/internal/pagecache"
	"example.com/careers/internal/roles"
	"example.com/careers/internal/sources"
)

// tagRoles marks pages that list roles: every role change drops them.
// A role's own page is tagged with roleTag(slug).
const tagRoles = "roles"

func roleTag(slug string) string { return "role:" + slug }

// RoleChanged drops the cached pages that may show the role with slug.
// The roles listener (wired in cmd/careers) calls it for each
// notification; an empty slug drops everything.
func RoleChanged(c *pagecache.Cache, slug string) {
	if slug == "" {
		c.InvalidateAll()
		return
	}
	c.Invalidate(tagRoles, roleTag(slug))
}

// The cached routes. Each key holds everything its page reads from the
// request (the path carries the language: /es/…), a link's source (src=, utm_source) among it since the page's
// links carry it on; anything else in the URL (an ad click's id, say)
// shares the entry.
var (
	// Content pages change with the clock only (the timeline's "we are
	// here"); the cache's age limit covers that.
	cachePath = pagecache.Rule{
		Key:  func(r *http.Request) string { return r.URL.Path },
		Tags: func(*http.Request, int) []string { return nil },
	}
	// Feeds and the sitemap list every open role.
	cacheRoleLists = pagecache.Rule{
		Key:  func(r *http.Request) string { return r.URL.Path },
		Tags: func(*http.Request, int) []string { return []string{tagRoles} },
	}
	// The search page is keyed by its path (its language) and canonical
	// query, so equal searches written differently share an entry and
	// unknown parameters add none.
	cacheSearch = pagecache.Rule{
		Key: func(r *http.Request) string {
			return r.URL.Path + "?" + roles.ParseQuery(r.URL.Query()).Values().Encode()
		},
		Tags: func(*http.Request, int) []string { return []string{tagRoles} },
	}
	// A closed role's page (410) lists similar open roles, so it also
	// depends on the others.
	cacheRole = pagecache.Rule{
		Key: func(r *http.Request) string { return sourced(r, r.URL.Path) },
		Tags: func(r *http.Request, status int) []string {
			tags := []string{roleTag(chi.URLParam(r, "slug"))}
			if status == http.StatusGone {
				tags = append(tags, tagRoles)
			}
			return tags
		},
	}
)

// sourced is key with the request's source (sources.Tag) added: a page
// reached from a source link carries it in its links, so it is cached
// apart. The tag is cleaned and bounded, and the cache by size, so made-up
// sources cost a render each, never memory without end.
func sourced(r *http.Request, key string) string {
	return sources.FromQuery(r.URL.Query()).AddTo(key)
}

// cached serves a public route through the page cache, when there is one.
func (s *server) cached(rule pagecache.Rule) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		if s.Pages == nil {
			return next
		}
		return s.Pages.Handler(rule, next)
	}
}

// roleChanged drops this instance's pages for a role at once, so the
// recruiter who changed it sees the change on the next page; other
// instances hear of it through the notification.
func (s *server) roleChanged(slug string) {
	if s.Pages != nil {
		RoleChanged(s.Pages, slug)
	}
}
