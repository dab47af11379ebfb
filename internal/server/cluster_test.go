package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/cluster/clustertest"
	"github.com/distillguard/distillguard/internal/online"
	"github.com/distillguard/distillguard/internal/simulate"
)

// TestClusterMatchesSingleNode runs a real three-node JetStream cluster
// in-process with two serve workers, posts ten days of the incident (with
// text) to them, kills one worker and one NATS node mid-stream, and checks
// that the surviving forming stage applied every exchange exactly once and
// found the same campaigns as a single node fed the same batches.
func TestClusterMatchesSingleNode(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a NATS cluster")
	}
	dir := t.TempDir()
	_, err := simulate.Run(context.Background(), simulate.Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 5,
		Compress: "none", OutDir: dir,
		Start: time.Date(2026, 4, 19, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 28, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	models, accounts := read(simulate.ModelsFile), read(simulate.AccountsFile)
	lines := bytes.SplitAfter(read(simulate.ExchangesFile), []byte("\n"))
	var batches [][]byte
	for i := 0; i < len(lines); i += 1000 {
		batches = append(batches, bytes.Join(lines[i:min(i+1000, len(lines))], nil))
	}
	total := 0
	for _, l := range lines {
		if len(bytes.TrimSpace(l)) > 0 {
			total++
		}
	}
	eng := online.Options{DataClock: true, Every: 6 * time.Hour}

	// The reference: one node on its journal.
	single, singleURL, _ := runServer(t, Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Tokens: []string{token}, NoSync: true, Engine: eng})
	post := func(url, path string, body []byte) {
		t.Helper()
		for try := 0; ; try++ {
			code, m := do(t, "POST", url+path, token, body)
			if code == 200 {
				return
			}
			if try == 20 {
				t.Fatalf("POST %s: %d %v", path, code, m)
			}
			time.Sleep(250 * time.Millisecond) // a node is down: JetStream fails over
		}
	}
	post(singleURL, "/v1/models", models)
	post(singleURL, "/v1/accounts", accounts)
	for _, b := range batches {
		post(singleURL, "/v1/exchanges", b)
	}

	// The cluster: three NATS nodes, two workers.
	urls, nodes := clustertest.StartCluster(t, 3)
	ccfg := func(id string) Config {
		return Config{Addr: "127.0.0.1:0", Tokens: []string{token}, Engine: eng, NATS: strings.Join(urls, ","),
			NodeID: id, Partitions: 8, Replicas: 3}
	}
	a, aURL, _ := runServer(t, ccfg("a"))
	b, _, stopB := runServer(t, ccfg("b"))
	post(aURL, "/v1/models", models)
	post(aURL, "/v1/accounts", accounts)
	for i, bt := range batches {
		if i == len(batches)*2/5 {
			stopB(true)         // a worker crashes
			nodes[2].Shutdown() // and a NATS node goes down
			t.Logf("worker b and node 3 stopped after %d of %d batches", i, len(batches))
		}
		post(aURL, "/v1/exchanges", bt)
	}
	_ = b

	// Wait until the surviving instance leads and has applied everything.
	deadline := time.Now().Add(90 * time.Second)
	for {
		if e := a.engine(); e != nil && e.Stats().Exchanges == total {
			break
		}
		if time.Now().After(deadline) {
			n := -1
			if e := a.engine(); e != nil {
				n = e.Stats().Exchanges
			}
			t.Fatalf("the forming stage applied %d of %d exchanges", n, total)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // nothing more may arrive: no duplicates
	ce, se := a.engine(), single.engine()
	if n := ce.Stats().Exchanges; n != total {
		t.Fatalf("cluster applied %d exchanges, want exactly %d", n, total)
	}
	ce.Round()
	se.Round()
	want, got := se.Snapshot().Findings.Campaigns, ce.Snapshot().Findings.Campaigns
	if len(want) == 0 {
		t.Fatal("the single node found no campaign")
	}
	if len(got) != len(want) {
		t.Errorf("cluster found %d campaigns, single node %d", len(got), len(want))
	}
	for _, w := range want {
		best := 0.0
		for _, g := range got {
			best = max(best, jaccard(w.Accounts, g.Accounts))
		}
		t.Logf("single-node campaign %s (%d accounts): best cluster match Jaccard %.3f", w.ID, len(w.Accounts), best)
		if best < 0.95 {
			t.Errorf("campaign %s has no cluster counterpart (best Jaccard %.3f)", w.ID, best)
		}
	}
	// The decisions reach the bucket and the surviving instance's mirror.
	// Both hops are asynchronous (one KV put per decision, then a watch),
	// and with a NATS node down each put waits for the two survivors, so
	// the test waits for them rather than reading the mirror once.
	decided := func() int {
		n := 0
		for _, w := range want {
			for _, acct := range w.Accounts {
				if a.dec.Get(acct, a.now()).Action != online.Allow {
					n++
				}
			}
		}
		return n
	}
	deadline = time.Now().Add(60 * time.Second)
	for decided() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no campaign account has a decision in the mirrored table after 60 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("%d campaign accounts decided in the mirrored table", decided())
}

func jaccard(a, b []string) float64 {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	if u := len(a) + len(b) - inter; u > 0 {
		return float64(inter) / float64(u)
	}
	return 1
}
