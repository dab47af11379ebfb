package server

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/ingest"
	"github.com/distillguard/distillguard/internal/online"
)

// agreeLines are lines on which the server's ingest and detect's reader
// once disagreed, or could: framing, sizes, identifiers.
var agreeLines = []string{
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a"}` + "\r",
	"\v",
	"\u00a0",
	"\u0085",
	" \t ",
	"\ufeff" + `{"ts":"2026-05-01T12:00:00Z","account_id":"a"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a","prompt":"` + strings.Repeat("y", ingest.MaxLineBytes) + `"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a","prompt":"` + strings.Repeat("y", ingest.MaxLineBytes-60) + `"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u0000b"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a\nb"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a` + "\x7f" + `b"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u0085b"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a` + "\u0085" + `b"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u202eb"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"a\u200bb"}`,
	`{"ts":"2026-05-01T12:00:00Z","account_id":"` + strings.Repeat("x", 257) + `"}`,
	`{"ts":"2026-05-01T12:00:00Z"}`,
	`{"ts":"1970-01-01T00:00:00Z","account_id":"a"}`,
	`not json`,
	`[1,2]`,
}

// TestServerAndDetectAgree: every line the server's ingest accepts, detect
// accepts, and the other way round, for each line alone and for all of
// them in one body (the reasons may be worded apart, the verdicts not).
func TestServerAndDetectAgree(t *testing.T) {
	verdicts := func(body []byte) (server, detect map[int64]bool) {
		server, detect = map[int64]bool{}, map[int64]bool{}
		_, _, _, probs, err := normalise(body, online.KindExchanges, false, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			server[p.Line] = true
		}
		st, err := ingest.ReadExchanges(context.Background(), bytes.NewReader(body), "body", ingest.Options{Shown: 1 << 20},
			ingest.Handler[struct{}]{Consume: func(*ingest.Batch[struct{}]) error { return nil }})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range st.Rejects.Shown {
			detect[p.Line] = true
		}
		return server, detect
	}
	var all []byte
	for i, l := range agreeLines {
		all = append(append(all, l...), '\n')
		s, d := verdicts([]byte(l + "\n"))
		if s[1] != d[1] {
			t.Errorf("line %d (%.60q): server rejects %v, detect rejects %v", i, l, s[1], d[1])
		}
	}
	s, d := verdicts(all)
	for no := int64(1); no <= int64(len(agreeLines)); no++ {
		if s[no] != d[no] {
			t.Errorf("in one body, line %d (%.60q): server rejects %v, detect rejects %v", no, agreeLines[no-1], s[no], d[no])
		}
	}
}
