// Command loadgen measures `distillguard serve` on loopback: it loads an
// exchange log into memory once as ready-made JSON Lines bodies, then for a
// fixed time posts them round-robin to POST /v1/exchanges from several
// connections as fast as the server accepts them, while other goroutines
// call POST /v1/check at a fixed total rate with account ids and addresses
// taken from the data, recording every check's latency.
//
// It prints the sustained ingest rate (exchanges the server accepted per
// second, and MB/s), the check latency percentiles and the errors by
// status; --json prints the same as one JSON document.
//
//	go run ./bench/loadgen --exchanges bench/data/incident/exchanges.jsonl.zst \
//	    --server http://127.0.0.1:8418 --token bench-token-0123456789 --duration 30s
//
// The same bodies are posted again and again: the server sees the log's
// exchanges repeated, which is what a load test needs and not what a
// quality test wants (use `distillguard replay` for that).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/record"
)

// maxCheckTargets bounds the distinct accounts kept for checks.
const maxCheckTargets = 100_000

// Result is what one run measured; --json prints it.
type Result struct {
	Server    string  `json:"server"`
	Exchanges string  `json:"exchanges"` // the file loaded
	Seconds   float64 `json:"seconds"`   // wall time from start until every worker stopped
	Conns     int     `json:"conns"`
	Batch     int     `json:"batch"`
	Checkers  int     `json:"checkers"`
	CheckRate float64 `json:"check_rate"` // asked for, per second

	Loaded struct {
		Exchanges int64 `json:"exchanges"`
		Bodies    int   `json:"bodies"`
		Bytes     int64 `json:"bytes"`
		Rejected  int64 `json:"rejected"` // malformed lines left out
		Accounts  int   `json:"accounts"` // distinct accounts used for checks
	} `json:"loaded"`

	Ingest struct {
		Batches            int64   `json:"batches"`   // bodies accepted (2xx)
		Exchanges          int64   `json:"exchanges"` // lines in accepted bodies
		Bytes              int64   `json:"bytes"`
		ExchangesPerSecond float64 `json:"exchanges_per_second"`
		MBPerSecond        float64 `json:"mb_per_second"`
		Latency            Latency `json:"latency"` // of accepted POSTs
	} `json:"ingest"`

	Check struct {
		Calls     int64   `json:"calls"` // answered 2xx
		PerSecond float64 `json:"per_second"`
		Latency   Latency `json:"latency"`
	} `json:"check"`

	// Errors counts failed requests by endpoint and status ("ingest 413",
	// "check transport"); FirstError keeps one message of each.
	Errors     map[string]int64  `json:"errors"`
	FirstError map[string]string `json:"first_error,omitempty"`
	// Status is the server's GET /v1/status at the end, as it sent it.
	Status json.RawMessage `json:"status,omitempty"`
}

// Latency percentiles in milliseconds.
type Latency struct {
	P50   float64 `json:"p50_ms"`
	P90   float64 `json:"p90_ms"`
	P99   float64 `json:"p99_ms"`
	P999  float64 `json:"p99_9_ms"`
	Max   float64 `json:"max_ms"`
	Count int     `json:"count"`
}

// body is one ready-made POST /v1/exchanges body.
type body struct {
	data  []byte
	lines int64
}

// errorLog counts errors by kind and keeps the first message of each.
type errorLog struct {
	mu    sync.Mutex
	count map[string]int64
	first map[string]string
}

