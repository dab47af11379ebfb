package evaluate

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/findings"
	"github.com/distillguard/distillguard/internal/truth"
)

var update = flag.Bool("update", false, "rewrite the golden report.txt and report.json files under testdata/")

// load reads testdata/<name>/findings.json and truth.json through the same
// readers the CLI uses, so a scenario that stops validating fails here.
func load(t *testing.T, name string) (*findings.Document, *truth.Document) {
	t.Helper()
	f, err := findings.ReadFile(filepath.Join("testdata", name, "findings.json"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := truth.ReadFile(filepath.Join("testdata", name, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckTruth(tr); err != nil {
		t.Fatal(err)
	}
	return f, tr
}

func compare(t *testing.T, name string) *Report {
	t.Helper()
	return Compare(load(t, name))
}

// Small assertion helpers: name says which figure, so a failure reads as
// "mixed camp-a purity = 0.8, want 0.75".
func eqInt(t *testing.T, name string, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", name, got, want)
	}
}

func eqF(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func eqP(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = null, want %v", name, want)
		return
	}
	eqF(t, name, *got, want)
}

func isNull(t *testing.T, name string, got *float64) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %v, want null (undefined)", name, *got)
	}
}

func eqBoolP(t *testing.T, name string, got *bool, want bool) {
	t.Helper()
	if got == nil || *got != want {
		t.Errorf("%s = %v, want %v", name, fmtBoolP(got), want)
	}
}

func fmtBoolP(b *bool) string {
	if b == nil {
		return "null"
	}
	if *b {
		return "true"
	}
	return "false"
}

func eqStrings(t *testing.T, name string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

func campaign(t *testing.T, r *Report, id string) *CampaignScore {
	t.Helper()
	for i := range r.Campaigns {
		if r.Campaigns[i].ID == id {
			return &r.Campaigns[i]
		}
	}
	t.Fatalf("no true campaign %q in report", id)
	return nil
}

// TestMixed checks every figure of testdata/mixed against values worked out
// by hand.
//
// Truth (23 accounts):
//
//	camp-a  a01..a10 (10)  1000 exchanges, 04-22 00:00 → 06-05 00:00,
//	        coding .4, agentic .3, long_horizon .2, reasoning .1
//	camp-b  b1..b4 (4)     200 exchanges, 05-01 00:00 → 05-10 00:00,
//	        reasoning .5, grading .3, general .2
//	enterprise-pipeline e1 e2 e3; hackathon h1..h4; university-lab u1 u2
//
// Findings:
//
//	rep-1  a01..a06 h1 h2 (8)   640 ex, 04-22 06:00 → 06-04 12:00,
//	       coding .45, agentic .25, reasoning .2, general .1
//	rep-2  a07 a08 a09 (3)      camp-a split in two; a10 is missed
//	rep-3  b1..b4 (4)           210 ex, 05-01 00:00 → 05-10 12:00,
//	       grading .4, reasoning .4 (a tie), general .2
//	rep-4  e1 e2 u1 x-unknown   a false campaign; x-unknown is not in truth
//	a10 is listed in the accounts with a score but no campaign: not flagged.
func TestMixed(t *testing.T) {
	r := compare(t, "mixed")
	a := r.Accounts
	// Flagged: 8+3+4+4 = 19. Attackers: 10+4 = 14.
	// TP = a01..a09 (9) + b1..b4 (4) = 13.
	// FP = h1 h2 e1 e2 u1 x-unknown = 6 (x-unknown of them unknown).
	// FN = a10 = 1.
	eqInt(t, "known", a.Known, 23)
	eqInt(t, "attackers", a.Attackers, 14)
	eqInt(t, "flagged", a.Flagged, 19)
	eqInt(t, "TP", a.TP, 13)
	eqInt(t, "FP", a.FP, 6)
	eqInt(t, "FN", a.FN, 1)
	eqInt(t, "unknown flagged", a.UnknownFlagged, 1)
	eqStrings(t, "unknown accounts", r.UnknownAccounts, []string{"x-unknown"})
	eqP(t, "precision", a.Precision, 13.0/19) // 0.6842
	eqP(t, "recall", a.Recall, 13.0/14)       // 0.9286
	// F1 = 2·13/(2·13+6+1) = 26/33 = 0.7879; the harmonic mean agrees:
	// 2·(13/19)(13/14)/((13/19)+(13/14)) = 2·169/(13·14+13·19) = 338/429 = 26/33.
	eqP(t, "F1", a.F1, 26.0/33)

	ca := campaign(t, r, "camp-a")
	// camp-a: 9 of 10 flagged → recall 0.9. rep-1 holds 6, rep-2 holds 3:
	// split 2, and both ≥ 5% of 10 (0.5 account) → split≥5% 2.
	eqInt(t, "camp-a size", ca.Size, 10)
	eqInt(t, "camp-a flagged", ca.Flagged, 9)
	eqP(t, "camp-a recall", ca.Recall, 0.9)
	eqInt(t, "camp-a split", ca.SplitInto, 2)
	eqInt(t, "camp-a split≥5%", ca.Split5Pct, 2)
	// Best match rep-1 (6 > 3). Purity 6/8 = 0.75; Jaccard 6/(10+8−6) = 0.5.
	// Best holds 6 of the 9 flagged = 0.6667 < 0.9 → not one campaign.
	if ca.Match == nil || ca.Match.ID != "rep-1" {
		t.Fatalf("camp-a best match = %+v, want rep-1", ca.Match)
	}
	eqInt(t, "camp-a overlap", ca.Match.Overlap, 6)
	eqInt(t, "camp-a match size", ca.Match.Size, 8)
	eqF(t, "camp-a purity", ca.Match.Purity, 0.75)
	eqF(t, "camp-a jaccard", ca.Match.Jaccard, 0.5)
	eqP(t, "camp-a best share of flagged", ca.BestShareOfFlagged, 6.0/9)
	if ca.OneCampaign {
		t.Error("camp-a reported as one campaign; want not (6 of 9 in the best match)")
	}
	// Headline: accounts 8 vs 10 → (8−10)/10 = −0.2; exchanges 640 vs 1000
	// → −0.36; first seen 06:00 on the true day → +6 h; last seen 12 h
	// early → −12 h. Top-3: rep-1 coding .45, agentic .25, reasoning .2;
	// truth coding .4, agentic .3, long_horizon .2: sets differ.
	h := ca.Match.Headline
	eqP(t, "camp-a accounts error", h.Accounts.RelError, -0.2)
	eqP(t, "camp-a exchanges error", h.Exchanges.RelError, -0.36)
	eqP(t, "camp-a first seen Δh", h.FirstSeen.DiffHours, 6)
	eqP(t, "camp-a last seen Δh", h.LastSeen.DiffHours, -12)
	eqStrings(t, "camp-a top3 reported", h.Top3.Reported, []string{"coding", "agentic", "reasoning"})
	eqStrings(t, "camp-a top3 true", h.Top3.True, []string{"coding", "agentic", "long_horizon"})
	eqBoolP(t, "camp-a top3 sets agree", h.Top3.SetAgree, false)
	eqBoolP(t, "camp-a top3 order agrees", h.Top3.OrderAgree, false)

	cb := campaign(t, r, "camp-b")
	// camp-b: all 4 in rep-3 alone: recall 1, split 1, purity 4/4 = 1,
	// Jaccard 4/(4+4−4) = 1, one campaign.
	eqP(t, "camp-b recall", cb.Recall, 1)
	eqInt(t, "camp-b split", cb.SplitInto, 1)
	eqInt(t, "camp-b split≥5%", cb.Split5Pct, 1)
	if cb.Match == nil || cb.Match.ID != "rep-3" {
		t.Fatalf("camp-b best match = %+v, want rep-3", cb.Match)
	}
	eqF(t, "camp-b purity", cb.Match.Purity, 1)
	eqF(t, "camp-b jaccard", cb.Match.Jaccard, 1)
	if !cb.OneCampaign {
		t.Error("camp-b not reported as one campaign")
	}
	// Headline: 4 vs 4 → 0; 210 vs 200 → +0.05; first 0 h; last +12 h.
	// rep-3's grading .4 and reasoning .4 tie: record order puts reasoning
	// first, so its top-3 is reasoning, grading, general, exactly truth's.
	h = cb.Match.Headline
	eqP(t, "camp-b accounts error", h.Accounts.RelError, 0)
	eqP(t, "camp-b exchanges error", h.Exchanges.RelError, 0.05)
	eqP(t, "camp-b first seen Δh", h.FirstSeen.DiffHours, 0)
	eqP(t, "camp-b last seen Δh", h.LastSeen.DiffHours, 12)
	eqStrings(t, "camp-b top3 reported", h.Top3.Reported, []string{"reasoning", "grading", "general"})
	eqBoolP(t, "camp-b top3 sets agree", h.Top3.SetAgree, true)
	eqBoolP(t, "camp-b top3 order agrees", h.Top3.OrderAgree, true)

	// Honest categories: enterprise-pipeline e1 e2 of 3 → 0.6667;
	// hackathon h1 h2 of 4 → 0.5; university-lab u1 of 2 → 0.5.
	wantCats := []CategoryScore{
		{"enterprise-pipeline", 3, 2, 2.0 / 3},
		{"hackathon", 4, 2, 0.5},
		{"university-lab", 2, 1, 0.5},
	}
	if len(r.Categories) != len(wantCats) {
		t.Fatalf("categories = %+v, want %+v", r.Categories, wantCats)
	}
	for i, w := range wantCats {
		g := r.Categories[i]
		if g.Category != w.Category || g.Accounts != w.Accounts || g.Flagged != w.Flagged || math.Abs(g.Share-w.Share) > 1e-12 {
			t.Errorf("category %d = %+v, want %+v", i, g, w)
		}
	}

	// Reported campaigns, by id:
	//   rep-1  8: camp-a 6, hackathon 2 → majority camp-a 0.75, attackers 0.75
	//   rep-2  3: camp-a 3 → 1, 1
	//   rep-3  4: camp-b 4 → 1, 1
	//   rep-4  4: enterprise-pipeline 2, (unknown) 1, university-lab 1
	//          → majority enterprise-pipeline 0.5, attackers 0 → false
	// False campaigns: 1.
	type rep struct {
		id, majority   string
		size           int
		share, attack  float64
		isFalse        bool
		firstTwoLabels string
	}
	wantRep := []rep{
		{"rep-1", "camp-a", 8, 0.75, 0.75, false, "camp-a 6, hackathon 2"},
		{"rep-2", "camp-a", 3, 1, 1, false, "camp-a 3"},
		{"rep-3", "camp-b", 4, 1, 1, false, "camp-b 4"},
		{"rep-4", "enterprise-pipeline", 4, 0.5, 0, true, "enterprise-pipeline 2, (unknown) 1"},
	}
	if len(r.Reported) != len(wantRep) {
		t.Fatalf("reported = %+v", r.Reported)
	}
	for i, w := range wantRep {
		g := r.Reported[i]
		got := rep{g.ID, g.Majority, g.Size, g.MajorityShare, g.AttackerShare, g.False, labelMix(g.Labels[:min(2, len(g.Labels))])}
		if got != w {
			t.Errorf("reported[%d] = %+v, want %+v", i, got, w)
		}
	}
	eqInt(t, "false campaigns", r.FalseCampaigns, 1)
}

// TestNoFindings: nothing reported against the mixed truth. Precision is
// 0/0, undefined; recall 0/14 = 0; F1 = 0/(0+0+14) = 0. No campaign has a
// match, split 0, and none is "one campaign".
func TestNoFindings(t *testing.T) {
	r := compare(t, "no-findings")
	isNull(t, "precision", r.Accounts.Precision)
	eqP(t, "recall", r.Accounts.Recall, 0)
	eqP(t, "F1", r.Accounts.F1, 0)
	eqInt(t, "FN", r.Accounts.FN, 14)
	for _, c := range r.Campaigns {
		eqP(t, c.ID+" recall", c.Recall, 0)
		eqInt(t, c.ID+" split", c.SplitInto, 0)
		isNull(t, c.ID+" best share of flagged", c.BestShareOfFlagged)
		if c.Match != nil || c.OneCampaign {
			t.Errorf("%s: match %+v, one campaign %v; want none", c.ID, c.Match, c.OneCampaign)
		}
	}
	for _, c := range r.Categories {
		eqInt(t, c.Category+" flagged", c.Flagged, 0)
	}
	eqInt(t, "false campaigns", r.FalseCampaigns, 0)
	if len(r.Reported) != 0 {
		t.Errorf("reported = %+v, want none", r.Reported)
	}
}

// TestLookalikes: truth has only honest accounts (18: enterprise 5,
// hackathon 6, mobile-cgnat 4, university-lab 3); rep-h holds h1..h5 and u1.
// TP 0, FP 6, FN 0: precision 0/6 = 0, recall 0/0 undefined, F1 0/6 = 0.
// Hackathon 5 of 6 flagged (0.8333), university-lab 1 of 3 (0.3333).
// rep-h has no attacker at all: one false campaign, majority hackathon 5/6.
func TestLookalikes(t *testing.T) {
	r := compare(t, "lookalikes")
	eqP(t, "precision", r.Accounts.Precision, 0)
	isNull(t, "recall", r.Accounts.Recall)
	eqP(t, "F1", r.Accounts.F1, 0)
	eqInt(t, "FP", r.Accounts.FP, 6)
	if len(r.Campaigns) != 0 {
		t.Errorf("true campaigns = %+v, want none", r.Campaigns)
	}
	want := map[string][2]float64{
		"enterprise-pipeline": {0, 0}, "hackathon": {5, 5.0 / 6}, "mobile-cgnat": {0, 0}, "university-lab": {1, 1.0 / 3},
	}
	eqInt(t, "categories", len(r.Categories), len(want))
	for _, c := range r.Categories {
		w := want[c.Category]
		eqInt(t, c.Category+" flagged", c.Flagged, int(w[0]))
		eqF(t, c.Category+" share", c.Share, w[1])
	}
	eqInt(t, "false campaigns", r.FalseCampaigns, 1)
	if g := r.Reported[0]; g.Majority != "hackathon" || math.Abs(g.MajorityShare-5.0/6) > 1e-12 || !g.False {
		t.Errorf("rep-h = %+v, want majority hackathon 5/6, false", g)
	}

	// Nothing reported on the same truth: every ratio is 0/0, undefined, and
	// the scored but unflagged h1 is not a false positive.
	r = compare(t, "lookalikes-clean")
	isNull(t, "clean precision", r.Accounts.Precision)
	isNull(t, "clean recall", r.Accounts.Recall)
	isNull(t, "clean F1", r.Accounts.F1)
	eqInt(t, "clean FP", r.Accounts.FP, 0)
	eqInt(t, "clean false campaigns", r.FalseCampaigns, 0)
}

// TestSplinter: camp-s (25 accounts, no capability shares in truth) is found
// as rep-main (s01..s24) plus one account, s25, in rep-splinter with three
// coding-agent-platform accounts.
// Accounts: TP 25, FP 3, FN 0: precision 25/28, recall 1, F1 50/53.
// camp-s: split 2, but only rep-main holds ≥ 5% (24/25; rep-splinter 1/25 =
// 4%) → split≥5% 1. Best rep-main: purity 24/24 = 1, Jaccard 24/25 = 0.96,
// 24 of 25 flagged in it = 0.96 ≥ 0.9 → one campaign. Headline: accounts
// (24−25)/25 = −0.04, exchanges (4900−5000)/5000 = −0.02, first +0.5 h,
// last −1 h. Empty capability maps on both sides: top-3 lists empty,
// agreement undefined. rep-splinter: 1 attacker of 4 → false campaign.
func TestSplinter(t *testing.T) {
	r := compare(t, "splinter")
	eqP(t, "precision", r.Accounts.Precision, 25.0/28)
	eqP(t, "recall", r.Accounts.Recall, 1)
	eqP(t, "F1", r.Accounts.F1, 50.0/53)
	c := campaign(t, r, "camp-s")
	eqInt(t, "split", c.SplitInto, 2)
	eqInt(t, "split≥5%", c.Split5Pct, 1)
	if c.Match == nil || c.Match.ID != "rep-main" {
		t.Fatalf("best match = %+v, want rep-main", c.Match)
	}
	eqF(t, "purity", c.Match.Purity, 1)
	eqF(t, "jaccard", c.Match.Jaccard, 0.96)
	eqP(t, "best share of flagged", c.BestShareOfFlagged, 0.96)
	if !c.OneCampaign {
		t.Error("camp-s not reported as one campaign")
	}
	h := c.Match.Headline
	eqP(t, "accounts error", h.Accounts.RelError, -0.04)
	eqP(t, "exchanges error", h.Exchanges.RelError, -0.02)
	eqP(t, "first seen Δh", h.FirstSeen.DiffHours, 0.5)
	eqP(t, "last seen Δh", h.LastSeen.DiffHours, -1)
	eqStrings(t, "top3 reported", h.Top3.Reported, []string{})
	eqStrings(t, "top3 true", h.Top3.True, []string{})
	if h.Top3.SetAgree != nil || h.Top3.OrderAgree != nil {
		t.Errorf("top3 agreement = %s/%s, want null", fmtBoolP(h.Top3.SetAgree), fmtBoolP(h.Top3.OrderAgree))
	}
	eqInt(t, "false campaigns", r.FalseCampaigns, 1)
}

func TestTop3(t *testing.T) {
	f := func(shares map[string]float64, want ...string) {
		t.Helper()
		if want == nil {
			want = []string{}
		}
		eqStrings(t, "Top3", Top3(shares), want)
	}
	f(nil)
	f(map[string]float64{})
	f(map[string]float64{"coding": 0, "agentic": 0}) // zero shares are not "top"
	f(map[string]float64{"coding": 1}, "coding")
	f(map[string]float64{"coding": 0.5, "agentic": 0.3, "reasoning": 0.2}, "coding", "agentic", "reasoning")
	f(map[string]float64{"reasoning": 0.2, "agentic": 0.3, "coding": 0.4, "vision": 0.1}, "coding", "agentic", "reasoning")
	// Ties follow record.Capability order: general, coding, agentic,
	// long_horizon, reasoning, grading, vision.
	f(map[string]float64{"vision": 0.25, "grading": 0.25, "reasoning": 0.25, "general": 0.25}, "general", "reasoning", "grading")
	f(map[string]float64{"coding": 0.4, "grading": 0.2, "reasoning": 0.2, "long_horizon": 0.2}, "coding", "long_horizon", "reasoning")
	// Unknown keys rank after known ones when tied, by name.
	f(map[string]float64{"zeta": 0.5, "alpha": 0.5, "vision": 0.5, "coding": 0.1}, "vision", "alpha", "zeta")
}

func TestCompareTop3(t *testing.T) {
	f := func(reported, truth map[string]float64, set, order string) {
		t.Helper()
		c := compareTop3(reported, truth)
		if got := fmtBoolP(c.SetAgree) + "/" + fmtBoolP(c.OrderAgree); got != set+"/"+order {
			t.Errorf("compareTop3(%v, %v) = %s, want %s/%s", reported, truth, got, set, order)
		}
	}
	x := map[string]float64{"coding": 0.5, "agentic": 0.3, "reasoning": 0.2}
	f(x, x, "true", "true")
	f(map[string]float64{"coding": 0.3, "agentic": 0.5, "reasoning": 0.2}, x, "true", "false")
	f(map[string]float64{"coding": 0.5, "agentic": 0.3, "grading": 0.2}, x, "false", "false")
	f(map[string]float64{}, x, "false", "false") // findings gave none: disagree
	f(x, map[string]float64{}, "null", "null")   // truth gave none: cannot judge
	f(map[string]float64{}, nil, "null", "null") // neither
	f(map[string]float64{"coding": 1}, map[string]float64{"coding": 1}, "true", "true")
	f(map[string]float64{"coding": 0.5, "agentic": 0.5}, map[string]float64{"coding": 1}, "false", "false")
}

// TestBestMatchTies builds documents in code: true campaign t1 of 4
// accounts; rep-x holds t1a t1b (2 of its 2), rep-y holds t1c t1d and one
// honest account (2 of 3), rep-z and rep-w each hold one account of t2.
// t1: equal overlap 2, rep-x is purer → best rep-x, purity 1, Jaccard 2/4.
// t2: equal overlap 1 and equal size 1 → the smaller id, rep-w.
func TestBestMatchTies(t *testing.T) {
	tr := &truth.Document{Schema: truth.Schema,
		Campaigns: []truth.Campaign{{ID: "t1", Accounts: 4}, {ID: "t2", Accounts: 2}},
		Accounts: map[string]string{"t1a": "t1", "t1b": "t1", "t1c": "t1", "t1d": "t1",
			"t2a": "t2", "t2b": "t2", "h": "hackathon"}}
	f := doc(
		camp("rep-y", "t1c", "t1d", "h"),
		camp("rep-x", "t1a", "t1b"),
		camp("rep-z", "t2b"),
		camp("rep-w", "t2a"),
	)
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	r := Compare(f, tr)
	c1, c2 := campaign(t, r, "t1"), campaign(t, r, "t2")
	if c1.Match.ID != "rep-x" || c2.Match.ID != "rep-w" {
		t.Errorf("best matches = %s, %s; want rep-x, rep-w", c1.Match.ID, c2.Match.ID)
	}
	eqF(t, "t1 purity", c1.Match.Purity, 1)
	eqF(t, "t1 jaccard", c1.Match.Jaccard, 0.5)
	eqP(t, "t1 best share", c1.BestShareOfFlagged, 0.5)
	// Reported campaigns are listed by id whatever the findings order.
	var ids []string
	for _, rc := range r.Reported {
		ids = append(ids, rc.ID)
	}
	eqStrings(t, "reported order", ids, []string{"rep-w", "rep-x", "rep-y", "rep-z"})
}

// TestFalseCampaignBoundary: a reported campaign is false only when more
// than half of its accounts are not attackers; exactly half is not false.
func TestFalseCampaignBoundary(t *testing.T) {
	tr := &truth.Document{Schema: truth.Schema,
		Campaigns: []truth.Campaign{{ID: "c", Accounts: 3}},
		Accounts:  map[string]string{"c1": "c", "c2": "c", "c3": "c", "h1": "hackathon", "h2": "hackathon", "h3": "hackathon"}}
	f := func(wantFalse bool, accounts ...string) {
		t.Helper()
		r := Compare(doc(camp("r", accounts...)), tr)
		if r.Reported[0].False != wantFalse || (r.FalseCampaigns == 1) != wantFalse {
			t.Errorf("campaign %v: false = %v (count %d), want %v", accounts, r.Reported[0].False, r.FalseCampaigns, wantFalse)
		}
	}
	f(false, "c1")
	f(false, "c1", "h1")             // half: not false
	f(true, "c1", "h1", "h2")        // 2 of 3 honest
	f(true, "c1", "h1", "unknown-1") // unknown accounts count as not attackers
	f(false, "c1", "c2", "h1")
	f(true, "h1", "h2", "h3")
}

func TestWarnings(t *testing.T) {
	f, tr := load(t, "mixed")
	tr.Campaigns[0].Accounts = 12 // declares 12, labels 10
	tr.Input.Exchanges = 9999     // findings read 1500
	r := Compare(f, tr)
	want := []string{
		"truth campaign camp-a declares 12 accounts but labels 10",
		"findings read 1500 exchanges but truth counts 9999: are they from the same data set?",
	}
	eqStrings(t, "warnings", r.Warnings, want)
}

func TestCheckTruth(t *testing.T) {
	f := func(mutate func(*truth.Document), wantErr string) {
		t.Helper()
		_, tr := load(t, "mixed")
		mutate(tr)
		err := CheckTruth(tr)
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("CheckTruth: unexpected error %v", err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("CheckTruth error = %v, want one containing %q", err, wantErr)
		}
	}
	f(func(*truth.Document) {}, "")
	f(func(d *truth.Document) { d.Campaigns[1].ID = "camp-a" }, `duplicate id "camp-a"`)
	f(func(d *truth.Document) { d.Campaigns[0].LastSeen = "June 5" }, `campaigns[0].last_seen: "June 5" is not RFC 3339`)
	f(func(d *truth.Document) { d.Accounts["h2"] = "" }, `1 accounts have an empty label, first "h2"`)
	f(func(d *truth.Document) { d.Accounts = nil }, "truth labels no accounts")
}

// TestCompareDoesNotModify guards the promise that Compare is pure: it sorts
// a copy of the campaigns, not the caller's document.
func TestCompareDoesNotModify(t *testing.T) {
	f, tr := load(t, "mixed")
	f.Campaigns[0], f.Campaigns[3] = f.Campaigns[3], f.Campaigns[0]
	before, _ := json.Marshal(f)
	beforeT, _ := json.Marshal(tr)
	Compare(f, tr)
	after, _ := json.Marshal(f)
	afterT, _ := json.Marshal(tr)
	if !bytes.Equal(before, after) || !bytes.Equal(beforeT, afterT) {
		t.Error("Compare modified its arguments")
	}
}

// standardGates are the project's targets; the golden reports show how each
// scenario fares against them.
func standardGates() Gates {
	f1, purity, recall, headline, falseCamps := 0.97, 0.98, 0.95, 0.02, 0
	day := 24 * time.Hour
	return Gates{MinF1: &f1, MinPurity: &purity, MinRecall: &recall, MaxHeadlineError: &headline,
		MaxTimeError: &day, Top3: true, MaxFalseCampaigns: &falseCamps, OneCampaign: true}
}

// TestGolden compares the whole text and JSON reports of every scenario
// under testdata/ (with the standard gates applied) with report.txt and
// report.json; run "go test ./internal/evaluate -update" to rewrite them
// after an intended change, and read the diff.
func TestGolden(t *testing.T) {
	dirs, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			r := compare(t, d.Name())
			r.ApplyGates(standardGates())
			var text bytes.Buffer
			if err := r.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			js, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			js = append(js, '\n')
			// The same inputs must give byte-identical output (map order).
			for range 5 {
				again := compare(t, d.Name())
				again.ApplyGates(standardGates())
				js2, _ := json.MarshalIndent(again, "", "  ")
				if !bytes.Equal(js, append(js2, '\n')) {
					t.Fatal("two runs on the same inputs gave different JSON")
				}
			}
			golden(t, filepath.Join("testdata", d.Name(), "report.txt"), text.Bytes())
			golden(t, filepath.Join("testdata", d.Name(), "report.json"), js)

			// The JSON decodes back to the same report, so Check on a saved
			// report judges as Compare's did.
			var back Report
			if err := json.Unmarshal(js, &back); err != nil {
				t.Fatal(err)
			}
			if got, want := back.Check(standardGates()), r.Gates; !slices.Equal(got, want) {
				t.Errorf("Check on decoded report = %+v, want %+v", got, want)
			}
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run with -update and read the diff): %s", path, firstDiff(got, want))
	}
}

// firstDiff names the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d\n got: %q\nwant: %q", i+1, gl, wl)
		}
	}
	return "no line differs"
}

// doc and camp build small valid findings documents in code.
func doc(campaigns ...findings.Campaign) *findings.Document {
	d := &findings.Document{Schema: findings.Schema, GeneratedAt: "2026-06-11T00:00:00Z",
		Campaigns: campaigns, Accounts: []findings.Account{}}
	for _, c := range campaigns {
		for _, a := range c.Accounts {
			d.Accounts = append(d.Accounts, findings.Account{AccountID: a, Campaign: c.ID})
		}
	}
	if d.Campaigns == nil {
		d.Campaigns = []findings.Campaign{}
	}
	return d
}

func camp(id string, accounts ...string) findings.Campaign {
	return findings.Campaign{ID: id, Accounts: accounts,
		FirstSeen: "2026-05-01T00:00:00Z", LastSeen: "2026-05-02T00:00:00Z"}
}
