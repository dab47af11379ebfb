// Package server is distillguard's online front: the HTTP API of
// docs/api.md over the journal (internal/journal) and the detection engine
// (internal/online). A batch is acknowledged once the journal has it on
// disk; one goroutine then applies the journal to the engine in order, so
// the state after a crash and restart is the state before it.
package server

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/distillguard/distillguard/internal/journal"
	"github.com/distillguard/distillguard/internal/online"
)

// Config configures a server.
type Config struct {
	Addr    string   // listen address, e.g. 127.0.0.1:8417
	DataDir string   // journal directory
	Tokens  []string // bearer tokens accepted on /v1/ (at least one)
	// MaxBody bounds a request body, compressed or not (413 beyond it).
	MaxBody int64
	// TLSCert and TLSKey, when both set, serve HTTPS.
	TLSCert, TLSKey string
	// Engine configures detection and policy.
	Engine online.Options
	// NoSync skips fsync in the journal: tests and benchmarks only.
	NoSync bool
	Logger *slog.Logger
}

// Server is one running instance.
type Server struct {
	cfg     Config
	log     *slog.Logger
	j       *journal.Journal
	eng     *online.Engine
	reg     *prometheus.Registry
	m       *metrics
	ready   atomic.Bool
	wake    chan struct{}
	handler http.Handler
	ln      net.Listener
}

// New opens the journal and builds the engine; Run starts serving.
func New(cfg Config) (*Server, error) {
	if len(cfg.Tokens) == 0 {
		return nil, errors.New("no bearer token: set --token or DISTILLGUARD_TOKEN; every /v1/ request must carry it")
	}
	for _, t := range cfg.Tokens {
		if len(t) < 8 {
			return nil, errors.New("a bearer token must be at least 8 characters")
		}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 32 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Engine.Logger == nil {
		cfg.Engine.Logger = cfg.Logger
	}
	j, err := journal.Open(cfg.DataDir, journal.Options{NoSync: cfg.NoSync})
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, j: j, eng: online.New(cfg.Engine), wake: make(chan struct{}, 1),
		reg: prometheus.NewRegistry()}
	s.m = newMetrics(s)
	s.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.eng.OnRound = func(st online.RoundStats) {
		s.m.rounds.Inc()
		s.m.roundSeconds.Observe(st.Took.Seconds())
	}
	s.handler = s.routes()
	return s, nil
}

// Engine exposes the engine, for tests.
func (s *Server) Engine() *online.Engine { return s.eng }

// Handler is the HTTP API.
func (s *Server) Handler() http.Handler { return s.handler }

// Listen binds the address; Addr then reports it (":0" picks a port).
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another server running there?)", s.cfg.Addr, err)
	}
	s.ln = ln
	return nil
}

// Addr is the bound address, after Listen.
func (s *Server) Addr() string {
	if s.ln == nil {
		return s.cfg.Addr
	}
	return s.ln.Addr().String()
}

// Run replays the journal into the engine, then serves until ctx ends and
// shuts down gracefully: requests in flight finish, the applier drains,
// the journal closes.
func (s *Server) Run(ctx context.Context) error {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() {
		var err error
		if s.cfg.TLSCert != "" && s.cfg.TLSKey != "" {
			hs.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			err = hs.ServeTLS(s.ln, s.cfg.TLSCert, s.cfg.TLSKey)
		} else {
			err = hs.Serve(s.ln)
		}
		if !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	s.log.Info("listening", "addr", s.Addr(), "tls", s.cfg.TLSCert != "", "data_dir", s.cfg.DataDir)

	applyCtx, stopApply := context.WithCancel(context.Background())
	applied := make(chan error, 1)
	go func() { applied <- s.applyLoop(applyCtx) }()

	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	case err = <-applied:
		applied <- err
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if e := hs.Shutdown(sctx); e != nil && err == nil {
		err = e
	}
	stopApply()
	if e := <-applied; e != nil && err == nil {
		err = e
	}
	if e := s.j.Close(); e != nil && err == nil {
		err = e
	}
	return err
}

// applyLoop applies journal records to the engine in order: first all
// that the journal held at start (then the server is ready), then each new
// batch as ingest signals it. On the wall clock it also runs detection
// rounds on schedule.
func (s *Server) applyLoop(ctx context.Context) error {
	apply := func() error {
		from := s.eng.Applied() + 1
		if s.j.LastSeq() < from {
			return nil
		}
		return s.j.Replay(from, func(seq uint64, kind journal.Kind, payload []byte) error {
			return s.eng.Apply(seq, online.Kind(kind), payload)
		})
	}
	t0 := time.Now()
	if err := apply(); err != nil {
		return fmt.Errorf("replaying the journal in %s: %w", s.cfg.DataDir, err)
	}
	if !s.cfg.Engine.DataClock && s.eng.Applied() > 0 {
		s.eng.Round()
	}
	s.ready.Store(true)
	s.log.Info("ready", "replayed_seq", s.eng.Applied(), "took", time.Since(t0))
	var rounds <-chan time.Time
	if !s.cfg.Engine.DataClock {
		every := s.cfg.Engine.Every
		if every <= 0 {
			every = time.Hour
		}
		t := time.NewTicker(every)
		defer t.Stop()
		rounds = t.C
	}
	poll := time.NewTicker(time.Second)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return apply()
		case <-s.wake:
		case <-poll.C:
		case <-rounds:
			s.eng.Round()
		}
		if err := apply(); err != nil {
			s.log.Error("applying the journal failed; ingest continues but detection has stopped", "err", err)
			return err
		}
	}
}

// notify tells the applier that the journal grew.
func (s *Server) notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// authorized checks the bearer token in constant time.
func (s *Server) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return false
	}
	good := 0
	for _, t := range s.cfg.Tokens {
		good |= subtle.ConstantTimeCompare([]byte(tok), []byte(t))
	}
	return good == 1
}
