package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/distillguard/distillguard/internal/online"
)

// metrics are the Prometheus series /metrics exports.
type metrics struct {
	records      *prometheus.CounterVec
	batches      *prometheus.CounterVec
	checks       *prometheus.CounterVec
	checkSeconds prometheus.Histogram
	rounds       prometheus.Counter
	roundSeconds prometheus.Histogram
	requests     *prometheus.CounterVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		records: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "distillguard_ingest_records_total",
			Help: "Records acknowledged, by kind (exchanges, accounts, models)."}, []string{"kind"}),
		batches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "distillguard_ingest_batches_total",
			Help: "Ingest batches, by kind and result (accepted, rejected)."}, []string{"kind", "result"}),
		checks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "distillguard_checks_total",
			Help: "Answers of /v1/check, by action."}, []string{"action"}),
		checkSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "distillguard_check_seconds",
			Help:    "Time to answer /v1/check, from request decoded to answer written.",
			Buckets: []float64{25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2e-3, 5e-3, 10e-3, 50e-3}}),
		rounds: prometheus.NewCounter(prometheus.CounterOpts{Name: "distillguard_detection_rounds_total",
			Help: "Detection rounds run."}),
		roundSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "distillguard_detection_round_seconds",
			Help: "Time a detection round took.", Buckets: prometheus.ExponentialBuckets(0.01, 2, 14)}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "distillguard_http_requests_total",
			Help: "HTTP requests, by route and status code."}, []string{"route", "code"}),
	}
	s.reg.MustRegister(m.records, m.batches, m.checks, m.checkSeconds, m.rounds, m.roundSeconds, m.requests)
	s.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "distillguard_journal_seq",
			Help: "Last journaled batch."}, func() float64 { return float64(s.journaled()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "distillguard_applied_seq",
			Help: "Last batch applied to the detection state."}, func() float64 { return float64(s.applied()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "distillguard_lag_batches",
			Help: "Batches journaled but not yet applied."}, func() float64 {
			j, a := s.journaled(), s.applied()
			if j < a {
				return 0
			}
			return float64(j - a)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "distillguard_campaigns",
			Help: "Campaigns in the latest detection round."}, func() float64 {
			if eng := s.engine(); eng != nil {
				return float64(len(eng.Snapshot().Findings.Campaigns))
			}
			return 0
		}),
	)
	for a := online.Allow + 1; a <= online.Block; a++ {
		s.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "distillguard_decisions",
			Help: "Accounts currently under each action.", ConstLabels: prometheus.Labels{"action": a.String()}},
			func() float64 { return float64(s.dec.Counts(s.now())[a]) }))
	}
	for r := online.AsideFuture; r <= online.AsideAccounts; r++ {
		s.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "distillguard_set_aside_total",
			Help:        "Journaled records not applied, by reason: future (dated past the wall clock by more than --max-skew), late (behind the data clock by more than --max-late), account_limit (a new account beyond --max-accounts).",
			ConstLabels: prometheus.Labels{"reason": r.String()}},
			func() float64 {
				if eng := s.engine(); eng != nil {
					return float64(eng.AsideCount(r))
				}
				return 0
			}))
	}
	return m
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Flush passes through, so the decision stream still streams.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// instrument counts requests by route pattern and status, and logs server
// errors and slow requests at debug level.
func (m *metrics) instrument(h http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: 200}
		h.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "other"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
		if took := time.Since(t0); sw.code >= 500 || took > time.Second && route != "GET /v1/decisions/stream" {
			log.Debug("request", "route", route, "code", sw.code, "took", took, "remote", r.RemoteAddr)
		}
	})
}
