package detect

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/distillguard/distillguard/internal/campaign"
	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/simulate"
)

// benchData simulates the incident at scale 0.01 without text once per
// benchmark run (about 600K exchanges, 1,750 accounts).
var benchData = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "distillguard-bench-")
	if err != nil {
		return "", err
	}
	_, err = simulate.Run(context.Background(), simulate.Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 900, NoText: true, OutDir: dir})
	return dir, err
})

func benchOptions(b *testing.B) Options {
	dir, err := benchData()
	if err != nil {
		b.Fatal(err)
	}
	return Options{
		Exchanges: filepath.Join(dir, simulate.ExchangesZstdFile),
		Accounts:  filepath.Join(dir, simulate.AccountsFile),
		Models:    filepath.Join(dir, simulate.ModelsFile),
	}
}

func benchStore(b *testing.B) *profile.Store {
	s, _, _, err := load(context.Background(), benchOptions(b), func(string, int64, int64) {})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLoad is the read stage: decompression, decoding, per-exchange
// signals and profiling, per exchange.
func BenchmarkLoad(b *testing.B) {
	opt := benchOptions(b)
	b.ReportAllocs()
	var n int
	for i := 0; i < b.N; i++ {
		s, _, _, err := load(context.Background(), opt, func(string, int64, int64) {})
		if err != nil {
			b.Fatal(err)
		}
		n = s.Len()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "exchanges/s")
}

// BenchmarkLink is the linking stage on a profiled store.
func BenchmarkLink(b *testing.B) {
	s := benchStore(b)
	cfg := Defaults().linkConfig()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		link.Build(s, cfg)
	}
	b.ReportMetric(float64(s.NumAccounts()*b.N)/b.Elapsed().Seconds(), "accounts/s")
}

// BenchmarkForm is campaign formation on a linked graph.
func BenchmarkForm(b *testing.B) {
	s := benchStore(b)
	g := link.Build(s, Defaults().linkConfig())
	cfg := Defaults().campaignConfig()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		campaign.Form(g, s.NumAccounts(), cfg)
	}
	b.ReportMetric(float64(len(g.Edges)*b.N)/b.Elapsed().Seconds(), "edges/s")
}

// BenchmarkDetect is the whole pipeline.
func BenchmarkDetect(b *testing.B) {
	opt := benchOptions(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), opt); err != nil {
			b.Fatal(err)
		}
	}
}
