package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

// Upload slots. Each apply body is read into memory (up to 5.5 MB), so
// only maxConcurrentUploads are read at once. A slot used to be held for
// up to UPLOAD_TIMEOUT by whoever took it: sixteen sockets sending a
// boundary and then nothing stopped every application for three
// minutes. Now one client address holds at most uploadShare slots, and a
// body must keep arriving (uploadStallBytes within every
// uploadStallWindow, 2 KB/s) or it is cut and its slot freed; the
// absolute UPLOAD_TIMEOUT stays as the outer bound.
const (
	maxConcurrentUploads = 16
	uploadShare          = 4
	// uploadSlotWait is how long a request waits for a slot (its
	// client's share or any) before it is answered 503.
	uploadSlotWait    = 5 * time.Second
	uploadStallWindow = 10 * time.Second
	uploadStallBytes  = 20 << 10
	uploadRetryAfterS = "10"
)

// uploadSlots hands out slots, fairly across client addresses.
type uploadSlots struct {
	total, share int
	wait         time.Duration
	mu           sync.Mutex
	used         int
	byClient     map[string]int
	// freed is closed (and replaced) whenever a slot is released, waking
	// every waiter to try again.
	freed chan struct{}
}

func newUploadSlots(total, share int, wait time.Duration) *uploadSlots {
	return &uploadSlots{total: total, share: share, wait: wait, byClient: map[string]int{}, freed: make(chan struct{})}
}

// take waits up to u.wait for a slot for client (an AddressKey)
// and returns its release, or ok false.
func (u *uploadSlots) take(ctx context.Context, client string) (release func(), ok bool) {
	wait := time.NewTimer(u.wait)
	defer wait.Stop()
	for {
		u.mu.Lock()
		if u.used < u.total && u.byClient[client] < u.share {
			u.used++
			u.byClient[client]++
			u.mu.Unlock()
			return sync.OnceFunc(func() { u.release(client) }), true
		}
		freed := u.freed
		u.mu.Unlock()
		select {
		case <-freed:
		case <-wait.C:
			return nil, false
		case <-ctx.Done():
			return nil, false
		}
	}
}

func (u *uploadSlots) release(client string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.used--
	if u.byClient[client]--; u.byClient[client] <= 0 {
		delete(u.byClient, client)
	}
	close(u.freed)
	u.freed = make(chan struct{})
}

// steadyBody cuts a body that stalls: the read deadline starts
// uploadStallWindow away and moves on by as much each time another
// uploadStallBytes arrive, never past end (UPLOAD_TIMEOUT).
type steadyBody struct {
	io.ReadCloser
	rc      *http.ResponseController
	end     time.Time
	pending int
	err     error // the first read error other than EOF
}

func newSteadyBody(w http.ResponseWriter, body io.ReadCloser, end time.Time) *steadyBody {
	b := &steadyBody{ReadCloser: body, rc: http.NewResponseController(w), end: end}
	b.extend()
	return b
}

func (b *steadyBody) extend() {
	next := time.Now().Add(uploadStallWindow)
	if next.After(b.end) {
		next = b.end
	}
	_ = b.rc.SetReadDeadline(next)
}

func (b *steadyBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && b.err == nil {
		b.err = err
	}
	if b.pending += n; b.pending >= uploadStallBytes {
		b.pending = 0
		b.extend()
	}
	return n, err
}

// cut reports whether reading ended at a deadline.
func (b *steadyBody) cut() bool { return errors.Is(b.err, os.ErrDeadlineExceeded) }

// stalled reports whether the body was cut for stalling rather than at
// end (UPLOAD_TIMEOUT).
func (b *steadyBody) stalled() bool { return time.Now().Before(b.end) }
