package server

// Scale-out on NATS JetStream. Every instance started with --nats does three
// things:
//
//   - ingest: a validated batch is published to the exchange stream,
//     partitioned by account, and acknowledged once JetStream has it;
//   - work: the instance takes its share of the partitions (internal/cluster
//     leases) and turns each batch into rows for the forming stage — the
//     exchange without its text but with a prompt_sig that carries its
//     template signatures, capability and extraction markers
//     (signals.EdgeSig), so the expensive per-exchange work is spread over
//     the workers and only compact rows travel on;
//   - follow: it mirrors the decisions bucket, and answers /v1/check and the
//     decision feed from that copy.
//
// One instance at a time, elected by lease, is the forming stage: it
// consumes the rows stream from the start into a fresh engine (the same
// engine as a single node), runs detection rounds, and publishes every
// decision to the bucket. When it dies another instance takes the lease and
// rebuilds the state from the rows stream, which JetStream keeps.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"sync"
	"time"

	"github.com/distillguard/distillguard/internal/cluster"
	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/online"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals"
)

// kindNames are the cluster's names of the record kinds.
var kindNames = map[online.Kind]string{
	online.KindExchanges: cluster.KindExchanges, online.KindAccounts: cluster.KindAccounts,
	online.KindModels: cluster.KindModels, online.KindOperator: "operator",
}

func kindOf(name string) (online.Kind, bool) {
	for k, n := range kindNames {
		if n == name {
			return k, true
		}
	}
	return 0, false
}

// connect joins the cluster.
func (s *Server) connect() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	nc, err := cluster.Connect(ctx, cluster.Config{URL: s.cfg.NATS, Name: "distillguard-" + s.id,
		Partitions: s.cfg.Partitions, Replicas: s.cfg.Replicas, Logger: s.log})
	if err != nil {
		return fmt.Errorf("cannot join the NATS cluster at %s: %w", s.cfg.NATS, err)
	}
	s.nc = nc
	s.dec = online.NewDecisions()
	return nil
}

// publish puts a batch on the exchange stream, partitioned by the account
// keys normalise computed, or an operator decision on the rows stream (it
// goes straight to the forming stage, in order with the rows).
func (s *Server) publish(ctx context.Context, kind online.Kind, payload []byte, keys []uint64) error {
	if kind == online.KindOperator {
		return s.nc.PublishRows(ctx, rowsMessage(kind, -1, 0, payload))
	}
	var lines [][]byte
	ingest.Lines(payload, func(_ int64, line []byte) { lines = append(lines, line) })
	return s.nc.PublishBatch(ctx, kindNames[kind], lines, keys)
}

// rowsMessage frames a payload for the rows stream: one header line with
// the kind and the exchange partition and stream sequence it came from
// (-1 and 0 for operator decisions), then the JSON Lines.
func rowsMessage(kind online.Kind, part int, seq uint64, payload []byte) []byte {
	b := fmt.Appendf(nil, "#dg kind=%d part=%d seq=%d\n", kind, part, seq)
	return append(b, payload...)
}

func parseRows(data []byte) (kind online.Kind, part int, seq uint64, payload []byte, err error) {
	hdr, payload, ok := bytes.Cut(data, []byte("\n"))
	var k int
	if !ok {
		return 0, 0, 0, nil, fmt.Errorf("rows message without a header")
	}
	if _, err = fmt.Sscanf(string(hdr), "#dg kind=%d part=%d seq=%d", &k, &part, &seq); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("rows header %q: %w", hdr, err)
	}
	return online.Kind(k), part, seq, payload, nil
}

// runCluster runs the worker, the candidacy for the forming stage and the
// decisions mirror until ctx ends.
func (s *Server) runCluster(ctx context.Context) error {
	s.ready.Store(true)
	s.log.Info("ready", "cluster", s.cfg.NATS, "node", s.id)
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	run := func(name string, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil && ctx.Err() == nil {
				s.log.Error("cluster task stopped", "task", name, "err", err)
				errc <- fmt.Errorf("%s: %w", name, err)
			}
		}()
	}
	run("worker", func() error { return s.nc.RunWorker(ctx, s.id, s.work) })
	run("leader", func() error { return s.nc.Lead(ctx, s.id, s.form) })
	run("mirror", func() error { return s.nc.WatchDecisions(ctx, s.mirror) })
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	wg.Wait()
	return err
}

