package server

import (
	"bytes"
	"testing"

	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/online"
	"github.com/distillguard/distillguard/internal/record"
)

// FuzzNormalise: any body either is refused or becomes JSON Lines whose
// every line decodes, with the count it reported; nothing panics.
func FuzzNormalise(f *testing.F) {
	f.Add([]byte(`{"ts":"2026-05-01T00:00:00Z","account_id":"a"}` + "\n"))
	f.Add([]byte(`[{"ts":"2026-05-01T00:00:00Z","account_id":"a"}, {"ts":"2026-05-01T00:00:01+02:00","account_id":"b","ip":"::1"}]`))
	f.Add([]byte("[1,2"))
	f.Add([]byte("\n\n{}\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		out, n, keys, probs, err := normalise(body, online.KindExchanges, true, 0)
		if err != nil || len(probs) > 0 || n == 0 {
			return
		}
		if len(keys) != n {
			t.Fatalf("%d partition keys for %d records", len(keys), n)
		}
		var d ingest.Decoder
		got := 0
		for _, line := range bytes.Split(out, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			got++
			var e record.Exchange
			d.Reset(0)
			if le := d.DecodeExchange(line, &e); le != nil {
				t.Fatalf("accepted line does not decode: %v: %q", le, line)
			}
		}
		if got != n {
			t.Fatalf("reported %d records, wrote %d lines", n, got)
		}
	})
}

// FuzzParseRows: the rows framing never panics and round-trips.
func FuzzParseRows(f *testing.F) {
	f.Add([]byte("#dg kind=1 part=3 seq=9\n{}\n"))
	f.Add([]byte("#dg kind=4 part=-1 seq=0\n"))
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		kind, part, seq, payload, err := parseRows(data)
		if err != nil {
			return
		}
		k2, p2, s2, pl2, err := parseRows(rowsMessage(kind, part, seq, payload))
		if err != nil || k2 != kind || p2 != part || s2 != seq || !bytes.Equal(pl2, payload) {
			t.Fatalf("round trip: %v %d %d %d", err, k2, p2, s2)
		}
	})
}
