package db

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// PoolCollector reports the connection pool's state at each scrape: how
// many connections are in use, idle and allowed, and how often a request
// had to wait for one (the sign that the pool is too small).
func PoolCollector(pool *pgxpool.Pool) prometheus.Collector {
	return poolCollector{pool}
}

type poolCollector struct{ pool *pgxpool.Pool }

var (
	poolInUse   = prometheus.NewDesc("careers_db_pool_connections_in_use", "Connections handed out to requests.", nil, nil)
	poolIdle    = prometheus.NewDesc("careers_db_pool_connections_idle", "Open connections waiting for work.", nil, nil)
	poolMax     = prometheus.NewDesc("careers_db_pool_connections_max", "Most connections the pool opens.", nil, nil)
	poolWaits   = prometheus.NewDesc("careers_db_pool_acquire_waits_total", "Acquisitions that had to wait for a connection.", nil, nil)
	poolWaitSec = prometheus.NewDesc("careers_db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection.", nil, nil)
)

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolInUse, poolIdle, poolMax, poolWaits, poolWaitSec} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(st.AcquiredConns()))
	ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(st.IdleConns()))
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(st.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(st.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaitSec, prometheus.CounterValue, st.EmptyAcquireWaitTime().Seconds())
}
