package replay

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/report"
)

func TestNinetyPercent(t *testing.T) {
	f := func(blocks []int64, n int, want int64, wantOK bool) {
		t.Helper()
		got, ok := ninetyPercent(blocks, n)
		if got != want || ok != wantOK {
			t.Errorf("ninetyPercent(%v, %d) = %d, %v; want %d, %v", blocks, n, got, ok, want, wantOK)
		}
	}
	f(nil, 0, 0, false)                                // no accounts: undefined
	f([]int64{5}, 1, 5, true)                          // ⌈0.9⌉ = 1
	f([]int64{9, 1, 5, 3, 7, 2, 8, 4, 6}, 10, 9, true) // 9 of 10 needed: the latest of them
	f([]int64{9, 1, 5, 3, 7, 2, 8, 4}, 10, 0, false)   // 8 of 10 is not enough
	f([]int64{4, 1, 3}, 4, 0, false)                   // ⌈3.6⌉ = 4
	f([]int64{4, 1, 3, 2}, 4, 4, true)
	f([]int64{30, 10, 20}, 2, 20, true) // ⌈1.8⌉ = 2: the second block
}

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	p := percentiles(ds, 0.5, 0.99, 1)
	if p[0] != 50*time.Millisecond || p[1] != 99*time.Millisecond || p[2] != 100*time.Millisecond {
		t.Errorf("percentiles of 1..100 ms: %v, want 50ms 99ms 100ms", p)
	}
	if p := percentiles([]time.Duration{7}, 0.5, 0.99, 1); p[0] != 7 || p[2] != 7 {
		t.Errorf("percentiles of one value: %v", p)
	}
	if ds[0] != 100*time.Millisecond {
		t.Error("percentiles sorted its input")
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 300<<10) // longer than the reader's buffer, under the limit
	huge := strings.Repeat("y", 1<<20+1) // over the limit
	in := "a\r\n\n  \nb\n" + long + "\n" + huge + "\nc"
	lr := newLineReader(strings.NewReader(in))
	var got []string
	for {
		line, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if tooLong {
			got = append(got, "(too long)")
			continue
		}
		got = append(got, string(line))
	}
	want := []string{"a", "b", long, "(too long)", "c"}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %.20q (%d bytes), want %.20q (%d bytes)", i, got[i], len(got[i]), want[i], len(want[i]))
		}
	}
}

// TestLocalDecisions checks the gateway's copy: a block holds until an
// allow lifts it or its expiry passes in data time.
func TestLocalDecisions(t *testing.T) {
	r := &runner{accts: map[string]*account{}}
	apply := func(seq int64, acct, action, at, expires string) {
		t.Helper()
		if err := r.apply(&Decision{Seq: seq, AccountID: acct, Action: action, At: at, ExpiresAt: expires}); err != nil {
			t.Fatal(err)
		}
	}
	at := func(s string) int64 { tm, _ := time.Parse(time.RFC3339, s); return tm.UnixNano() }
	apply(1, "x", ActionBlock, "2026-05-01T10:00:00Z", "")
	apply(2, "y", ActionBlock, "2026-05-01T11:00:00Z", "2026-05-02T11:00:00Z")
	apply(3, "z", ActionThrottle, "2026-05-01T11:00:00Z", "")
	apply(4, "w", ActionBlock, "2026-05-01T11:00:00Z", "0001-01-01T00:00:00Z") // Go's zero time: no expiry
	r.dataNow = at("2026-05-02T00:00:00Z")
	if !r.blocked(r.accts["x"]) || !r.blocked(r.accts["y"]) || r.blocked(r.accts["z"]) || !r.blocked(r.accts["w"]) {
		t.Error("x, y and w should be blocked, z (throttled) served")
	}
	r.dataNow = at("2026-05-02T11:00:00Z")
	if r.blocked(r.accts["y"]) {
		t.Error("y's block expired at 11:00 and should no longer hold")
	}
	apply(14, "x", ActionAllow, "2026-05-02T12:00:00Z", "")
	apply(5, "x", ActionBlock, "2026-05-03T12:00:00Z", "")
	if a := r.accts["x"]; a.firstBlock != at("2026-05-01T10:00:00Z") || !r.blocked(a) {
		t.Errorf("x: first block %d, blocked %v: the first block time counts and the new block holds", a.firstBlock, r.blocked(a))
	}
	apply(6, "x", ActionAllow, "2026-05-03T13:00:00Z", "")
	if r.blocked(r.accts["x"]) {
		t.Error("an allow lifts a block")
	}
	for _, d := range []Decision{
		{Seq: 7, AccountID: "x", Action: "ban", At: "2026-05-01T00:00:00Z"},
		{Seq: 8, AccountID: "x", Action: ActionBlock, At: "yesterday"},
		{Seq: 9, Action: ActionBlock, At: "2026-05-01T00:00:00Z"},
		{Seq: 10, AccountID: "x", Action: ActionBlock, At: ""},
	} {
		if err := r.apply(&d); err == nil {
			t.Errorf("decision %+v accepted", d)
		}
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := report.Count(n); got != want {
			t.Errorf("report.Count(%d) = %q, want %q", n, got, want)
		}
	}
}
