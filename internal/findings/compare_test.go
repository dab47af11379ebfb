package findings

import (
	"fmt"
	"strings"
	"testing"
)

// camp is a campaign in a comparison case: an id and its members.
type camp struct {
	id       string
	accounts []string
}

// members names n accounts prefix0 .. prefix(n-1).
func members(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func doc(cs ...camp) *Document {
	d := &Document{Schema: Schema, Campaigns: []Campaign{}, Accounts: []Account{}}
	for _, c := range cs {
		d.Campaigns = append(d.Campaigns, Campaign{ID: c.id, Accounts: c.accounts})
	}
	return d
}

func TestCompare(t *testing.T) {
	a100, b50 := members("a", 100), members("b", 50)
	cases := []struct {
		name        string
		batch, live *Document
		agrees      bool
		pairs       []Pair // checked when not nil
		onlyBatch   []string
		onlyLive    []string
		miss        string // a substring of Summary
	}{
		{name: "none on either side", batch: doc(), live: doc(), agrees: true, pairs: []Pair{}},
		{name: "nil documents", agrees: true},
		{name: "same members, other ids and order",
			batch: doc(camp{"dg-1", a100}, camp{"dg-2", b50}), live: doc(camp{"live-b", b50}, camp{"live-a", a100}), agrees: true,
			pairs: []Pair{
				{Batch: "dg-1", Live: "live-a", BatchAccounts: 100, LiveAccounts: 100, Common: 100, Within: true},
				{Batch: "dg-2", Live: "live-b", BatchAccounts: 50, LiveAccounts: 50, Common: 50, Within: true},
			}},
		{name: "1% of members differ",
			batch: doc(camp{"dg-1", a100}), live: doc(camp{"l1", members("a", 99)}), agrees: true,
			miss:  "1 campaign on each side, paired one to one; most differing: batch dg-1, 1 of 100 accounts (1.00%, at most 1%)",
			pairs: []Pair{{Batch: "dg-1", Live: "l1", BatchAccounts: 100, LiveAccounts: 99, Common: 99, OnlyBatch: 1, Within: true}}},
		{name: "one member swapped: 2% differ",
			batch: doc(camp{"dg-1", a100}), live: doc(camp{"l1", append(members("a", 99), "x")}), agrees: false,
			pairs: []Pair{{Batch: "dg-1", Live: "l1", BatchAccounts: 100, LiveAccounts: 100, Common: 99, OnlyBatch: 1, OnlyLive: 1}},
			miss:  "differ in 2 of 100 accounts (2.0%"},
		{name: "2% of members differ",
			batch: doc(camp{"dg-1", a100}), live: doc(camp{"l1", members("a", 98)}), agrees: false,
			pairs: []Pair{{Batch: "dg-1", Live: "l1", BatchAccounts: 100, LiveAccounts: 98, Common: 98, OnlyBatch: 2}},
			miss:  "differ in 2 of 100 accounts (2.0%; 2 only in batch, 0 only live)"},
		{name: "2% of members replaced",
			batch: doc(camp{"dg-1", a100}), live: doc(camp{"l1", append(members("a", 98), "x", "y")}), agrees: false,
			pairs: []Pair{{Batch: "dg-1", Live: "l1", BatchAccounts: 100, LiveAccounts: 100, Common: 98, OnlyBatch: 2, OnlyLive: 2}},
			miss:  "differ in 4 of 100 accounts"},
		{name: "live adds 2% more members",
			batch: doc(camp{"dg-1", a100}), live: doc(camp{"l1", append(members("a", 100), "x", "y")}), agrees: false,
			pairs: []Pair{{Batch: "dg-1", Live: "l1", BatchAccounts: 100, LiveAccounts: 102, Common: 100, OnlyLive: 2}},
			miss:  "2 only live"},
		{name: "a campaign missing live",
			batch: doc(camp{"dg-1", a100}, camp{"dg-2", b50}), live: doc(camp{"l1", a100}), agrees: false,
			onlyBatch: []string{"dg-2"}, miss: "2 batch campaigns, 1 live"},
		{name: "an extra live campaign",
			batch: doc(camp{"dg-1", a100}), live: doc(camp{"l1", a100}, camp{"l2", b50}), agrees: false,
			onlyLive: []string{"l2"}, miss: "live l2 (50 accounts) has no batch counterpart"},
		{name: "one live campaign matched by two batch ones",
			batch: doc(camp{"dg-1", a100}, camp{"dg-2", b50}), live: doc(camp{"l1", append(append([]string{}, a100...), b50...)}, camp{"l2", []string{"z"}}),
			agrees: false,
			pairs: []Pair{
				{Batch: "dg-1", Live: "l1", BatchAccounts: 100, LiveAccounts: 150, Common: 100, OnlyLive: 50, Shared: true},
				{Batch: "dg-2", Live: "l1", BatchAccounts: 50, LiveAccounts: 150, Common: 50, OnlyLive: 100, Shared: true},
			},
			onlyLive: []string{"l2"}, miss: "best match of 2 batch campaigns (dg-1, dg-2)"},
		{name: "the live campaign sharing most members wins",
			batch: doc(camp{"dg-1", a100}), live: doc(camp{"l1", members("a", 10)}, camp{"l2", a100[10:]}), agrees: false,
			pairs:    []Pair{{Batch: "dg-1", Live: "l2", BatchAccounts: 100, LiveAccounts: 90, Common: 90, OnlyBatch: 10}},
			onlyLive: []string{"l1"}},
		{name: "a tie goes to the smaller live campaign",
			batch: doc(camp{"dg-1", []string{"p", "q"}}), live: doc(camp{"l1", []string{"p", "r", "s"}}, camp{"l2", []string{"q"}}), agrees: false,
			pairs:    []Pair{{Batch: "dg-1", Live: "l2", BatchAccounts: 2, LiveAccounts: 1, Common: 1, OnlyBatch: 1}},
			onlyLive: []string{"l1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := Compare(tc.batch, tc.live, 0.01)
			if a.Agrees != tc.agrees {
				t.Errorf("Agrees = %v, want %v; %s", a.Agrees, tc.agrees, a.Summary())
			}
			if a.Agrees != (len(a.Misses) == 0) {
				t.Errorf("Agrees %v with misses %q", a.Agrees, a.Misses)
			}
			if tc.pairs != nil {
				if len(a.Pairs) != len(tc.pairs) {
					t.Fatalf("pairs %+v, want %+v", a.Pairs, tc.pairs)
				}
				for i, want := range tc.pairs {
					if got := a.Pairs[i]; got != want {
						t.Errorf("pair %d = %+v, want %+v", i, got, want)
					}
				}
			}
			if got := ids(a.OnlyBatch); got != strings.Join(tc.onlyBatch, ",") {
				t.Errorf("only batch %q, want %q", got, tc.onlyBatch)
			}
			if got := ids(a.OnlyLive); got != strings.Join(tc.onlyLive, ",") {
				t.Errorf("only live %q, want %q", got, tc.onlyLive)
			}
			if !strings.Contains(a.Summary(), tc.miss) {
				t.Errorf("summary %q lacks %q", a.Summary(), tc.miss)
			}
		})
	}
}

// TestCompareTolerance: the bound is a share of the batch campaign's
// members, inclusive, and a wider tolerance admits what 1% does not.
func TestCompareTolerance(t *testing.T) {
	batch := doc(camp{"dg-1", members("a", 200)})
	for _, tc := range []struct {
		differ    int // batch members missing live
		tolerance float64
		agrees    bool
	}{
		{0, 0, true}, {1, 0, false}, {2, 0.01, true}, {3, 0.01, false}, {3, 0.02, true},
	} {
		live := doc(camp{"l", members("a", 200)[tc.differ:]})
		a := Compare(batch, live, tc.tolerance)
		if a.Agrees != tc.agrees || a.Pairs[0].Differing() != tc.differ || a.Tolerance != tc.tolerance {
			t.Errorf("%d of 200 differing at %g: agrees %v (%s), want %v", tc.differ, tc.tolerance, a.Agrees, a.Summary(), tc.agrees)
		}
	}
}

func ids(us []Unmatched) string {
	var s []string
	for _, u := range us {
		s = append(s, u.ID)
	}
	return strings.Join(s, ",")
}
