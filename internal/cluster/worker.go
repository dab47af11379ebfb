package cluster

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Delivery is one message of a partition handed to a worker's handler.
type Delivery struct {
	// Partition is the partition the message belongs to.
	Partition int
	// StreamSeq is the message's sequence in the exchange stream. It grows
	// with publish order within a partition and identifies the message for
	// idempotency checks.
	StreamSeq uint64
	// Kind is the batch kind: KindExchanges, KindAccounts or KindModels.
	Kind string
	// Data is the JSON Lines payload, every line ending in '\n'. It must not
	// be used after the handler returns.
	Data []byte
	// NumDelivered is 1 on the first delivery and grows with redeliveries.
	NumDelivered uint64
}

// Lines calls f with every line of d.Data, without its newline, stopping at
// the first error.
func (d Delivery) Lines(f func(line []byte) error) error {
	data := d.Data
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if err := f(line); err != nil {
			return err
		}
	}
	return nil
}

// Watermarks remembers, per partition, the highest StreamSeq applied, the
// state a handler needs to be idempotent: since a partition is delivered in
// order, a delivery at or below its partition's mark is a redelivery of
// something already applied. A handler whose effects outlive the process
// must store the marks with those effects (Snapshot, Restore) so that the
// worker taking a partition over knows them too. It is safe for concurrent
// use.
type Watermarks struct {
	mu   sync.Mutex
	mark map[int]uint64
}

// Fresh reports whether d lies above its partition's mark.
func (w *Watermarks) Fresh(d Delivery) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return d.StreamSeq > w.mark[d.Partition]
}

// Advance raises d's partition mark to d.StreamSeq.
func (w *Watermarks) Advance(d Delivery) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.mark == nil {
		w.mark = make(map[int]uint64)
	}
	if d.StreamSeq > w.mark[d.Partition] {
		w.mark[d.Partition] = d.StreamSeq
	}
}

// Snapshot returns a copy of the marks.
func (w *Watermarks) Snapshot() map[int]uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	m := make(map[int]uint64, len(w.mark))
	for p, s := range w.mark {
		m[p] = s
	}
	return m
}

// Restore replaces the marks with a copy of m.
func (w *Watermarks) Restore(m map[int]uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.mark = make(map[int]uint64, len(m))
	for p, s := range m {
		w.mark[p] = s
	}
}

// pullWait is how long one pull request waits for a message. It bounds how
// long a partition takes to stop after a rebalance or shutdown.
const pullWait = 2 * time.Second

// RunWorker consumes partitions of the exchange stream with h until ctx is
// done, sharing them with the other workers of the cluster; id must be
// unique among live workers (letters, digits, '_' or '-'). A worker
// restarted under the id of a dead one takes its leases back at once
// instead of waiting for them to expire.
//
// The worker heartbeats under "worker.<id>" in the lease bucket, takes
// ceil(Partitions / live workers) partitions by creating their lease keys
// "part.<n>", renews them, and hands surplus ones back when workers join.
// For each partition it pulls from the durable consumer "part-<n>", which
// has at most one unacknowledged message, calls h, and acknowledges the
// message when h returns nil; when h fails the message is redelivered after
// NakDelay, so a failing message blocks its partition. The context given to
// h is cancelled when the partition's lease is lost or ctx is done.
//
// Delivery is at least once (see the package documentation): h must be
// idempotent, for instance with Watermarks. Partitions of one worker are
// processed concurrently, so h must be safe for concurrent use.
//
// RunWorker returns nil once ctx is done, its partitions are stopped and its
// leases released (pulls in progress are allowed to finish, so this takes up
// to two seconds more than the running handlers), or an error if the
// connection was closed under it; in that case its leases are left to
// expire, as after a crash.
func (c *Conn) RunWorker(ctx context.Context, id string, h func(ctx context.Context, m Delivery) error) error {
	if !tokenRE.MatchString(id) {
		return fmt.Errorf("cannot run worker: invalid id %q", id)
	}
	w := &worker{
		c:     c,
		id:    id,
		h:     h,
		ctx:   ctx,
		owned: make(map[int]*partition),
		prefs: preferences(id, c.cfg.Partitions),
	}
	ticker := time.NewTicker(c.tick())
	defer ticker.Stop()
	for {
		if err := w.step(); err != nil {
			w.shutdown()
			return err
		}
		select {
		case <-ctx.Done():
			w.shutdown()
			return nil
		case <-ticker.C:
		}
	}
}

