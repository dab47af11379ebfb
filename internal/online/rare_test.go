package online

import (
	"fmt"
	"testing"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/report"
	"github.com/distillguard/distillguard/internal/score"
)

// TestRareCoreTiesTeams: a campaign's core object is its members' own
// evidence only when it ties teams together and is rare outside the
// acted-on campaigns. An honest team that a partial picture put in a
// campaign holds its own objects, or its objects with one stranger.
func TestRareCoreTiesTeams(t *testing.T) {
	type acct struct {
		org, domain string
		camp        int // 1 or 2: member of that campaign; 0: outside both
	}
	fleet := func(n, camp int) []acct {
		out := make([]acct, n)
		for i := range out {
			out[i] = acct{domain: "gmail.com", camp: camp}
		}
		return out
	}
	team := func(n int, org, domain string) []acct {
		out := make([]acct, n)
		for i := range out {
			out[i] = acct{org: org, domain: domain, camp: 1}
		}
		return out
	}
	cat := func(parts ...[]acct) []acct {
		var out []acct
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	for _, c := range []struct {
		name    string
		holders []acct // accounts holding the object
		harvest float64
		want    bool
	}{
		{"a fleet's card", fleet(4, 1), 0, true},
		{"two fleet accounts", fleet(2, 1), 0, true},
		{"a fleet's card, split over two campaigns", cat(fleet(2, 1), fleet(3, 2)), 0, true},
		{"common outside", cat(fleet(4, 1), fleet(10, 0)), 0, false},
		{"a lab and a newcomer on its campus network", cat(team(4, "", "lab.edu"), fleet(1, 1)), 0, false},
		{"a lab and two strangers", cat(team(4, "", "lab.edu"), fleet(2, 1)), 0, true},
		{"one company's prompt, also another campaign's", cat(team(3, "org-a", "a.com"), fleet(3, 2)), 0, false},
		{"one company's prompt with two strangers", cat(team(3, "org-a", "a.com"), fleet(2, 1)), 0, true},
		{"one company's own objects", team(3, "org-a", "a.com"), 0, false},
		{"one company harvesting", team(3, "org-a", "a.com"), 0.8, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := New(Options{})
			// Webmail accounts outside everything, so that lab.edu and
			// a.com are institutions' domains (≤ 2% of accounts).
			all := cat(c.holders, fleet(300, 0))
			var members [3][]uint32
			for i, a := range all {
				e.store.AddAccount(&record.Account{AccountID: fmt.Sprintf("acct_%d", i), OrgID: a.org, EmailDomain: a.domain})
				members[a.camp] = append(members[a.camp], uint32(i+1))
			}
			// One object, held by the holders; every campaign member
			// that does not hold it holds nothing.
			objs := &link.Objects{Kind: []link.Kind{link.KindPayment}, Raw: []uint64{1}, DF: []uint32{uint32(len(c.holders))}}
			objs.Off = make([]uint32, len(all)+2)
			for a := 1; a <= len(all); a++ {
				if a <= len(c.holders) {
					objs.Obj = append(objs.Obj, 0)
				}
				objs.Off[a+1] = uint32(len(objs.Obj))
			}
			an := &detect.Analysis{Graph: &link.Graph{Objects: objs}, Report: &report.Input{Campaigns: []report.Campaign{
				{ID: "dg-1", Accounts: members[1], Core: []uint32{0}, Result: &score.Result{Score: 0.95, Harvest: c.harvest}},
				{ID: "dg-2", Accounts: members[2], Core: []uint32{0}, Result: &score.Result{Score: 0.95}},
			}}}
			tm := e.teams()
			held := e.holdings(an, 0.9, tm)
			if got := e.rareCore(an, &an.Report.Campaigns[0], held, tm)[0]; got != c.want {
				t.Errorf("rare: %v, want %v", got, c.want)
			}
		})
	}
}

// TestTemplateNeedsShare: a campaign's rare template is a member's own
// evidence only when the member sends the campaign's rare templates in a
// good share of its text. An honest customer who pasted a public benchmark
// prompt the harness also uses sent it once or twice among its own work.
func TestTemplateNeedsShare(t *testing.T) {
	e := New(Options{})
	const n = 4
	for i := 0; i < n; i++ {
		e.store.AddAccount(&record.Account{AccountID: fmt.Sprintf("acct_%d", i), EmailDomain: "gmail.com"})
	}
	// Template 7 is the campaign's; account 1 sends it 2 times in 40
	// exchanges with text, the others in 10 of 20.
	s := e.store
	add := func(acct, tmpl uint32, k int) {
		for ; k > 0; k-- {
			s.Acct = append(s.Acct, acct)
			s.Tmpl = append(s.Tmpl, tmpl)
		}
	}
	add(1, 7, 2)
	add(1, 100, 38)
	for a := uint32(2); a <= n; a++ {
		add(a, 7, 10)
		add(a, 200+a, 10)
	}
	objs := &link.Objects{Kind: []link.Kind{link.KindTemplate}, Raw: []uint64{7}, DF: []uint32{n}}
	objs.Off = make([]uint32, n+2)
	for a := 1; a <= n; a++ {
		objs.Obj = append(objs.Obj, 0)
		objs.Off[a+1] = uint32(len(objs.Obj))
	}
	accts := []uint32{1, 2, 3, 4}
	an := &detect.Analysis{Graph: &link.Graph{Objects: objs}, Report: &report.Input{Campaigns: []report.Campaign{
		{ID: "dg-1", Accounts: accts, Core: []uint32{0}, Result: &score.Result{Score: 0.95}}}}}
	tm := e.teams()
	rare := [][]bool{e.rareCore(an, &an.Report.Campaigns[0], e.holdings(an, 0.9, tm), tm)}
	camp := []int32{-1, 0, 0, 0, 0}
	shares := e.sendShares(an, camp, rare)
	for _, c := range []struct {
		acct  uint32
		share float32
		fams  int
	}{{1, 0.05, 0}, {2, 0.5, 1}, {4, 0.5, 1}} {
		if shares[c.acct] != c.share {
			t.Errorf("account %d: share %.3f, want %.3f", c.acct, shares[c.acct], c.share)
		}
		w := e.ownEvidence(an, &an.Report.Campaigns[0], c.acct, rare[0], shares[c.acct], nil)
		if w.families != c.fams || w.sends != (c.fams > 0) {
			t.Errorf("account %d: %d families (sends %v), want %d", c.acct, w.families, w.sends, c.fams)
		}
	}
}