func (l *errorLog) add(kind, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count[kind]++
	if _, ok := l.first[kind]; !ok {
		l.first[kind] = msg
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	server := fs.String("server", "http://127.0.0.1:8417", "base `URL` of distillguard serve")
	token := fs.String("token", "", "bearer `TOKEN` for /v1/ (default: $DISTILLGUARD_TOKEN)")
	path := fs.String("exchanges", "", "exchange log `FILE` to post (plain, gzip or zstd JSON Lines)")
	batch := fs.Int("batch", 1000, "exchanges per POST body")
	limit := fs.Int64("limit", 0, "load at most `N` exchanges (0: the whole file)")
	duration := fs.Duration("duration", 30*time.Second, "how long to post")
	conns := fs.Int("conns", 4, "goroutines posting exchanges, each on its own connection")
	checkers := fs.Int("checkers", 2, "goroutines calling POST /v1/check")
	rate := fs.Float64("rate", 0, "target ingest in exchanges per second, in total (0: as fast as the server accepts)")
	checkRate := fs.Float64("check-rate", 2000, "checks per second, in total over the checkers (0: no checks)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *path == "" || *batch < 1 || *conns < 1 || *checkers < 0 || *checkRate < 0 || *duration <= 0 {
		fmt.Fprintln(stderr, "loadgen: need --exchanges FILE, --batch ≥ 1, --conns ≥ 1, --checkers ≥ 0, --check-rate ≥ 0 and --duration > 0 (see -help)")
		return 2
	}
	if *token == "" {
		*token = os.Getenv("DISTILLGUARD_TOKEN")
	}
	if *checkRate > 0 && *checkers == 0 {
		*checkers = 1
	}

	res := &Result{Server: *server, Exchanges: *path, Conns: *conns, Batch: *batch, Checkers: *checkers, CheckRate: *checkRate}
	bodies, targets, err := load(*path, *batch, *limit, res)
	if err != nil {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 2
	}
	if len(bodies) == 0 {
		fmt.Fprintf(stderr, "loadgen: %s holds no valid exchange\n", *path)
		return 2
	}

	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = *conns + *checkers + 4
	t.MaxIdleConnsPerHost = *conns + *checkers + 4
	t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	g := &gen{
		base:  strings.TrimRight(*server, "/"),
		token: *token,
		hc:    &http.Client{Transport: t, Timeout: 2 * time.Minute},
		errs:  &errorLog{count: map[string]int64{}, first: map[string]string{}},
	}
	if err := g.ready(); err != nil {
		fmt.Fprintf(stderr, "loadgen: %v\n", err)
		return 2
	}
	g.rate = *rate
	g.run(bodies, targets, *duration, *conns, *checkers, *checkRate, res)

	if *asJSON {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(stdout, string(b))
	} else {
		writeText(stdout, res)
	}
	if res.Ingest.Batches == 0 {
		return 1
	}
	return 0
}

// load reads the exchange log once into bodies of batch lines, and keeps
// one pre-encoded check request per distinct account (its first address,
// client fingerprint and user agent).
func load(path string, batch int, limit int64, res *Result) ([]body, [][]byte, error) {
	in, err := ingest.Open(path, nil)
	if err != nil {
		return nil, nil, err
	}
	defer in.Close()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 256<<10), ingest.MaxLineBytes+2)
	var (
		bodies  []body
		cur     body
		dec     ingest.Decoder
		ex      record.Exchange
		seen    = map[string]bool{}
		targets [][]byte
	)
	for sc.Scan() && (limit == 0 || res.Loaded.Exchanges < limit) {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		dec.Reset(0)
		if dec.DecodeExchange(line, &ex) != nil {
			res.Loaded.Rejected++
			continue
		}
		if len(targets) < maxCheckTargets && !seen[ex.AccountID] {
			seen[ex.AccountID] = true
			req := map[string]string{"account_id": ex.AccountID}
			if ex.IP.IsValid() {
				req["ip"] = ex.IP.String()
			}
			if ex.ClientFP != "" {
				req["client_fp"] = ex.ClientFP
			}
			if ex.UserAgent != "" {
				req["user_agent"] = ex.UserAgent
			}
			b, _ := json.Marshal(req)
			targets = append(targets, b)
		}
		cur.data = append(append(cur.data, line...), '\n')
		cur.lines++
		res.Loaded.Exchanges++
		if cur.lines == int64(batch) {
			bodies = append(bodies, cur)
			res.Loaded.Bytes += int64(len(cur.data))
			cur = body{data: make([]byte, 0, len(cur.data)+len(cur.data)/8)}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if cur.lines > 0 {
		bodies = append(bodies, cur)
		res.Loaded.Bytes += int64(len(cur.data))
	}
	res.Loaded.Bodies = len(bodies)
	res.Loaded.Accounts = len(targets)
	return bodies, targets, nil
}

// gen sends the load.
type gen struct {
	base  string
	token string
	hc    *http.Client
	rate  float64 // target exchanges per second; 0 means unpaced
	errs  *errorLog
}

// post sends one request and returns the status and the answer's body;
// status 0 is a transport error.
func (g *gen) post(ctx context.Context, method, path, ctype string, data []byte) (int, []byte, error) {
	var rd io.Reader
	if data != nil {
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, g.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if g.token != "" {
		req.Header.Set("Authorization", "Bearer "+g.token)
	}
	resp, err := g.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, b, err
}

// ready checks that the server answers GET /v1/status with the token.
func (g *gen) ready() error {
	st, b, err := g.post(context.Background(), http.MethodGet, "/v1/status", "", nil)
	if err != nil {
		return fmt.Errorf("cannot reach the server at %s: %v (is `distillguard serve` running there?)", g.base, err)
	}
	if st/100 != 2 {
		return fmt.Errorf("GET /v1/status answered %d: %s (check --token)", st, bytes.TrimSpace(b))
	}
	return nil
}

// fail records a failed request of kind ("ingest" or "check").
func (g *gen) fail(kind string, status int, b []byte, err error) {
	if status == 0 {
		g.errs.add(kind+" transport", err.Error())
		return
	}
	g.errs.add(kind+" "+strconv.Itoa(status), string(bytes.TrimSpace(b)))
}

// run posts for d, then fills res.
func (g *gen) run(bodies []body, targets [][]byte, d time.Duration, conns, checkers int, rate float64, res *Result) {
	start := time.Now()
	deadline := start.Add(d)
	var next atomic.Int64
	var wg sync.WaitGroup
	ingestLat := make([][]time.Duration, conns)
	var batches, lines, bytesIn atomic.Int64
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				k := next.Add(1) - 1
				b := bodies[int(k)%len(bodies)]
				if g.rate > 0 { // batch k is due when k batches' worth of the rate has passed
					due := start.Add(time.Duration(float64(k) * float64(b.lines) / g.rate * float64(time.Second)))
					if d := time.Until(due); d > 0 {
						time.Sleep(d)
					}
				}
				t := time.Now()
				st, ans, err := g.post(context.Background(), http.MethodPost, "/v1/exchanges", "application/x-ndjson", b.data)
				if err == nil && st/100 == 2 {
					ingestLat[w] = append(ingestLat[w], time.Since(t))
					batches.Add(1)
					lines.Add(b.lines)
					bytesIn.Add(int64(len(b.data)))
					continue
				}
				g.fail("ingest", st, ans, err)
				if st == 0 {
					time.Sleep(10 * time.Millisecond) // do not spin on a dead server
				}
			}
		}()
	}
	checkLat := make([][]time.Duration, checkers)
	if rate > 0 && len(targets) > 0 {
		interval := time.Duration(float64(time.Second) * float64(checkers) / rate)
		for c := 0; c < checkers; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := 0
				for i := 0; ; i++ {
					due := start.Add(time.Duration(i)*interval + time.Duration(c)*interval/time.Duration(checkers))
					if !due.Before(deadline) {
						return
					}
					if wait := time.Until(due); wait > 0 {
						time.Sleep(wait)
					}
					k = (k + 7919) % len(targets) // a large prime stride visits every account
					t := time.Now()
					st, ans, err := g.post(context.Background(), http.MethodPost, "/v1/check", "application/json", targets[(c*len(targets)/checkers+k)%len(targets)])
					if err == nil && st/100 == 2 {
						checkLat[c] = append(checkLat[c], time.Since(t))
						continue
					}
					g.fail("check", st, ans, err)
				}
			}()
		}
	}
	wg.Wait()
	el := time.Since(start)
	res.Seconds = el.Seconds()

	res.Ingest.Batches, res.Ingest.Exchanges, res.Ingest.Bytes = batches.Load(), lines.Load(), bytesIn.Load()
	res.Ingest.ExchangesPerSecond = float64(res.Ingest.Exchanges) / el.Seconds()
	res.Ingest.MBPerSecond = float64(res.Ingest.Bytes) / 1e6 / el.Seconds()
	res.Ingest.Latency = latency(ingestLat)
	res.Check.Latency = latency(checkLat)
	res.Check.Calls = int64(res.Check.Latency.Count)
	res.Check.PerSecond = float64(res.Check.Calls) / el.Seconds()
	res.Errors, res.FirstError = g.errs.count, g.errs.first

	if st, b, err := g.post(context.Background(), http.MethodGet, "/v1/status", "", nil); err == nil && st/100 == 2 && json.Valid(b) {
		res.Status = json.RawMessage(bytes.TrimSpace(b))
	}
}