// Owners returns the current holder of every partition lease, by partition,
// as the lease bucket's stream leader sees it; free partitions are missing.
func (c *Conn) Owners(ctx context.Context) (map[int]string, error) {
	owners := make(map[int]string)
	for n := range c.cfg.Partitions {
		e, err := c.readLease(ctx, partPrefix+strconv.Itoa(n))
		if err != nil {
			return nil, err
		}
		if e != nil {
			owners[n] = string(e.value)
		}
	}
	return owners, nil
}

// preferences orders the partitions by rendezvous hash of (id, partition), so
// that workers contend for different partitions first and a worker hands
// back the partitions it likes least.
func preferences(id string, n int) []int {
	type scored struct {
		p     int
		score uint64
	}
	s := make([]scored, n)
	for p := range n {
		s[p] = scored{p, xxhash.Sum64String(id + "/" + strconv.Itoa(p))}
	}
	slices.SortFunc(s, func(a, b scored) int { return cmp.Compare(a.score, b.score) })
	prefs := make([]int, n)
	for i, x := range s {
		prefs[i] = x.p
	}
	return prefs
}

type worker struct {
	c     *Conn
	id    string
	h     func(ctx context.Context, m Delivery) error
	ctx   context.Context // RunWorker's
	owned map[int]*partition
	prefs []int
}

// partition is a partition this worker holds a lease on.
type partition struct {
	n     int
	lease *lease
	// stop asks the consuming goroutine to stop pulling and exit after the
	// message in hand (soft stop: rebalance, shutdown).
	stop     chan struct{}
	stopOnce sync.Once
	// hard is cancelled when the lease is lost or the connection closed: the
	// pull and the handler are abandoned.
	hard       context.Context
	cancelHard context.CancelFunc
	done       chan struct{}
	releasing  bool
}

func (p *partition) softStop() { p.stopOnce.Do(func() { close(p.stop) }) }

func (p *partition) stopping() bool {
	select {
	case <-p.stop:
		return true
	default:
		return false
	}
}

func (p *partition) finished() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// step runs one round: heartbeat, renew, release surplus, claim missing. It
// returns an error only when the connection is closed.
func (w *worker) step() error {
	c := w.c
	if c.closed() {
		return fmt.Errorf("cannot run worker %s: %w", w.id, errClosed)
	}
	ctx := w.ctx
	if ctx.Err() != nil {
		return nil
	}
	hctx, cancel := context.WithTimeout(ctx, c.opTimeout())
	_, err := c.leases.Put(hctx, workerPrefix+w.id, []byte(w.id))
	cancel()
	if err != nil {
		c.log.Debug("worker heartbeat failed", "worker", w.id, "err", err)
	}

	// Renew, and finish releases whose goroutine is done.
	for n, p := range w.owned {
		if p.releasing && p.finished() {
			if err := p.lease.release(2 * c.opTimeout()); err != nil {
				c.log.Warn("cannot release partition", "worker", w.id, "partition", n, "err", err)
			}
			delete(w.owned, n)
			continue
		}
		err := p.lease.renew(ctx, c.opTimeout())
		if errors.Is(err, errLeaseLost) {
			c.log.Warn("partition lease lost", "worker", w.id, "partition", n, "err", err)
			p.cancelHard()
			<-p.done
			delete(w.owned, n)
		} else if err != nil {
			c.log.Debug("cannot renew partition lease", "worker", w.id, "partition", n, "err", err)
		}
	}
	if ctx.Err() != nil {
		return nil
	}

	live, err := w.liveWorkers(ctx)
	if err != nil {
		c.log.Debug("cannot list workers", "worker", w.id, "err", err)
		return nil
	}
	share := (c.cfg.Partitions + live - 1) / live
	active := 0
	for _, p := range w.owned {
		if !p.releasing {
			active++
		}
	}
	// Hand back surplus partitions, least preferred first.
	for i := len(w.prefs) - 1; i >= 0 && active > share; i-- {
		if p, ok := w.owned[w.prefs[i]]; ok && !p.releasing {
			c.log.Info("releasing partition", "worker", w.id, "partition", p.n, "share", share)
			p.releasing = true
			p.softStop()
			active--
		}
	}
	// Claim free partitions, most preferred first.
	for _, n := range w.prefs {
		if active >= share || ctx.Err() != nil {
			break
		}
		if _, ok := w.owned[n]; ok {
			continue
		}
		l, err := c.acquire(ctx, partPrefix+strconv.Itoa(n), w.id)
		if err != nil {
			if !errors.Is(err, jetstream.ErrKeyExists) {
				c.log.Debug("cannot claim partition", "worker", w.id, "partition", n, "err", err)
			}
			continue
		}
		c.log.Info("partition claimed", "worker", w.id, "partition", n, "share", share)
		w.start(n, l)
		active++
	}
	return nil
}

