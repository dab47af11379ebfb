package online

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// benchBatch is 1000 metadata-only exchanges of 200 accounts.
func benchBatch(start time.Time) []byte {
	var b bytes.Buffer
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, `{"ts":"%s","account_id":"acct_%04d","ip":"198.51.100.%d","user_agent":"sdk/1.2","client_fp":"t13d_%d","model":"m1","input_tokens":100,"output_tokens":300,"max_tokens":4096}`+"\n",
			start.Add(time.Duration(i)*time.Second).Format(time.RFC3339Nano), i%200, i%250, i%7)
	}
	return b.Bytes()
}

// BenchmarkApply measures the apply goroutine: decode, signals and profile
// for a journaled batch of 1000 exchanges (rounds excluded: wall clock).
func BenchmarkApply(b *testing.B) {
	e := New(Options{})
	batch := benchBatch(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	b.SetBytes(int64(len(batch)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Apply(uint64(i+1), KindExchanges, batch)
	}
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "exchanges/s")
}

// BenchmarkCheck measures /v1/check's decision without HTTP: 100,000
// accounts with decisions, a blocked campaign's indicators in place.
func BenchmarkCheck(b *testing.B) {
	e := New(Options{})
	now := e.Now()
	for i := 0; i < 100000; i++ {
		e.Decisions.SetAuto(Decision{AccountID: fmt.Sprintf("acct_%06d", i), Action: Block, Source: SourceCampaign,
			CampaignID: "dg-1", At: now, Expires: now.Add(time.Hour)})
	}
	e.ind.Store(&indicators{campaigns: []string{"dg-1"}, fps: map[uint64]int32{}, clients: map[uint64]int32{}})
	reqs := []CheckRequest{
		{AccountID: "acct_000042"}, // blocked
		{AccountID: "acct_stranger", IP: "203.0.113.9", ClientFP: "t13d_x"},              // unknown
		{AccountID: "acct_other", IP: "2001:db8::1", ClientFP: "t13d", UserAgent: "sdk"}, // unknown, IPv6
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Check(reqs[i%len(reqs)])
	}
}

// BenchmarkMemoryPerAccount measures what admission control budgets: the
// live heap the engine holds per account, for accounts that each send one
// minimal exchange (the probe's shape: every line a new account), after a
// detection round has run over them.
func BenchmarkMemoryPerAccount(b *testing.B) {
	const n = 200000
	var buf bytes.Buffer
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&buf, `{"ts":"%s","account_id":"acct_%08d"}`+"\n", t0.Add(time.Duration(i)*time.Millisecond).Format(time.RFC3339Nano), i)
	}
	batch := buf.Bytes()
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		e := New(Options{})
		e.Apply(1, KindExchanges, batch)
		e.Round()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "heap-bytes/account")
		runtime.KeepAlive(e)
	}
}
