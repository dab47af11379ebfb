package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/cluster/clustertest"
)

func TestLeaderFailover(t *testing.T) {
	url, _ := clustertest.StartNode(t)
	const ttl = 1500 * time.Millisecond
	cfg := Config{URL: url, LeaseTTL: ttl}

	var (
		mu       sync.Mutex
		active   string
		overlaps []string
		terms    []string
	)
	run := func(who string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			mu.Lock()
			if active != "" {
				overlaps = append(overlaps, who+" started while "+active+" ran")
			}
			active = who
			terms = append(terms, who)
			mu.Unlock()
			<-ctx.Done()
			mu.Lock()
			if active == who {
				active = ""
			}
			mu.Unlock()
			return ctx.Err()
		}
	}
	leader := func() string {
		mu.Lock()
		defer mu.Unlock()
		return active
	}

	type contender struct {
		conn   *Conn
		cancel context.CancelFunc
		done   chan error
	}
	contenders := map[string]*contender{}
	for _, id := range []string{"c1", "c2", "c3"} {
		ctx, cancel := context.WithCancel(context.Background())
		k := &contender{conn: connect(t, cfg), cancel: cancel, done: make(chan error, 1)}
		contenders[id] = k
		go func() { k.done <- k.conn.Lead(ctx, id, run(id)) }()
	}
	t.Cleanup(func() {
		for _, k := range contenders {
			k.cancel()
			<-k.done
		}
	})

	waitFor(t, 5*time.Second, "a first leader", func() bool { return leader() != "" })
	first := leader()

	// Crash the leader: its connection goes away without releasing the
	// lease. Another contender takes over once the lease expires.
	start := time.Now()
	contenders[first].conn.nc.Close()
	waitFor(t, 3*ttl, "a leader after the crash", func() bool { l := leader(); return l != "" && l != first })
	took := time.Since(start)
	second := leader()
	t.Logf("crash of %s: %s leads after %v", first, second, took.Round(time.Millisecond))
	select {
	case err := <-contenders[first].done:
		if !errors.Is(err, errClosed) {
			t.Fatalf("crashed contender's Lead returned %v, want a closed-connection error", err)
		}
		contenders[first].done <- nil // for the cleanup
	case <-time.After(5 * time.Second):
		t.Fatal("crashed contender's Lead did not return")
	}

	// Graceful hand-over: the leader releases the lease on shutdown, the last
	// contender takes it at its next poll, well before the TTL.
	start = time.Now()
	contenders[second].cancel()
	if err := <-contenders[second].done; err != nil {
		t.Fatalf("Lead after cancel: %v", err)
	}
	contenders[second].done <- nil
	waitFor(t, 3*ttl, "a leader after the hand-over", func() bool { l := leader(); return l != "" && l != second })
	took = time.Since(start)
	third := leader()
	t.Logf("hand-over from %s: %s leads after %v", second, third, took.Round(time.Millisecond))
	if took > ttl {
		t.Errorf("hand-over took %v, longer than the lease TTL %v: the lease was not released", took, ttl)
	}
	contenders[third].cancel()
	if err := <-contenders[third].done; err != nil {
		t.Fatalf("Lead after cancel: %v", err)
	}
	contenders[third].done <- nil

	// A run that ends by itself ends Lead with its error and frees the lease.
	c := connect(t, cfg)
	boom := errors.New("boom")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Lead(ctx, "c4", func(context.Context) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("Lead returned %v, want %v", err, boom)
	}
	if e, err := c.readLease(ctx, leaderKey); err != nil || e != nil {
		t.Fatal("leader lease still held after run returned")
	}

	mu.Lock()
	defer mu.Unlock()
	if len(overlaps) > 0 {
		t.Fatalf("leaders overlapped: %v", overlaps)
	}
	if len(terms) != 3 {
		t.Fatalf("terms = %v, want three", terms)
	}
}

// line is one published JSON line of the share-and-survive test.
type line struct {
	Account string `json:"account_id"`
	ID      int    `json:"id"`
}