// work turns one partition batch into a rows message: exchanges lose their
// text and gain an EdgeSig prompt_sig; accounts and models pass as they
// are. Redelivered batches are forwarded again; the forming stage drops
// them by (partition, sequence).
func (s *Server) work(ctx context.Context, m cluster.Delivery) error {
	kind, ok := kindOf(m.Kind)
	if !ok {
		return nil // not ours to judge; never redeliver it
	}
	payload := m.Data
	if kind == online.KindExchanges {
		x := signals.NewExtractor()
		var d ingest.Decoder
		var out []byte
		err := m.Lines(func(line []byte) error {
			var e record.Exchange
			d.Reset(0)
			if d.DecodeExchange(line, &e) != nil {
				return nil // validated at ingest; a line that fails now is dropped, not retried forever
			}
			if e.Has&(record.HasPrompt|record.HasSystem|record.HasResponse) != 0 {
				e.PromptSig = string(x.EdgeSig(&e, nil))
				if e.PromptSig != "" {
					e.Has |= record.HasPromptSig
				}
				e.Prompt, e.System, e.Response = "", "", ""
				e.Has &^= record.HasPrompt | record.HasSystem | record.HasResponse
			}
			out = append(record.AppendExchangeJSON(out, &e), '\n')
			return nil
		})
		if err != nil {
			return err
		}
		payload = out
	}
	return s.nc.PublishRows(ctx, rowsMessage(kind, m.Partition, m.StreamSeq, payload))
}

// form is the forming stage, run while this instance holds the leader
// lease: a fresh engine rebuilt from the whole rows stream, kept current,
// its decisions published to the bucket.
func (s *Server) form(ctx context.Context) error {
	opt := s.cfg.Engine
	opt.MaxLate = -1 // the rows stream interleaves partitions, not time
	eng := s.newEngine(opt)
	s.log.Info("forming campaigns: this instance leads", "node", s.id)
	defer func() {
		s.eng.Store(nil)
		s.log.Info("no longer leading", "node", s.id)
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() { defer wg.Done(); s.publishDecisions(ctx, eng.Decisions) }()
	if !s.cfg.Engine.DataClock {
		every := s.cfg.Engine.Every
		if every <= 0 {
			every = time.Hour
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					eng.Round()
				}
			}
		}()
	}
	marks := map[int]uint64{}
	published := false
	return s.nc.ConsumeRows(ctx, "former", 1, func(seq uint64, data []byte) error {
		if !published {
			s.eng.Store(eng) // serve from it as soon as it is being rebuilt
			published = true
		}
		kind, part, pseq, payload, err := parseRows(data)
		if err != nil {
			s.log.Warn("skipping a malformed rows message", "seq", seq, "err", err)
			return nil
		}
		if part >= 0 {
			if pseq <= marks[part] {
				return nil // a redelivered batch, already applied
			}
			marks[part] = pseq
		}
		return eng.Apply(seq, kind, payload)
	})
}

// publishDecisions follows an engine's decision feed into the bucket.
func (s *Server) publishDecisions(ctx context.Context, dec *online.Decisions) {
	var next uint64
	for {
		ds, _, wake := dec.Since(next, 1000)
		for _, d := range ds {
			b, _ := json.Marshal(d)
			for {
				err := s.nc.PutDecision(ctx, d.AccountID, b)
				if err == nil || ctx.Err() != nil {
					break
				}
				s.log.Warn("cannot publish a decision; retrying", "account", d.AccountID, "err", err)
				time.Sleep(200 * time.Millisecond)
			}
			next = d.Seq
		}
		if len(ds) == 1000 {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		}
	}
}

// mirror copies one decision from the bucket into the local table.
func (s *Server) mirror(account string, value []byte, deleted bool) {
	if deleted {
		return
	}
	var d online.Decision
	if err := json.Unmarshal(value, &d); err != nil {
		s.log.Warn("skipping an unreadable decision", "account", account, "err", err)
		return
	}
	if ns := d.At.UnixNano(); ns > s.mclock.Load() {
		s.mclock.Store(ns)
	}
	s.dec.Mirror(d)
}