// liveWorkers counts the workers whose heartbeat key exists, this one
// included.
func (w *worker) liveWorkers(ctx context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, w.c.opTimeout())
	defer cancel()
	lister, err := w.c.leases.ListKeysFiltered(ctx, workerPrefix+"*")
	if err != nil {
		if errors.Is(err, jetstream.ErrNoKeysFound) {
			return 1, nil
		}
		return 0, err
	}
	n, self := 0, false
	for k := range lister.Keys() {
		n++
		if k == workerPrefix+w.id {
			self = true
		}
	}
	if !self {
		n++
	}
	return n, nil
}

// start begins consuming partition n under lease l.
func (w *worker) start(n int, l *lease) {
	hard, cancel := context.WithCancel(context.WithoutCancel(w.ctx))
	p := &partition{
		n:          n,
		lease:      l,
		stop:       make(chan struct{}),
		hard:       hard,
		cancelHard: cancel,
		done:       make(chan struct{}),
	}
	w.owned[n] = p
	go w.consume(p)
}

// shutdown stops every partition and, unless the connection is closed,
// releases the leases and the heartbeat.
func (w *worker) shutdown() {
	c := w.c
	crashed := c.closed()
	for _, p := range w.owned {
		if crashed {
			p.cancelHard()
		}
		p.softStop()
	}
	for _, p := range w.owned {
		<-p.done
		p.cancelHard()
	}
	if crashed {
		return
	}
	var wg sync.WaitGroup
	for n, p := range w.owned {
		wg.Go(func() {
			if err := p.lease.release(2 * c.opTimeout()); err != nil {
				c.log.Warn("cannot release partition", "worker", w.id, "partition", n, "err", err)
			}
		})
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), c.opTimeout())
	defer cancel()
	if err := c.leases.Delete(ctx, workerPrefix+w.id); err != nil {
		c.log.Debug("cannot delete worker heartbeat", "worker", w.id, "err", err)
	}
}

