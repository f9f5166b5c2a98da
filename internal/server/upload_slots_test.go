package server

import (
	"context"
	"testing"
	"time"
)

// TestUploadSlotsAreShared: one client holds at most its share, however
// many it asks for, and others still get slots; a release wakes a
// waiter; the total is never passed.
func TestUploadSlotsAreShared(t *testing.T) {
	ctx := context.Background()
	u := newUploadSlots(4, 2, 50*time.Millisecond)
	r1, ok1 := u.take(ctx, "addr:a")
	_, ok2 := u.take(ctx, "addr:a")
	if !ok1 || !ok2 {
		t.Fatal("a client did not get its share")
	}
	if _, ok := u.take(ctx, "addr:a"); ok {
		t.Fatal("a client got more than its share")
	}
	_, okB := u.take(ctx, "addr:b")
	_, okC := u.take(ctx, "addr:c")
	if !okB || !okC {
		t.Fatal("another client was refused while slots were free")
	}
	if _, ok := u.take(ctx, "addr:d"); ok {
		t.Fatal("the total was passed")
	}
	// A waiter gets the slot released while it waits.
	u.wait = 5 * time.Second
	got := make(chan bool)
	go func() { _, ok := u.take(ctx, "addr:d"); got <- ok }()
	time.Sleep(20 * time.Millisecond)
	r1()
	r1() // a second call of one release frees nothing more
	if !<-got {
		t.Fatal("the waiter did not get the freed slot")
	}
	if u.used != 4 || u.byClient["addr:a"] != 1 {
		t.Fatalf("used %d, client a holds %d", u.used, u.byClient["addr:a"])
	}
}