// ledger records what the handlers saw.
type ledger struct {
	mu         sync.Mutex
	firstOrder map[int][]int // partition → ids in order of first delivery
	seen       map[int]bool  // ids delivered at least once
	done       map[int]bool  // ids handled by a handler whose ack could count
	by         map[string]int
	deliveries int
	redelivers int
	failures   int
	errs       []string
}

func newLedger() *ledger {
	return &ledger{firstOrder: map[int][]int{}, seen: map[int]bool{}, done: map[int]bool{}, by: map[string]int{}}
}

func (l *ledger) errorf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, fmt.Sprintf(format, args...))
}

func (l *ledger) doneCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.done)
}

// handler returns worker's handler. Handlers fail the first delivery of
// one message in 29 to exercise redelivery; a handler of crashed that returns
// after the crash does not count, since its ack cannot reach the server.
func (l *ledger) handler(worker string, crashed *atomic.Bool) func(context.Context, Delivery) error {
	return func(ctx context.Context, d Delivery) error {
		var ids []int
		err := d.Lines(func(b []byte) error {
			var x line
			if err := json.Unmarshal(b, &x); err != nil {
				return err
			}
			if p := Partition(x.Account, 16); p != d.Partition {
				return fmt.Errorf("line of %s (partition %d) delivered on partition %d", x.Account, p, d.Partition)
			}
			ids = append(ids, x.ID)
			return nil
		})
		if err != nil {
			l.errorf("%s: %v", worker, err)
			return nil
		}
		if d.Kind != KindExchanges {
			l.errorf("%s: kind %q", worker, d.Kind)
		}
		l.mu.Lock()
		l.deliveries++
		l.by[worker]++
		if d.NumDelivered > 1 {
			l.redelivers++
		}
		for _, id := range ids {
			if !l.seen[id] {
				l.seen[id] = true
				l.firstOrder[d.Partition] = append(l.firstOrder[d.Partition], id)
			}
		}
		l.mu.Unlock()

		time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
		if d.NumDelivered == 1 && d.StreamSeq%29 == 0 {
			l.mu.Lock()
			l.failures++
			l.mu.Unlock()
			return errors.New("injected failure")
		}
		if crashed != nil && crashed.Load() {
			return nil
		}
		l.mu.Lock()
		for _, id := range ids {
			l.done[id] = true
		}
		l.mu.Unlock()
		return nil
	}
}

