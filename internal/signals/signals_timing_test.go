package signals

import (
	"net/netip"
	"testing"

	"github.com/distillguard/distillguard/internal/record"
)

// BenchmarkExtract measures the per-exchange stage on a zero-data-retention
// exchange (metadata only) and on one with text.
func BenchmarkExtract(b *testing.B) {
	meta := record.Exchange{
		TS: 1777000000e9, AccountID: "acct_0123456789abcdef", OrgID: "org_1", APIKeyID: "key_1",
		IP: netip.MustParseAddr("203.0.113.9"), UserAgent: "anthropic-python/0.42.1", ClientFP: "t13d1516h2_8daaf6152771_b0da82dd1658",
		Model: "frontier-large", InputTokens: 1200, OutputTokens: 800, MaxTokens: 8192, Turns: 3, Tools: 2,
		Has: record.HasOrgID | record.HasAPIKeyID | record.HasIP | record.HasUserAgent | record.HasClientFP | record.HasModel |
			record.HasInputTokens | record.HasOutputTokens | record.HasMaxTokens | record.HasTurns | record.HasTools,
	}
	text := meta
	text.Prompt = "Refactor the following function so that it handles empty input and returns early, then explain every step of your reasoning:\n\ndef f(x):\n    return [i*i for i in x]\n"
	text.Has |= record.HasPrompt
	for _, tc := range []struct {
		name string
		e    record.Exchange
	}{{"metadata", meta}, {"text", text}} {
		b.Run(tc.name, func(b *testing.B) {
			x := NewExtractor()
			var out Exchange
			b.SetBytes(int64(len(tc.e.Prompt) + len(tc.e.System)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				x.Extract(&tc.e, &out)
			}
		})
	}
}
