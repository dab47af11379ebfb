package server

// Limits that keep a flood of slow or oversized requests from taking the
// server away from the gateways asking /v1/check (docs/api.md, "Limits"):
//
//   - a cap on open connections: one over it is closed as soon as it is
//     accepted, instead of queueing for a file descriptor;
//   - per-request deadlines instead of server-wide ones: a body must
//     arrive at a minimum average rate after a grace period (a large batch
//     on a good link is not cut, a trickle is), every answer must be
//     written within WriteTimeout, and the decision stream renews its
//     write deadline at each write;
//   - a 401, and any refusal below, closes the connection without reading
//     the body;
//   - a bounded number of ingest requests read bodies at once (503 beyond
//     it), and each first reserves its worst-case memory from a
//     byte-weighted budget (503 when that is spent): no decompression
//     starts without its reservation.

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Limits bound what clients may hold of the server (Config.Limits); a zero
// field takes its default.
type Limits struct {
	// MaxConns caps open connections (DefaultMaxConns); the file limit,
	// raised to its hard limit at Listen, lowers it if need be.
	MaxConns int
	// MaxConnsPerIP caps the open connections of one source address
	// (default a quarter of MaxConns), so that one flooding client cannot
	// take every connection and the gateways' /v1/check keeps room.
	MaxConnsPerIP int
	// MaxIngest caps ingest requests reading their bodies at once
	// (DefaultMaxIngest); one more gets 503.
	MaxIngest int
	// MemoryBudget caps the bytes ingest bodies may hold at once, each
	// reserving its worst case before it is read (DefaultBudget, or room for
	// two compressed bodies at MaxBody if more); beyond it, 503.
	MemoryBudget int64
	// BodyGrace and BodyRate: a request body must arrive at BodyRate
	// bytes/s on average after BodyGrace (DefaultBodyGrace,
	// DefaultBodyRate); a slower one is cut with 408.
	BodyGrace time.Duration
	BodyRate  int64
	// WriteTimeout bounds writing one answer (DefaultWriteTime); the
	// decision stream renews it at every write.
	WriteTimeout time.Duration
}

// guard is the server's state of its limits.
type guard struct {
	creds       []credential
	lim         *limitListener // nil before Listen
	ingestSlots chan struct{}
	mem         *budget
	refusals    *prometheus.CounterVec
	applyWait   time.Duration // how long an operator decision waits to be in force
}

// newGuard builds the limits' state for cfg (defaults filled).
func newGuard(cfg *Config) (guard, error) {
	creds, err := parseTokens(cfg.Tokens)
	if err != nil {
		return guard{}, err
	}
	if err := cfg.setLimitDefaults(); err != nil {
		return guard{}, err
	}
	return guard{creds: creds, ingestSlots: make(chan struct{}, cfg.MaxIngest), mem: &budget{size: cfg.MemoryBudget},
		applyWait: applyWaitDefault,
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "distillguard_http_refusals_total",
			Help: "Requests refused by a limit, by reason (ingest_slots, memory_budget, slow_body)."}, []string{"reason"})}, nil
}

// Defaults of the limits.
const (
	DefaultMaxConns  = 4096             // open connections (further capped by the file limit)
	DefaultMaxIngest = 32               // ingest requests reading their bodies at once
	DefaultBudget    = 512 << 20        // bytes of ingest bodies held at once, at least
	DefaultBodyGrace = 10 * time.Second // time any body has before the rate applies
	DefaultBodyRate  = 64 << 10         // bytes/s a body must average after the grace
	DefaultWriteTime = 30 * time.Second // to write one answer (the stream: each write)
	applyWaitDefault = 5 * time.Second  // an operator decision's wait to be in force
	zstdMaxWindow    = 16 << 20         // largest zstd window accepted
	decoderSlack     = 1 << 20          // a decoder's buffers besides its window
	fdReserve        = 256              // descriptors kept for the journal, NATS, logs
	retryAfter       = 1                // seconds, on a 503 for load
)

