package searchindex

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"example.com/careers/internal/roles"
)

// Keeper keeps an Index of the open roles in step with the table:
// told of every change (Changed) by the roles notification listener, it
// rebuilds in the background, and until the rebuild holds everything
// heard so far, Current returns nil and the search runs in SQL. So the
// index is only as late as the notifications (milliseconds), and while
// the listener is down it is not used at all.
type Keeper struct {
	store  *roles.Store
	logger *slog.Logger
	// Debounce gathers a burst of changes into one rebuild.
	Debounce time.Duration

	mu    sync.Mutex
	cur   *Index
	gen   uint64 // changes heard
	built uint64 // the generation cur holds
	live  bool
	kick  chan struct{}

	rebuilds atomic.Uint64
}

// NewKeeper returns a keeper with no index yet; Run builds it.
func NewKeeper(store *roles.Store, logger *slog.Logger) *Keeper {
	return &Keeper{store: store, logger: logger, Debounce: 200 * time.Millisecond, kick: make(chan struct{}, 1)}
}

// Current is the index if it holds every change heard, else nil.
func (k *Keeper) Current() *Index {
	if k == nil {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.live || k.built != k.gen {
		return nil
	}
	return k.cur
}

// Changed records that roles changed: the index is stale until rebuilt.
func (k *Keeper) Changed() {
	k.mu.Lock()
	k.gen++
	k.mu.Unlock()
	k.kickRebuild()
}

func (k *Keeper) kickRebuild() {
	select {
	case k.kick <- struct{}{}:
	default:
	}
}

// SetLive says whether changes are being heard. Coming live, the index
// is rebuilt: changes made while nobody listened were missed.
func (k *Keeper) SetLive(live bool) {
	k.mu.Lock()
	k.live = live
	if live {
		k.gen++ // in the same critical section: the old index is never offered
	}
	k.mu.Unlock()
	if live {
		k.kickRebuild()
	}
}

// Rebuilds counts completed builds, for tests and metrics.
func (k *Keeper) Rebuilds() uint64 { return k.rebuilds.Load() }

// Run rebuilds after each burst of changes until ctx ends.
func (k *Keeper) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-k.kick:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(k.Debounce):
		}
		k.mu.Lock()
		gen := k.gen
		k.mu.Unlock()
		start := time.Now()
		ix, err := Build(ctx, k.store)
		if err != nil {
			if ctx.Err() == nil {
				k.logger.Warn("search index rebuild failed; searches run in SQL meanwhile", "err", err)
				time.AfterFunc(time.Second, func() { k.Changed() })
			}
			continue
		}
		k.mu.Lock()
		k.cur, k.built = ix, gen
		k.mu.Unlock()
		k.rebuilds.Add(1)
		k.logger.Debug("search index rebuilt", "roles", len(ix.docs), "took", time.Since(start))
	}
}

// Search answers from the current index, when there is one (a
// roles.Engine).
func (k *Keeper) Search(ctx context.Context, q roles.Query, now time.Time) (roles.Result, bool, error) {
	ix := k.Current()
	if ix == nil {
		return roles.Result{}, false, nil
	}
	return ix.Search(ctx, k.store, q, now)
}
