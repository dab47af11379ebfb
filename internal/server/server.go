// Package server is distillguard's online front: the HTTP API of
// docs/api.md over the journal (internal/journal) and the detection engine
// (internal/online). A batch is acknowledged once the journal has it on
// disk; one goroutine then applies the journal to the engine in order, so
// the state after a crash and restart is the state before it.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/distillguard/distillguard/internal/cluster"
	"github.com/distillguard/distillguard/internal/journal"
	"github.com/distillguard/distillguard/internal/online"
)

// Config configures a server.
type Config struct {
	Addr    string // listen address, e.g. 127.0.0.1:8417
	DataDir string // journal directory
	// Tokens are the bearer tokens accepted on /v1/ (at least one, each of
	// at least MinTokenLen characters); "NAME:SECRET" names the principal
	// that the audit log records as the actor, else it is token-N.
	Tokens []string
	// MaxBody bounds a request body, compressed or not (413 beyond it).
	MaxBody int64
	// TLSCert and TLSKey, when both set, serve HTTPS.
	TLSCert, TLSKey string
	// Engine configures detection and policy.
	Engine online.Options
	// NoSync skips fsync in the journal: tests and benchmarks only.
	NoSync bool
	Logger *slog.Logger
	// NATS, when set, runs the instance as one worker of a JetStream
	// cluster instead of on the local journal (see cluster.go).
	NATS string
	// NodeID names this instance in the cluster (default host-pid).
	NodeID string
	// Partitions and Replicas configure the cluster's streams (defaults 16
	// and 1).
	Partitions, Replicas int
	// Limits bound connections, ingest and its memory (limits.go).
	Limits
}

// Server is one running instance.
type Server struct {
	cfg    Config
	log    *slog.Logger
	j      *journal.Journal              // nil in a cluster
	eng    atomic.Pointer[online.Engine] // the engine forming campaigns here; in a cluster only on the leader
	dec    *online.Decisions             // what gateways read: the engine's, or the cluster's mirrored
	nc     *cluster.Conn                 // nil outside a cluster
	id     string
	mclock atomic.Int64 // cluster: latest decision time seen, for the data clock
	reg    *prometheus.Registry
	m      *metrics
	ready  atomic.Bool
	wake   chan struct{}
	// validating admits one ingest batch at a time to validation.
	validating chan struct{}
	// rounding admits one requested detection round at a time.
	rounding chan struct{}
	handler  http.Handler
	ln       net.Listener
	guard    // tokens and limits (auth.go, limits.go)
}