// setLimitDefaults fills the limits a Config leaves zero.
func (c *Config) setLimitDefaults() error {
	if c.MaxBody <= 0 {
		c.MaxBody = 32 << 20
	}
	if c.MaxConns <= 0 {
		c.MaxConns = DefaultMaxConns
	}
	if c.MaxConnsPerIP <= 0 {
		c.MaxConnsPerIP = max(1, c.MaxConns/4)
	}
	if c.MaxIngest <= 0 {
		c.MaxIngest = DefaultMaxIngest
	}
	worst := compressedReserve(c.MaxBody, "zstd")
	if c.MemoryBudget <= 0 {
		c.MemoryBudget = max(DefaultBudget, 2*worst)
	}
	if c.MemoryBudget < worst {
		return fmt.Errorf("the memory budget (%d bytes) is below what one compressed body may take (%d bytes: 4 × --max-body decompressed, plus the decoder): raise --memory-budget or lower --max-body", c.MemoryBudget, worst)
	}
	if c.BodyGrace <= 0 {
		c.BodyGrace = DefaultBodyGrace
	}
	if c.BodyRate <= 0 {
		c.BodyRate = DefaultBodyRate
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = DefaultWriteTime
	}
	return nil
}

// compressedReserve is the memory a body in encoding enc may take: its
// decompressed limit, the decoder's window and buffers.
func compressedReserve(maxBody int64, enc string) int64 {
	limit := 4 * maxBody
	if enc == "zstd" {
		return limit + min(zstdMaxWindow, limit) + decoderSlack
	}
	return limit + decoderSlack
}

// lingerTime is how long a refused request's connection stays open after
// the answer: the server discards what of the body arrives meanwhile (at
// most 256 KiB), so a client still sending reads the answer before the
// connection is reset, and then closes it.
const lingerTime = 500 * time.Millisecond

// refuse answers code with msg and closes the connection without the
// handler reading the body: without the Connection: close and the short
// read deadline, the server would read up to 256 KiB of it at the client's
// pace, with no deadline, to reuse the connection. retry > 0 adds
// Retry-After.
func refuse(w http.ResponseWriter, code, retry int, msg string) {
	w.Header().Set("Connection", "close")
	if retry > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retry))
	}
	writeError(w, code, msg)
	http.NewResponseController(w).SetReadDeadline(time.Now().Add(lingerTime))
}

// Unwrap lets http.ResponseController reach the connection through the
// metrics wrapper, for per-request deadlines.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// deadlines gives every request a write deadline and every request with a
// body a read deadline that moves with the bytes received: the body must
// average BodyRate after BodyGrace. Neither is server-wide, so the
// decision stream can renew its own and a large batch on a good link is
// not cut.
func (s *Server) deadlines(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		now := time.Now()
		rc.SetWriteDeadline(now.Add(s.cfg.WriteTimeout))
		if r.Body != nil && r.Body != http.NoBody {
			rc.SetReadDeadline(now.Add(s.cfg.BodyGrace))
			orig := r.Body
			r.Body = &pacedBody{ReadCloser: r.Body, rc: rc, start: now, grace: s.cfg.BodyGrace, rate: s.cfg.BodyRate, set: now.Add(s.cfg.BodyGrace)}
			// The server looks at the body it made to decide how to close
			// the connection (gracefully, after a large unread body).
			defer func() { r.Body = orig }()
		}
		h.ServeHTTP(w, r)
	})
}

// errSlowBody is a body read cut by its deadline.
var errSlowBody = errors.New("the body arrived too slowly")

// pacedBody moves the read deadline forward as bytes arrive, and clears it
// at the end of the body: the server then watches the idle connection for
// the client going away, and a deadline left in place would end the
// request's context under a handler still working.
type pacedBody struct {
	io.ReadCloser
	rc    *http.ResponseController
	start time.Time
	grace time.Duration
	rate  int64
	n     int64
	set   time.Time // the deadline in force
	done  bool
}