func TestWorkersShareAndSurvive(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster")
	}
	urls, nodes := clustertest.StartCluster(t, 3)
	base := Config{
		URL:        strings.Join(urls, ","),
		Partitions: 16,
		Replicas:   3,
		LeaseTTL:   2 * time.Second,
		AckWait:    2 * time.Second,
		NakDelay:   50 * time.Millisecond,
	}
	pub := connect(t, base)
	// Worker 1 on node 2; worker 2 on node 3, the node that will be shut
	// down: it only knows the other nodes from the cluster's announcements.
	c1cfg, c2cfg := base, base
	c1cfg.URL, c2cfg.URL = urls[1], urls[2]
	c1, c2 := connect(t, c1cfg), connect(t, c2cfg)
	waitFor(t, 5*time.Second, "worker 2 to learn the other nodes", func() bool { return len(c2.nc.DiscoveredServers()) >= 2 })

	led := newLedger()
	var crashed atomic.Bool
	ctx1, cancel1 := context.WithCancel(context.Background())
	ctx2, cancel2 := context.WithCancel(context.Background())
	done1, done2 := make(chan error, 1), make(chan error, 1)
	go func() { done1 <- c1.RunWorker(ctx1, "w1", led.handler("w1", &crashed)) }()
	go func() { done2 <- c2.RunWorker(ctx2, "w2", led.handler("w2", nil)) }()
	t.Cleanup(func() {
		cancel1()
		cancel2()
		<-done1
		<-done2
	})

	// Both workers share the partitions before traffic starts.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitFor(t, 5*time.Second, "the partitions to be shared", func() bool {
		o, err := pub.Owners(ctx)
		if err != nil || len(o) != 16 {
			return false
		}
		n := map[string]int{}
		for _, w := range o {
			n[w]++
		}
		return n["w1"] == 8 && n["w2"] == 8
	})

	const (
		batches  = 200
		perBatch = 40
		accounts = 500
		crashAt  = 60
		killAt   = 100
	)
	expect := map[int][]int{} // partition → ids in publish order
	rng := rand.New(rand.NewPCG(1, 2))
	id := 0
	var maxPublish time.Duration
	retries := 0
	start := time.Now()
	for b := range batches {
		switch b {
		case crashAt:
			crashed.Store(true)
			c1.nc.Close()
			t.Logf("batch %d: worker 1 crashed", b)
		case killAt:
			t1 := time.Now()
			nodes[2].Shutdown()
			t.Logf("batch %d: node 3 shut down in %v", b, time.Since(t1).Round(time.Millisecond))
		}
		var lines [][]byte
		var keys []uint64
		for range perBatch {
			x := line{Account: fmt.Sprintf("acct-%03d", rng.IntN(accounts)), ID: id}
			id++
			raw, _ := json.Marshal(x)
			lines = append(lines, raw)
			keys = append(keys, AccountKey(x.Account))
			p := Partition(x.Account, 16)
			expect[p] = append(expect[p], x.ID)
		}
		t0 := time.Now()
		for {
			pctx, pcancel := context.WithTimeout(ctx, 5*time.Second)
			err := pub.PublishBatch(pctx, KindExchanges, lines, keys)
			pcancel()
			if err == nil {
				break
			}
			retries++
			if time.Since(t0) > 15*time.Second {
				t.Fatalf("batch %d not published after %v: %v", b, time.Since(t0), err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		maxPublish = max(maxPublish, time.Since(t0))
		time.Sleep(5 * time.Millisecond)
	}
	total := id
	if maxPublish > 10*time.Second {
		t.Errorf("a batch took %v to publish", maxPublish)
	}
	t.Logf("published %d lines in %v; slowest batch %v; %d batch retries",
		total, time.Since(start).Round(time.Millisecond), maxPublish.Round(time.Millisecond), retries)

	waitFor(t, 20*time.Second, "every line to be handled", func() bool { return led.doneCount() == total })
	t.Logf("all handled %v after the first publish", time.Since(start).Round(time.Millisecond))

	select {
	case err := <-done1:
		if !errors.Is(err, errClosed) {
			t.Fatalf("crashed worker returned %v, want a closed-connection error", err)
		}
		done1 <- nil
	case <-time.After(5 * time.Second):
		t.Fatal("crashed worker did not return")
	}

	waitFor(t, 10*time.Second, "worker 2 to own every partition", func() bool {
		o, err := pub.Owners(ctx)
		if err != nil || len(o) != 16 {
			return false
		}
		for _, w := range o {
			if w != "w2" {
				return false
			}
		}
		return true
	})
	// Nothing is left pending or unacknowledged on any partition.
	waitFor(t, 5*time.Second, "every consumer to be drained", func() bool {
		for p := range 16 {
			cons, err := pub.js.Consumer(ctx, pub.cfg.Stream, fmt.Sprintf("part-%d", p))
			if err != nil {
				return false
			}
			info, err := cons.Info(ctx)
			if err != nil || info.NumPending != 0 || info.NumAckPending != 0 {
				return false
			}
		}
		return true
	})
	if n := c2.nc.Stats().Reconnects; n == 0 {
		t.Error("worker 2 never reconnected")
	}

	led.mu.Lock()
	if len(led.errs) > 0 {
		t.Fatalf("handler errors: %v", led.errs[:min(5, len(led.errs))])
	}
	for p := range 16 {
		if !slices.Equal(led.firstOrder[p], expect[p]) {
			t.Errorf("partition %d: first deliveries out of publish order (%d delivered, %d published)",
				p, len(led.firstOrder[p]), len(expect[p]))
		}
	}
	t.Logf("deliveries %d (w1 %d, w2 %d), redeliveries %d, injected failures %d",
		led.deliveries, led.by["w1"], led.by["w2"], led.redelivers, led.failures)
	led.mu.Unlock()

	// A clean shutdown releases every lease.
	cancel2()
	if err := <-done2; err != nil {
		t.Fatalf("worker 2 returned %v", err)
	}
	done2 <- nil
	o, err := pub.Owners(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(o) != 0 {
		t.Fatalf("leases left after shutdown: %v", o)
	}
}
