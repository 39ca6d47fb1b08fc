// Package metrics holds supplygraph's Prometheus metrics: GraphQL requests
// and their latency by operation and outcome, HTTP requests, Neo4j query
// latency, and rows loaded. It is served at /metrics.
package metrics

import (
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one registry of supplygraph's metrics.
type Metrics struct {
	reg          *prometheus.Registry
	gqlRequests  *prometheus.CounterVec
	gqlDuration  *prometheus.HistogramVec
	httpRequests *prometheus.CounterVec
	neo4jQueries *prometheus.HistogramVec
	loadRows     *prometheus.CounterVec
	connRefused  prometheus.Counter

	// opsMu guards ops, the operation names labelled so far.
	opsMu sync.Mutex
	ops   map[string]bool
}

// MaxOperationLabels bounds the distinct operation names the GraphQL
// metrics label (16 series each); later names count as "other".
const MaxOperationLabels = 100

// New returns a registry with the Go and process collectors and
// supplygraph's metrics.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), ops: map[string]bool{}}
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.gqlRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "supplygraph_graphql_requests_total", Help: "GraphQL operations by operation name and outcome (ok or an error code).",
	}, []string{"operation", "outcome"})
	m.gqlDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "supplygraph_graphql_request_duration_seconds", Help: "GraphQL operation latency by operation name and outcome.",
		Buckets: []float64{.005, .01, .025, .05, .1, .2, .5, 1, 2, 5, 10, 30},
	}, []string{"operation", "outcome"})
	m.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "supplygraph_http_requests_total", Help: "HTTP requests by route and status code.",
	}, []string{"route", "code"})
	m.neo4jQueries = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "supplygraph_neo4j_query_duration_seconds", Help: "Neo4j transaction latency by access mode and outcome.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
	}, []string{"mode", "outcome"})
	m.loadRows = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "supplygraph_load_rows_total", Help: "Dataset rows written by loads, by file.",
	}, []string{"file"})
	m.connRefused = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "supplygraph_http_connections_refused_total", Help: "Connections closed at once because their client had --max-conns-per-client open.",
	})
	m.reg.MustRegister(m.gqlRequests, m.gqlDuration, m.httpRequests, m.neo4jQueries, m.loadRows, m.connRefused)
	return m
}

// Snapshot registers gauges read from status at each scrape: whether
// analysis is answered from the in-memory snapshot (1) or from Neo4j (0),
// whether a whole build is under way, and the change number it holds.
func (m *Metrics) Snapshot(status func() (ready, building bool, seq int64)) {
	gauge := func(name, help string, f func() float64) {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
	}
	b2f := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	gauge("supplygraph_analysis_snapshot_ready", "1 when analysis is answered from the in-memory snapshot, 0 when from Neo4j.",
		func() float64 { r, _, _ := status(); return b2f(r) })
	gauge("supplygraph_analysis_snapshot_building", "1 while the snapshot is read whole from Neo4j.",
		func() float64 { _, b, _ := status(); return b2f(b) })
	gauge("supplygraph_analysis_snapshot_seq", "The number of the last data change the snapshot holds.",
		func() float64 { _, _, s := status(); return float64(s) })
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

var safeName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// OperationLabel bounds the label values a client can create: the name
// of the operation that was selected from the document, "anonymous" for
// an unnamed one, "none" when no operation was selected (the request was
// refused before: its body, its document, or an operation name the
// document does not hold), or "other" for names that are not plain
// identifiers of at most 64 characters.
func OperationLabel(name string, selected bool) string {
	switch {
	case !selected:
		return "none"
	case name == "":
		return "anonymous"
	case safeName.MatchString(name):
		return name
	}
	return "other"
}

// operationLabel is OperationLabel, with names past the first
// MaxOperationLabels counted as "other": clients choose the names, and
// every one would otherwise add series to /metrics for good.
func (m *Metrics) operationLabel(name string, selected bool) string {
	op := OperationLabel(name, selected)
	if op == "none" || op == "anonymous" || op == "other" {
		return op
	}
	m.opsMu.Lock()
	defer m.opsMu.Unlock()
	if !m.ops[op] {
		if len(m.ops) >= MaxOperationLabels {
			return "other"
		}
		m.ops[op] = true
	}
	return op
}

// GraphQL records one GraphQL request: operation is the name of the
// operation selected from its document, if selected.
func (m *Metrics) GraphQL(operation string, selected bool, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	op := m.operationLabel(operation, selected)
	m.gqlRequests.WithLabelValues(op, outcome).Inc()
	m.gqlDuration.WithLabelValues(op, outcome).Observe(d.Seconds())
}

// HTTP records one HTTP request.
func (m *Metrics) HTTP(route string, code int) {
	if m == nil {
		return
	}
	m.httpRequests.WithLabelValues(route, http.StatusText(code)).Inc()
}

// Neo4jQuery records one Neo4j transaction.
func (m *Metrics) Neo4jQuery(mode, outcome string, d time.Duration) {
	if m == nil {
		return
	}
	m.neo4jQueries.WithLabelValues(mode, outcome).Observe(d.Seconds())
}

// ConnRefused counts a connection refused by the per-client cap.
func (m *Metrics) ConnRefused() {
	if m == nil {
		return
	}
	m.connRefused.Inc()
}

// LoadRows counts rows written.
func (m *Metrics) LoadRows(file string, n int) {
	if m == nil {
		return
	}
	m.loadRows.WithLabelValues(file).Add(float64(n))
}
