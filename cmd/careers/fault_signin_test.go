package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"example.com/careers/internal/db/dbtest"
)

// peakRSS is the process's high-water resident set (VmHWM), in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatalf("read the process status: %v", err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/<pid>/status")
	return 0
}

// signInPeakBound is the most the process may hold at its peak while
// 200 sign-ins arrive at once: four argon2id runs of 19 MiB, their
// garbage before the collector catches up, and the rest of the server.
// Unbounded, 48 sign-ins took it to 927 MB.
const signInPeakBound = 300 << 20

// TestFaultConcurrentSignInsBoundMemory: 200 sign-ins at once, each from
// its own address (so no rate limit stops them before the hashing),
// keep the real binary's peak resident memory under signInPeakBound;
// each is answered 401 or, when no hashing slot frees up in time, a
// friendly 503 with Retry-After, never a 500.
func TestFaultConcurrentSignInsBoundMemory(t *testing.T) {
	bin := careersBinary(t)
	t.Parallel()
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "TRUSTED_PROXY_HEADER": "X-Real-IP"}
	p := startCareers(t, bin, env)
	before := peakRSS(t, p.cmd.Process.Pid)

	const clients = 200
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range clients {
		wg.Go(func() {
			form := url.Values{"email": {fmt.Sprintf("nobody.%d@example.com", i)}, "password": {"not anyone's password " + strconv.Itoa(i)}}
			req, _ := http.NewRequest(http.MethodPost, p.base+"/admin/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.Header.Set("X-Real-IP", fmt.Sprintf("10.230.%d.%d", i/250, i%250+1))
			<-start
			a, err := faultSend(req)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				statuses[-1]++
				return
			}
			if a.status == http.StatusServiceUnavailable && a.header.Get("Retry-After") == "" {
				statuses[-2]++
			}
			statuses[a.status]++
		})
	}
	close(start)
	wg.Wait()
	peak := peakRSS(t, p.cmd.Process.Pid)
	t.Logf("%d sign-ins at once: answers %v; peak RSS %d MiB (%d MiB before)", clients, statuses, peak>>20, before>>20)
	if peak > signInPeakBound {
		t.Errorf("peak RSS %d MiB, bound %d MiB", peak>>20, signInPeakBound>>20)
	}
	if statuses[http.StatusUnauthorized] == 0 {
		t.Error("no sign-in was checked at all")
	}
	if statuses[http.StatusUnauthorized]+statuses[http.StatusServiceUnavailable] != clients || statuses[-2] > 0 {
		t.Errorf("answers %v: want only 401s and 503s with Retry-After (-1: transport errors)", statuses)
	}
	if strings.Contains(p.logs.String(), "level=ERROR") {
		t.Errorf("the busy answers logged ERROR lines:\n%s", p.logs.String())
	}
}
