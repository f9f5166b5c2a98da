// Package pagecache keeps rendered public pages in memory, so the pages
// everyone reads are served without touching the database or the
// templates. An entry is one URL's response; its compressed forms are
// made once, the first time a client asks for them. Entries are dropped
// when the data under them changes (Invalidate, fed by PostgreSQL
// notifications on every instance), and least recently used first when
// the cache is full. Past its age limit a page is no longer served as
// fresh, but it is kept for StaleIfError: when the page's handler fails
// with 503 (the database out of reach), the stale copy is served instead.
package pagecache

import (
	"container/list"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Cache is safe for concurrent use.
type Cache struct {
	maxBytes int
	ttl      time.Duration
	now      func() time.Time

	mu      sync.Mutex
	entries map[string]*Page
	byTag   map[string]map[*Page]struct{}
	lru     *list.List // front: most recently used
	size    int
	// gen counts invalidations. A page rendered while one happened may
	// hold data from before it, so Put refuses it.
	gen uint64

	// live is true while the caller knows it will hear about every
	// change (its listener is connected). Without that promise the cache
	// stores nothing and serves nothing as fresh: a stale page is worse
	// than a slow one, though better than an error page.
	live atomic.Bool

	hits, misses, stores, evictions, invalidations, stale atomic.Uint64
}

// StaleIfError is how long after it was stored a page may stand in for
// its handler's 503.
const StaleIfError = 10 * time.Minute

// New returns a cache holding at most maxBytes of pages, each for at most
// ttl. It starts not live: see SetLive.
func New(maxBytes int, ttl time.Duration) *Cache {
	return &Cache{
		maxBytes: maxBytes,
		ttl:      ttl,
		now:      time.Now,
		entries:  map[string]*Page{},
		byTag:    map[string]map[*Page]struct{}{},
		lru:      list.New(),
	}
}

// SetLive says whether changes will be heard from now on. Coming live,
// the cache is emptied: while nobody listened, changes may have been
// missed. Going not live, pages are kept, served only in place of an
// error (Stale).
func (c *Cache) SetLive(live bool) {
	if live {
		c.InvalidateAll()
	} else {
		c.mu.Lock()
		c.gen++ // a page being rendered now must not be stored
		c.mu.Unlock()
	}
	c.live.Store(live)
}

// Live reports whether the cache is in use.
func (c *Cache) Live() bool { return c.live.Load() }

// Get returns the page cached under key, or nil.
func (c *Cache) Get(key string) *Page {
	if !c.live.Load() {
		return nil
	}
	c.mu.Lock()
	p := c.entries[key]
	if p != nil && !c.now().Before(p.expires) {
		c.dropIfTooStaleLocked(p)
		p = nil
	}
	if p != nil {
		c.lru.MoveToFront(p.elem)
	}
	c.mu.Unlock()
	if p == nil {
		c.misses.Add(1)
		return nil
	}
	c.hits.Add(1)
	return p
}

// Stale returns the page under key, fresh or not, live or not, if it was
// stored less than StaleIfError ago: the caller serves it in place of an
// error.
func (c *Cache) Stale(key string) *Page {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.entries[key]
	if p == nil || c.dropIfTooStaleLocked(p) {
		return nil
	}
	c.stale.Add(1)
	return p
}

func (c *Cache) dropIfTooStaleLocked(p *Page) bool {
	if c.now().Before(p.stored.Add(StaleIfError)) {
		return false
	}
	c.removeLocked(p)
	return true
}

// Generation is read before rendering a page that Put will store.
func (c *Cache) Generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Put stores p under key with tags, unless an invalidation happened since
// gen was read or the cache is not live; it reports whether it stored.
func (c *Cache) Put(key string, gen uint64, tags []string, p *Page) bool {
	if !c.live.Load() || p.size() > c.maxBytes/4 {
		return false
	}
	p.key, p.tags = key, tags
	p.stored = c.now()
	p.expires = p.stored.Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return false
	}
	if old := c.entries[key]; old != nil {
		c.removeLocked(old)
	}
	c.entries[key] = p
	p.elem = c.lru.PushFront(p)
	for _, t := range tags {
		if c.byTag[t] == nil {
			c.byTag[t] = map[*Page]struct{}{}
		}
		c.byTag[t][p] = struct{}{}
	}
	c.size += p.size()
	for c.size > c.maxBytes {
		c.removeLocked(c.lru.Back().Value.(*Page))
		c.evictions.Add(1)
	}
	c.stores.Add(1)
	return true
}

// Invalidate drops every page carrying any of tags.
func (c *Cache) Invalidate(tags ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, t := range tags {
		for p := range c.byTag[t] {
			c.removeLocked(p)
		}
	}
	c.invalidations.Add(1)
}

// InvalidateAll empties the cache.
func (c *Cache) InvalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	clear(c.byTag)
	c.lru.Init()
	c.size = 0
	c.invalidations.Add(1)
}

func (c *Cache) removeLocked(p *Page) {
	if c.entries[p.key] != p {
		return
	}
	delete(c.entries, p.key)
	c.lru.Remove(p.elem)
	for _, t := range p.tags {
		delete(c.byTag[t], p)
		if len(c.byTag[t]) == 0 {
			delete(c.byTag, t)
		}
	}
	c.size -= p.size()
}

// Stats are counters since start, for /metrics.
type Stats struct {
	Hits, Misses, Stores, Evictions, Invalidations uint64
	// Stale counts pages served in place of an error.
	Stale          uint64
	Entries, Bytes int
}

// Stats reads the counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	n, size := len(c.entries), c.size
	c.mu.Unlock()
	return Stats{
		Hits: c.hits.Load(), Misses: c.misses.Load(), Stores: c.stores.Load(),
		Evictions: c.evictions.Load(), Invalidations: c.invalidations.Load(),
		Stale: c.stale.Load(), Entries: n, Bytes: size,
	}
}

// Page is one cached response.
type Page struct {
	Status int
	// Header holds what the handler set for this page (its content type,
	// for one); headers every response gets are left to the middleware.
	Header http.Header
	Body   []byte

	key     string
	tags    []string
	stored  time.Time
	expires time.Time
	elem    *list.Element

	identity, gzip, brotli variant
	// cacheControl replaces the default revalidation policy (NewStatic);
	// plain pages are never compressed.
	cacheControl []string
	plain        bool
}

// size counts the body once for each form the page may come to hold, so
// the limit holds before the compressed forms are made. They are a
// fraction of the body, and this keeps accounting free of locks.
func (p *Page) size() int { return 2*len(p.Body) + 512 }