// New opens the journal and builds the engine; Run starts serving.
func New(cfg Config) (*Server, error) {
	g, err := newGuard(&cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Engine.Policy == (online.Policy{}) {
		cfg.Engine.Policy = online.DefaultPolicy() // the cluster mirror answers by it too
	}
	if cfg.Engine.Logger == nil {
		cfg.Engine.Logger = cfg.Logger
	}
	if cfg.Engine.MaxSkew <= 0 {
		cfg.Engine.MaxSkew = online.DefaultMaxSkew // ingest refuses by it too
	}
	s := &Server{cfg: cfg, log: cfg.Logger, wake: make(chan struct{}, 1), validating: make(chan struct{}, 1), rounding: make(chan struct{}, 1), reg: prometheus.NewRegistry(), id: cfg.NodeID, guard: g}
	if s.id == "" {
		host, _ := os.Hostname()
		s.id = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	s.m = newMetrics(s)
	s.registerLimitMetrics()
	s.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if cfg.NATS != "" {
		if err := s.connect(); err != nil {
			return nil, err
		}
	} else {
		// Every repair recovery makes is logged: an operator must learn that
		// bytes were cut from the journal, and where they were kept.
		logf := func(format string, args ...any) { cfg.Logger.Warn(fmt.Sprintf(format, args...)) }
		j, err := journal.Open(cfg.DataDir, journal.Options{NoSync: cfg.NoSync, Logf: logf})
		if err != nil {
			return nil, err
		}
		s.j = j
		eng := s.newEngine(s.cfg.Engine)
		s.eng.Store(eng)
		s.dec = eng.Decisions
	}
	s.handler = s.routes()
	return s, nil
}

// newEngine builds an engine that reports its rounds to the metrics.
func (s *Server) newEngine(opt online.Options) *online.Engine {
	eng := online.New(opt)
	eng.OnRound = func(st online.RoundStats) {
		s.m.rounds.Inc()
		s.m.roundSeconds.Observe(st.Took.Seconds())
	}
	return eng
}

// Engine is the engine forming campaigns here (nil on a cluster worker
// that is not the leader); for tests.
func (s *Server) Engine() *online.Engine { return s.engine() }

func (s *Server) engine() *online.Engine { return s.eng.Load() }

// now is the clock decisions are judged by.
func (s *Server) now() time.Time {
	if eng := s.engine(); eng != nil {
		return eng.Now()
	}
	if ns := s.mclock.Load(); s.cfg.Engine.DataClock && ns != 0 {
		return time.Unix(0, ns).UTC()
	}
	return time.Now().UTC()
}

// latest is the newest exchange time ingest accepts (unix ns): the wall
// clock plus the engine's tolerated skew. The engine sets later ones aside
// too (for journals written before the bound and for the cluster's path);
// refusing them here tells the sender while it can still fix its clock.
func (s *Server) latest() int64 {
	return time.Now().Add(s.cfg.Engine.MaxSkew).UnixNano()
}

// journaled is the last journal seq (0 in a cluster, where JetStream keeps
// the log).
func (s *Server) journaled() uint64 {
	if s.j == nil {
		return 0
	}
	return s.j.LastSeq()
}

// applied is the last record the local engine applied.
func (s *Server) applied() uint64 {
	if eng := s.engine(); eng != nil {
		return eng.Applied()
	}
	return 0
}

// persist makes a batch durable: in the journal, or acknowledged by
// JetStream (partitioned by keys, one per line; see normalise). It returns
// the journal seq (0 in a cluster).
func (s *Server) persist(ctx context.Context, kind online.Kind, payload []byte, keys []uint64) (uint64, error) {
	if s.nc != nil {
		return 0, s.publish(ctx, kind, payload, keys)
	}
	seq, err := s.j.Append(journal.Kind(kind), payload)
	if err == nil {
		s.notify()
	}
	return seq, err
}

// checkRequest answers /v1/check: from the engine where campaigns are
// formed here, else from the mirrored decisions.
func (s *Server) checkRequest(r online.CheckRequest) online.CheckAnswer {
	if eng := s.engine(); eng != nil {
		return eng.Check(r)
	}
	now := s.now()
	ans, _ := s.cfg.Engine.Policy.Answer(s.dec.Get(r.AccountID, now), now)
	return ans
}

// Handler is the HTTP API.
func (s *Server) Handler() http.Handler { return s.handler }

// Listen binds the address; Addr then reports it (":0" picks a port). It
// raises the file limit to its hard limit and caps open connections below
// it (Limits.MaxConns).
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another server running there?)", s.cfg.Addr, err)
	}
	nofile := raiseFileLimit()
	limit := connCap(s.cfg.MaxConns, nofile)
	if limit < s.cfg.MaxConns {
		s.log.Warn("the file limit lowers the connection cap", "max_conns", limit, "asked", s.cfg.MaxConns, "nofile", nofile)
	}
	perIP := min(s.cfg.MaxConnsPerIP, limit)
	s.lim = newLimitListener(ln, limit, perIP)
	s.ln = s.lim
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
	// No ReadTimeout or WriteTimeout: they would cut the decision stream
	// and large batches; deadlines are per request (limits.go).
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
	maxConns, perIP := 0, 0
	if s.lim != nil {
		maxConns, perIP = cap(s.lim.slots), s.lim.perIP
	}
	s.log.Info("listening", "addr", s.Addr(), "tls", s.cfg.TLSCert != "", "data_dir", s.cfg.DataDir,
		"max_conns", maxConns, "max_conns_per_ip", perIP, "max_ingest", s.cfg.MaxIngest, "memory_budget", s.cfg.MemoryBudget)

	applyCtx, stopApply := context.WithCancel(context.Background())
	applied := make(chan error, 1)
	if s.nc != nil {
		go func() { applied <- s.runCluster(applyCtx) }()
	} else {
		go func() { applied <- s.applyLoop(applyCtx) }()
	}

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
	if s.j != nil {
		if e := s.j.Close(); e != nil && err == nil {
			err = e
		}
	}
	if s.nc != nil {
		s.nc.Close()
	}
	return err
}

// applyLoop applies journal records to the engine in order: first all
// that the journal held at start (then the server is ready), then each new
// batch as ingest signals it. On the wall clock it also runs detection
// rounds on schedule. It stops between two records once ctx ends, without
// draining the journal: what it did not apply is on disk, and the next
// start replays it.
func (s *Server) applyLoop(ctx context.Context) error {
	eng := s.engine()
	apply := func() error {
		from := eng.Applied() + 1
		if s.j.LastSeq() < from {
			return nil
		}
		err := s.j.Replay(from, func(seq uint64, kind journal.Kind, payload []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return eng.Apply(seq, online.Kind(kind), payload)
		})
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil
		}
		return err
	}
	t0 := time.Now()
	if err := apply(); err != nil {
		return fmt.Errorf("replaying the journal in %s: %w", s.cfg.DataDir, err)
	}
	if ctx.Err() != nil {
		s.log.Info("stopped while replaying the journal", "applied_seq", eng.Applied(), "journaled_seq", s.j.LastSeq())
		return nil
	}
	if !s.cfg.Engine.DataClock && eng.Applied() > 0 {
		eng.Round()
	}
	s.ready.Store(true)
	s.log.Info("ready", "replayed_seq", eng.Applied(), "took", time.Since(t0))
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
			return nil
		case <-s.wake:
		case <-poll.C:
		case <-rounds:
			eng.Round()
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