func (b *pacedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	switch {
	case err == nil:
		due := b.start.Add(b.grace + time.Duration(float64(b.n)/float64(b.rate)*float64(time.Second)))
		if due.Sub(b.set) > 100*time.Millisecond {
			b.set = due
			b.rc.SetReadDeadline(due)
		}
	case err == io.EOF:
		if !b.done {
			b.done = true
			b.rc.SetReadDeadline(time.Time{})
		}
	default:
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return n, fmt.Errorf("%w: %d bytes in %s, under %d bytes/s after %s", errSlowBody, b.n, time.Since(b.start).Round(time.Millisecond), b.rate, b.grace)
		}
	}
	return n, err
}

// budget is a byte-weighted semaphore of memory for ingest bodies.
type budget struct {
	mu         sync.Mutex
	size, used int64
	peak       int64 // highest used so far, for tests
}

// tryAcquire reserves n bytes if they are free.
func (b *budget) tryAcquire(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.size {
		return false
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	return true
}

func (b *budget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
}

func (b *budget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// limitListener closes connections beyond max, or beyond perIP from one
// source address, as soon as it accepts them, so a flood of idle or slow
// clients meets a quick refusal instead of exhausting file descriptors
// (accept: too many open files), one source cannot crowd out the others,
// and the server keeps answering the connections it holds.
type limitListener struct {
	net.Listener
	slots   chan struct{}
	perIP   int
	mu      sync.Mutex
	bySrc   map[netip.Addr]int // open connections per source address
	refused atomic.Int64
}

func newLimitListener(ln net.Listener, max, perIP int) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, max), perIP: perIP, bySrc: map[netip.Addr]int{}}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		src := sourceOf(c)
		l.mu.Lock()
		ok := l.perIP <= 0 || l.bySrc[src] < l.perIP
		if ok {
			select {
			case l.slots <- struct{}{}:
				l.bySrc[src]++
			default:
				ok = false
			}
		}
		l.mu.Unlock()
		if ok {
			return &limitConn{Conn: c, release: func() { l.release(src) }}, nil
		}
		l.refused.Add(1)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0) // reset: no TIME_WAIT left behind by a flood
		}
		c.Close()
	}
}

func (l *limitListener) release(src netip.Addr) {
	l.mu.Lock()
	if l.bySrc[src]--; l.bySrc[src] <= 0 {
		delete(l.bySrc, src)
	}
	l.mu.Unlock()
	<-l.slots
}

// sourceOf is a connection's remote address without its port (the zero
// Addr for a connection that is not TCP: all such share one count).
func sourceOf(c net.Conn) netip.Addr {
	if a, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		return a.AddrPort().Addr().Unmap()
	}
	return netip.Addr{}
}

// open is how many accepted connections are open.
func (l *limitListener) open() int { return len(l.slots) }

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// connCap is the connection cap given the file limit: MaxConns, less than
// the file limit by a reserve for everything else the process opens.
func connCap(want int, nofile uint64) int {
	if nofile == 0 {
		return want
	}
	reserve := min(uint64(fdReserve), nofile/4)
	return max(1, min(want, int(nofile-reserve)))
}

// registerLimitMetrics exports the limits' state.
func (s *Server) registerLimitMetrics() {
	s.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "distillguard_http_connections_open",
			Help: "Open HTTP connections (capped by --max-conns)."}, func() float64 {
			if s.lim == nil {
				return 0
			}
			return float64(s.lim.open())
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "distillguard_http_connections_refused_total",
			Help: "Connections closed on accept because --max-conns were open."}, func() float64 {
			if s.lim == nil {
				return 0
			}
			return float64(s.lim.refused.Load())
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "distillguard_ingest_memory_reserved_bytes",
			Help: "Bytes of the ingest memory budget (--memory-budget) reserved by bodies being read or validated."},
			func() float64 { return float64(s.mem.inUse()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "distillguard_ingest_in_flight",
			Help: "Ingest requests holding one of the --max-ingest slots."},
			func() float64 { return float64(len(s.ingestSlots)) }),
		s.refusals,
	)
}
