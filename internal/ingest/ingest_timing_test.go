package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

// benchLines builds n metadata-only exchange lines shaped like production
// logs (about 400 bytes each), or with text when withText.
func benchLines(n int, withText bool) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	var buf bytes.Buffer
	base := int64(1777000000) * 1e9
	for i := 0; i < n; i++ {
		e := record.Exchange{
			TS:        base + int64(i)*1e6 + r.Int64N(1e9),
			AccountID: fmt.Sprintf("acct_%016x", r.Uint64()%50000),
			RequestID: fmt.Sprintf("req_%024x", r.Uint64()), OrgID: "org_7f3a9c", APIKeyID: fmt.Sprintf("key_%08x", r.Uint32()),
			IP:  netip.AddrFrom4([4]byte{byte(r.IntN(223) + 1), byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256))}),
			ASN: int64(r.IntN(60000)), UserAgent: "anthropic-python/0.42.1", ClientFP: "t13d1516h2_8daaf6152771_b0da82dd1658",
			Model: "frontier-large-2026-03", InputTokens: int64(r.IntN(4000)), OutputTokens: int64(r.IntN(8000)),
			MaxTokens: 8192, Turns: 1 + int64(r.IntN(5)), Tools: int64(r.IntN(3)), StopReason: "end_turn", Status: 200,
			Has: record.HasRequestID | record.HasOrgID | record.HasAPIKeyID | record.HasIP | record.HasASN | record.HasUserAgent |
				record.HasClientFP | record.HasModel | record.HasInputTokens | record.HasOutputTokens | record.HasMaxTokens |
				record.HasTurns | record.HasTools | record.HasStopReason | record.HasStatus,
		}
		if withText {
			e.Prompt = "Refactor the following function so that it handles \"empty input\" and returns early:\n\ndef f(x):\n    return [i*i for i in x]\n"
			e.Response = "Here is a version that returns early when the input is empty, with a docstring and type hints added for clarity."
			e.Has |= record.HasPrompt | record.HasResponse
		}
		buf.Write(record.AppendExchangeJSON(nil, &e))
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// BenchmarkDecodeExchange measures one goroutine decoding lines: the cost a
// parser worker pays per exchange, without text and with escaped text.
func BenchmarkDecodeExchange(b *testing.B) {
	for _, tc := range []struct {
		name string
		text bool
	}{{"metadata", false}, {"text", true}} {
		b.Run(tc.name, func(b *testing.B) {
			data := benchLines(10000, tc.text)
			lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte{'\n'})
			var d Decoder
			var e record.Exchange
			b.SetBytes(int64(len(data) / len(lines)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%len(lines) == 0 {
					d.Reset(len(data))
				}
				if err := d.DecodeExchange(lines[i%len(lines)], &e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadExchanges measures the whole reader (splitting, parallel
// parsing, ordered hand-off) on plain and zstd input.
func BenchmarkReadExchanges(b *testing.B) {
	for _, tc := range []struct {
		name string
		text bool
		zstd bool
	}{{"metadata", false, false}, {"metadata-zstd", false, true}, {"text", true, false}} {
		b.Run(tc.name, func(b *testing.B) {
			data := benchLines(200000, tc.text)
			plain := int64(len(data))
			if tc.zstd {
				data = zstdBytes(data)
			}
			b.SetBytes(plain)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				in, _, err := Decompress(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				var n int
				_, err = ReadExchanges(context.Background(), in, "bench", Options{}, Handler[struct{}]{
					Consume: func(bt *Batch[struct{}]) error { n += len(bt.Records); return nil },
				})
				in.Close()
				if err != nil || n != 200000 {
					b.Fatalf("read %d records: %v", n, err)
				}
			}
			b.ReportMetric(float64(200000*b.N)/b.Elapsed().Seconds(), "exchanges/s")
		})
	}
}