// consume pulls partition p's messages one at a time until p is stopped.
func (w *worker) consume(p *partition) {
	defer close(p.done)
	c := w.c
	subject := c.exSubject(p.n)
	cfg := jetstream.ConsumerConfig{
		Durable:       "part-" + strconv.Itoa(p.n),
		Description:   "distillguard partition " + strconv.Itoa(p.n),
		FilterSubject: subject,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.cfg.AckWait,
		MaxAckPending: 1,
		MaxDeliver:    -1,
	}
	var cons jetstream.Consumer
	for cons == nil {
		if p.stopping() || p.hard.Err() != nil || c.closed() {
			return
		}
		var err error
		cons, err = c.ensureConsumer(p.hard, c.cfg.Stream, cfg)
		if err != nil {
			c.log.Warn("cannot create partition consumer", "worker", w.id, "partition", p.n, "err", err)
			sleep(p.hard, 250*time.Millisecond)
		}
	}
	for {
		if p.stopping() || p.hard.Err() != nil || c.closed() {
			return
		}
		msg, err := next(p.hard, cons)
		if err != nil {
			if p.hard.Err() != nil || c.closed() {
				return
			}
			if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted) {
				cons = nil
				for cons == nil && !p.stopping() && p.hard.Err() == nil && !c.closed() {
					cons, err = c.ensureConsumer(p.hard, c.cfg.Stream, cfg)
					if err != nil {
						sleep(p.hard, 250*time.Millisecond)
					}
				}
				if cons == nil {
					return
				}
				continue
			}
			if !idle(err) {
				c.log.Debug("pull failed", "worker", w.id, "partition", p.n, "err", err)
				sleep(p.hard, 100*time.Millisecond)
			}
			continue
		}
		if p.stopping() {
			// Not ours to handle any more: let the next owner have it now.
			_ = msg.Nak()
			return
		}
		w.handle(p, msg)
	}
}

// handle runs the handler on msg and acknowledges or naks it.
func (w *worker) handle(p *partition, msg jetstream.Msg) {
	c := w.c
	md, err := msg.Metadata()
	if err != nil {
		c.log.Warn("message without metadata", "worker", w.id, "partition", p.n, "err", err)
		_ = msg.Nak()
		return
	}
	d := Delivery{
		Partition:    p.n,
		StreamSeq:    md.Sequence.Stream,
		Kind:         msg.Headers().Get(HeaderKind),
		Data:         msg.Data(),
		NumDelivered: md.NumDelivered,
	}
	hctx, cancel := context.WithCancel(p.hard)
	stopAfter := context.AfterFunc(w.ctx, cancel)
	err = c.withProgress(msg, func() error { return w.h(hctx, d) })
	stopAfter()
	cancel()
	if err != nil {
		if hctx.Err() != nil {
			// Stopped under the handler (shutdown, lost lease): hand the
			// message to the next owner at once.
			_ = msg.Nak()
			return
		}
		c.log.Warn("handler failed", "worker", w.id, "partition", p.n, "seq", d.StreamSeq, "err", err)
		if nerr := msg.NakWithDelay(c.cfg.NakDelay); nerr != nil {
			c.log.Debug("cannot nak", "worker", w.id, "partition", p.n, "seq", d.StreamSeq, "err", nerr)
		}
		return
	}
	if aerr := msg.Ack(); aerr != nil {
		c.log.Debug("cannot ack", "worker", w.id, "partition", p.n, "seq", d.StreamSeq, "err", aerr)
	}
}

// withProgress runs f, telling JetStream every AckWait/3 that msg is still
// being worked on.
func (c *Conn) withProgress(msg jetstream.Msg, f func() error) error {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(c.cfg.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	})
	defer wg.Wait()
	defer close(done)
	return f()
}

// ensureConsumer creates or updates the durable consumer cfg on stream.
func (c *Conn) ensureConsumer(ctx context.Context, stream string, cfg jetstream.ConsumerConfig) (jetstream.Consumer, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return c.js.CreateOrUpdateConsumer(ctx, stream, cfg)
}

// next pulls one message, waiting at most pullWait. The pull is abandoned
// when ctx is done.
func next(ctx context.Context, cons jetstream.Consumer) (jetstream.Msg, error) {
	fctx, cancel := context.WithTimeout(ctx, pullWait)
	defer cancel()
	return cons.Next(jetstream.FetchContext(fctx))
}

// idle reports whether a pull error only means there was nothing to pull.
func idle(err error) bool {
	return errors.Is(err, nats.ErrTimeout) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, jetstream.ErrNoMessages)
}
