package online

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

func at(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }

// TestDecisionPrecedence: what an account's effective decision is after a
// sequence of automatic and operator decisions, and how many feed entries
// the sequence made.
func TestDecisionPrecedence(t *testing.T) {
	auto := func(a Action, from, to float64) Decision {
		return Decision{AccountID: "x", Action: a, Source: SourceCampaign, At: at(from), Expires: at(to)}
	}
	op := func(a Action, from, to float64) Decision {
		return Decision{AccountID: "x", Action: a, Source: SourceOperator, At: at(from), Expires: at(to)}
	}
	type step struct {
		d        Decision
		operator bool
	}
	cases := []struct {
		name  string
		steps []step
		when  float64
		want  Action
		src   string
		feed  int
	}{
		{"nothing", nil, 1, Allow, SourceNone, 0},
		{"block lasts its ttl", []step{{auto(Block, 0, 10), false}}, 5, Block, SourceCampaign, 1},
		{"block expires", []step{{auto(Block, 0, 10), false}}, 11, Allow, SourceNone, 1},
		{"weaker auto does not replace a lasting stronger one", []step{{auto(Block, 0, 10), false}, {auto(Watch, 1, 30), false}}, 5, Block, SourceCampaign, 1},
		{"operator allow beats an automatic block", []step{{auto(Block, 0, 100), false}, {op(Allow, 1, 50), true}}, 5, Allow, SourceOperator, 2},
		{"automatic block returns after the operator's allow expires", []step{{auto(Block, 0, 100), false}, {op(Allow, 1, 50), true}}, 60, Block, SourceCampaign, 2},
		{"operator block beats nothing", []step{{op(Block, 0, 10), true}}, 1, Block, SourceOperator, 1},
		{"renewal far ahead is a new feed entry", []step{{auto(Block, 0, 10), false}, {auto(Block, 8, 18), false}}, 12, Block, SourceCampaign, 2},
		{"renewal close to the old expiry is not", []step{{auto(Block, 0, 10), false}, {auto(Block, 1, 11), false}}, 5, Block, SourceCampaign, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := NewDecisions()
			for _, s := range c.steps {
				if s.operator {
					tab.SetOperator(s.d)
				} else {
					tab.SetAuto(s.d)
				}
			}
			got := tab.Get("x", at(c.when))
			if got.Action != c.want || got.Source != c.src {
				t.Errorf("at %vh: %v from %s, want %v from %s", c.when, got.Action, got.Source, c.want, c.src)
			}
			if n := tab.FeedLen(); n != uint64(c.feed) {
				t.Errorf("feed has %d entries, want %d", n, c.feed)
			}
		})
	}
}

// TestFeedAndExpiry: the feed reports each change once, in order, with
// dense sequence numbers; expiry is reported as allow; a since beyond the
// end resets; the wake channel closes on the next entry.
func TestFeedAndExpiry(t *testing.T) {
	tab := NewDecisions()
	for i, acct := range []string{"a", "b", "c"} {
		tab.SetAuto(Decision{AccountID: acct, Action: Block, Source: SourceCampaign, At: at(float64(i)), Expires: at(10)})
	}
	ds, reset, wake := tab.Since(1, 0)
	if reset || len(ds) != 2 || ds[0].Seq != 2 || ds[0].AccountID != "b" || ds[1].Seq != 3 {
		t.Fatalf("since 1: %+v reset %v", ds, reset)
	}
	tab.Expire(at(11))
	select {
	case <-wake:
	default:
		t.Fatal("wake not closed by new entries")
	}
	ds, _, _ = tab.Since(3, 0)
	if len(ds) != 3 {
		t.Fatalf("after expiry: %+v", ds)
	}
	for i, d := range ds {
		if d.Action != Allow || d.AccountID != []string{"a", "b", "c"}[i] {
			t.Errorf("expiry entry %d: %+v", i, d)
		}
	}
	if ds, reset, _ := tab.Since(99, 2); !reset || len(ds) != 2 || ds[0].Seq != 1 {
		t.Errorf("since beyond the end: reset %v, %+v", reset, ds)
	}
	if c := tab.Counts(at(12)); c != [NumActions]int{3, 0, 0, 0, 0} {
		t.Errorf("counts after expiry %v", c)
	}
}

// TestMirror: a table that copies another's feed answers as it does, at
// each point of the feed: an operator's allow keeps its source and expiry,
// and the automatic block comes back once a round's Expire reports it.
func TestMirror(t *testing.T) {
	src, dst := NewDecisions(), NewDecisions()
	var next uint64
	sync := func() {
		ds, _, _ := src.Since(next, 0)
		for _, d := range ds {
			dst.Mirror(d)
			next = d.Seq
		}
	}
	same := func(h float64) {
		t.Helper()
		for _, acct := range []string{"a", "b", "c"} {
			w, g := src.Get(acct, at(h)), dst.Get(acct, at(h))
			if w.Action != g.Action || w.Source != g.Source {
				t.Errorf("%s at %vh: mirror %v/%s, source %v/%s", acct, h, g.Action, g.Source, w.Action, w.Source)
			}
		}
	}
	src.SetAuto(Decision{AccountID: "a", Action: Block, Source: SourceCampaign, At: at(0), Expires: at(20)})
	src.SetOperator(Decision{AccountID: "b", Action: Block, Source: SourceOperator, At: at(1), Expires: at(5), Actor: "op"})
	sync()
	same(1.5)
	src.SetOperator(Decision{AccountID: "a", Action: Allow, Source: SourceOperator, At: at(2), Expires: at(8)})
	sync()
	same(3)
	src.Expire(at(9)) // a round after both operator decisions ended
	sync()
	same(9)
	if g := dst.Get("a", at(9)); g.Action != Block {
		t.Errorf("a's automatic block did not come back: %+v", g)
	}
	if len(dst.Audit(0)) != 2 {
		t.Errorf("mirrored audit: %+v", dst.Audit(0))
	}
}

// TestLoadPolicy: a file overrides a subset; mistakes are errors that name
// the field.
func TestLoadPolicy(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		body, errHas string
		check        func(Policy) bool
	}{
		{`{"block_ttl":"48h","confirm_rounds":3}`, "", func(p Policy) bool {
			return p.BlockTTL == 48*time.Hour && p.ConfirmRounds == 3 && p.IndicatorPurity == DefaultPolicy().IndicatorPurity
		}},
		{`{"block_tll":"48h"}`, "unknown field", nil},
		{`{"block_ttl":"soon"}`, "block_ttl", nil},
		{`{"indicator_purity":1.5}`, "indicator_purity", nil},
		{`{"confirm_rounds":0}`, "confirm_rounds", nil},
		{`{"indicator_families":7}`, "indicator_families", nil},
	}
	for i, c := range cases {
		path := filepath.Join(dir, "p.json")
		os.WriteFile(path, []byte(c.body), 0o600)
		p, err := LoadPolicy(path)
		switch {
		case c.errHas != "" && (err == nil || !strings.Contains(err.Error(), c.errHas)):
			t.Errorf("case %d: error %v, want one naming %q", i, err, c.errHas)
		case c.errHas == "" && (err != nil || !c.check(p)):
			t.Errorf("case %d: %v %+v", i, err, p)
		}
	}
	if p, err := LoadPolicy(""); err != nil || p != DefaultPolicy() {
		t.Errorf("no file: %v", err)
	}
}
