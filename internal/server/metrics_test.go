package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMetricsCountRoutesNotURLs(t *testing.T) {
	var p cacheProbe
	a := newApp(t, withPageCache(t, &p))
	a.get("/faq")
	a.get("/faq")
	a.get("/applications/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") // an unknown status token: 404
	brew, _ := http.NewRequest("BREW", a.srv.URL+"/faq", nil)          // a made-up method
	a.do(brew)
	res, body := a.get("/metrics")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics from loopback: %d", res.StatusCode)
	}
	for _, want := range []string{
		`careers_http_requests_total{code="200",method="GET",route="/faq"} 2`,
		`careers_http_requests_total{code="404",method="GET",route="/applications/{token}"} 1`,
		`careers_http_request_duration_seconds_bucket{method="GET",route="/faq",le="+Inf"} 2`,
		"careers_page_cache_hits_total 1",
		"careers_page_cache_misses_total 1",
		"careers_page_cache_live 1",
		`careers_mail_jobs{state="discarded"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "BREW") || !strings.Contains(body, `method="other"`) {
		t.Error("a made-up method became a label value of its own")
	}
	if strings.Contains(body, "AAAAAAAAAAAAAAAA") {
		t.Error("a raw path (holding a token) became a label")
	}
	if _, sitemap := a.get("/sitemap.xml"); strings.Contains(sitemap, "metrics") {
		t.Error("the sitemap lists /metrics")
	}
}

func TestMetricsAreForLoopbackOrTokenOnly(t *testing.T) {
	const token = "0123456789abcdef-metrics"
	a := newApp(t, func(d *Deps) { d.MetricsToken = token })
	behindProxy := newApp(t, func(d *Deps) { d.TrustedProxyHeader = "X-Forwarded-For" })
	for _, c := range []struct {
		name   string
		app    *testApp
		remote string
		auth   string
		want   int
	}{
		{"loopback", a, "127.0.0.1:5000", "", http.StatusOK},
		{"IPv6 loopback", a, "[::1]:5000", "", http.StatusOK},
		{"another machine", a, "203.0.113.9:5000", "", http.StatusNotFound},
		{"another machine with the token", a, "203.0.113.9:5000", "Bearer " + token, http.StatusOK},
		{"another machine with a wrong token", a, "203.0.113.9:5000", "Bearer " + token + "x", http.StatusNotFound},
		{"through a proxy on this machine", behindProxy, "127.0.0.1:5000", "", http.StatusNotFound},
	} {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = c.remote
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		w := httptest.NewRecorder()
		c.app.mux.ServeHTTP(w, req)
		if w.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, w.Code, c.want)
		}
		if w.Code == http.StatusOK && w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: metrics may be cached", c.name)
		}
	}
}