// latency merges per-goroutine samples into percentiles.
func latency(parts [][]time.Duration) Latency {
	var all []time.Duration
	for _, p := range parts {
		all = append(all, p...)
	}
	if len(all) == 0 {
		return Latency{}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	q := func(p float64) float64 {
		k := int(p*float64(len(all))+0.999999999) - 1 // nearest rank
		return float64(all[min(max(k, 0), len(all)-1)]) / float64(time.Millisecond)
	}
	return Latency{P50: q(0.5), P90: q(0.9), P99: q(0.99), P999: q(0.999), Max: q(1), Count: len(all)}
}

// writeText prints res for people.
func writeText(w io.Writer, res *Result) {
	l := &res.Loaded
	fmt.Fprintf(w, "loadgen: %.1fs against %s, %d ingest connections (batches of %d), %d checkers at %g/s\n",
		res.Seconds, res.Server, res.Conns, res.Batch, res.Checkers, res.CheckRate)
	fmt.Fprintf(w, "data:    %d exchanges in %d bodies, %.1f MB, %d accounts for checks, %d malformed lines left out (%s)\n",
		l.Exchanges, l.Bodies, float64(l.Bytes)/1e6, l.Accounts, l.Rejected, res.Exchanges)
	in := &res.Ingest
	fmt.Fprintf(w, "ingest:  %d exchanges accepted, %.0f exchanges/s, %.1f MB/s, %d batches; POST latency p50 %.1fms p99 %.1fms max %.1fms\n",
		in.Exchanges, in.ExchangesPerSecond, in.MBPerSecond, in.Batches, in.Latency.P50, in.Latency.P99, in.Latency.Max)
	c := &res.Check
	fmt.Fprintf(w, "check:   %d calls, %.0f/s (asked %g/s); latency p50 %.3fms p90 %.3fms p99 %.3fms p99.9 %.3fms max %.3fms\n",
		c.Calls, c.PerSecond, res.CheckRate, c.Latency.P50, c.Latency.P90, c.Latency.P99, c.Latency.P999, c.Latency.Max)
	if len(res.Errors) == 0 {
		fmt.Fprintln(w, "errors:  none")
	} else {
		kinds := make([]string, 0, len(res.Errors))
		for k := range res.Errors {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		fmt.Fprintln(w, "errors:")
		for _, k := range kinds {
			fmt.Fprintf(w, "  %-18s %d  (first: %s)\n", k, res.Errors[k], clip(res.FirstError[k], 200))
		}
	}
	if len(res.Status) > 0 {
		var buf bytes.Buffer
		if json.Compact(&buf, res.Status) == nil {
			fmt.Fprintf(w, "server status at the end: %s\n", clip(buf.String(), 600))
		}
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
