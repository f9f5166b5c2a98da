package server

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's own Prometheus series. Requests are labelled
// by route pattern, never by raw path: paths hold private tokens, and a
// label per URL would grow without bound.
type metrics struct {
	requests *prometheus.CounterVec
	// unavailable counts 503s by reason: "busy" (every upload or
	// password-hashing slot taken) or "database" (out of reach).
	unavailable *prometheus.CounterVec
	// uploadsCut counts apply bodies cut off: "stalled" (below the
	// minimum rate) or "timeout" (UPLOAD_TIMEOUT).
	uploadsCut *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	handler    http.Handler
}

func (s *server) newMetrics() *metrics {
	reg := s.Metrics
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "careers_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "careers_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
	}
	m.unavailable = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "careers_http_unavailable_total",
		Help: "503s given by handlers, by reason: busy (every upload or password-hashing slot taken) or database (out of reach); a cached page may have been served in place of one (careers_page_cache_stale_total).",
	}, []string{"reason"})
	m.uploadsCut = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "careers_uploads_cut_total",
		Help: "Application uploads cut off, by reason: stalled (below 2 KB/s for 10 s) or timeout (UPLOAD_TIMEOUT).",
	}, []string{"reason"})
	reg.MustRegister(m.requests, m.duration, m.unavailable, m.uploadsCut)
	if c := s.Pages; c != nil {
		counter := func(name, help string, read func() uint64) prometheus.Collector {
			return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
				func() float64 { return float64(read()) })
		}
		reg.MustRegister(
			counter("careers_page_cache_hits_total", "Public pages served from the cache.", func() uint64 { return c.Stats().Hits }),
			counter("careers_page_cache_misses_total", "Public pages rendered because the cache did not hold them.", func() uint64 { return c.Stats().Misses }),
			counter("careers_page_cache_evictions_total", "Pages dropped to stay within the cache's memory.", func() uint64 { return c.Stats().Evictions }),
			counter("careers_page_cache_invalidations_total", "Invalidations applied (role changes, reconnections).", func() uint64 { return c.Stats().Invalidations }),
			counter("careers_page_cache_stale_total", "Cached pages served in place of a 503 (stale-if-error, up to 10 minutes old).", func() uint64 { return c.Stats().Stale }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "careers_page_cache_bytes", Help: "Memory held by cached pages."},
				func() float64 { return float64(c.Stats().Bytes) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "careers_page_cache_live", Help: "1 while the cache hears of every change and so serves fresh pages."},
				func() float64 {
					if c.Live() {
						return 1
					}
					return 0
				}),
		)
	}
	if s.Outbox != nil {
		reg.MustRegister(&mailJobs{count: s.Outbox.JobCounts})
	}
	// ContinueOnError: in an outage the mail-job counts cannot be read,
	// and the rest (503s by reason, the pool) is what an operator needs
	// then; failing the whole scrape hid it.
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return m
}

// observe records one finished request.
func (m *metrics) observe(route, method string, status int, took time.Duration) {
	method = methodLabel(method)
	m.requests.WithLabelValues(route, method, statusLabel(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

// methodLabel keeps the label set bounded: a client may send any method
// name, and each new label value would be a series kept forever.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return method
	}
	return "other"
}

// statusLabel avoids formatting the common codes on every request.
func statusLabel(status int) string {
	switch status {
	case http.StatusOK:
		return "200"
	case http.StatusNotModified:
		return "304"
	case http.StatusSeeOther:
		return "303"
	case http.StatusNotFound:
		return "404"
	}
	return strconv.Itoa(status)
}

// mailJobs reports the mail queue's jobs by state when scraped.
type mailJobs struct {
	count func(context.Context) (map[string]int, error)
}

var mailJobsDesc = prometheus.NewDesc("careers_mail_jobs", "Mail delivery jobs by state.", []string{"state"}, nil)

func (m *mailJobs) Describe(ch chan<- *prometheus.Desc) { ch <- mailJobsDesc }

func (m *mailJobs) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := m.count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(mailJobsDesc, err)
		return
	}
	// Every state is reported, zero included, so a dashboard's series
	// do not appear and vanish.
	for _, state := range []string{"available", "scheduled", "running", "retryable", "completed", "discarded", "cancelled", "pending"} {
		ch <- prometheus.MustNewConstMetric(mailJobsDesc, prometheus.GaugeValue, float64(counts[state]), state)
	}
}

// serveMetrics answers Prometheus. The figures say how busy the site is
// and little else, but they are not for the public: only clients on this
// machine may read them, or anyone presenting METRICS_TOKEN. Others get
// the ordinary 404, so the endpoint is not advertised.
func (s *server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	if !s.metricsAllowed(r) {
		s.serveError(w, r, errNotFound)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.metrics.handler.ServeHTTP(w, r)
}

func (s *server) metricsAllowed(r *http.Request) bool {
	if s.MetricsToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.MetricsToken)) == 1 {
			return true
		}
	}
	// Behind a proxy every request arrives from the proxy, often on this
	// machine: then only the token opens the door.
	if s.TrustedProxyHeader != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
