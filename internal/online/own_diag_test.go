//go:build diag

package online

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/detect"
	"github.com/distillguard/distillguard/internal/report"
	"github.com/distillguard/distillguard/internal/truth"
)

// TestDiagOwn prints, for acted-on campaigns, members' own evidence by
// true label, and the features of those short of blocking.
// debugOwn, when set, runs in TestDiagFeed's round hook.
var debugOwn func(*Engine, *detect.Analysis, time.Time)

func TestDiagOwn(t *testing.T) {
	if *diagDir == "" {
		t.Skip("no -dir")
	}
	doc, err := truth.ReadFile(filepath.Join(*diagDir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	debugOwn = func(e *Engine, a *detect.Analysis, now time.Time) {
		held := e.holdings(a, e.opt.Policy.BlockScore)
		for _, c := range a.Report.Campaigns {
			if c.Result.Score < e.opt.Policy.BlockScore {
				continue
			}
			for _, acct := range c.Accounts {
				name := e.store.Accounts.String(acct)
				w := e.ownEvidence(a, &c, acct, held)
				lab := doc.Accounts[name]
				f := e.store.Features(acct)
				key := fmt.Sprintf("%s/%d", name, w.points())
				if seen[key] {
					continue
				}
				seen[key] = true
				t.Logf("%s %-22s %s pts %d fam %d disp %v n %.0f age %.1f ach %.2f nch %.2f nets %.0f cot %.2f grd %.2f tr %.2f fmt %.2f think %.2f maxb %.2f top %.2f out %.1f hent %.2f cv %.2f orph %.2f stop %.2f",
					now.Format("01-02T15"), lab, name, w.points(), w.families, w.disposable, f.Exchanges, f.AgeDays, f.AddressChange, f.NetworkChange, f.Networks,
					f.Markers[0], f.Markers[1], f.Markers[2], f.Markers[3], f.Thinking, f.MaxBudget, f.TopCapShare, f.OutputRatio, f.HourEntropy, f.GapCV, f.OrphanTurns, f.StopMax)
			}
		}
	}
	TestDiagFeed(t)
}

// TestDiagTrace prints, every round, where each account of true campaign
// -camp stands: its candidate's score, its own points, streak, containment
// and current decision.
func TestDiagTrace(t *testing.T) {
	if *diagDir == "" || *diagCamp == "" {
		t.Skip("no -dir/-camp")
	}
	doc, err := truth.ReadFile(filepath.Join(*diagDir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	camp := *diagCamp
	*diagCamp = ""
	debugOwn = func(e *Engine, a *detect.Analysis, now time.Time) {
		held := e.holdings(a, e.opt.Policy.BlockScore)
		where := map[uint32]string{}
		for gi, group := range [][]report.Campaign{a.Report.Campaigns, a.Report.Dismissed} {
			for _, c := range group {
				for i, acct := range c.Accounts {
					if doc.Accounts[e.store.Accounts.String(acct)] != camp {
						continue
					}
					s := fmt.Sprintf("%s%.2f(%d)", map[int]string{0: "C", 1: "d"}[gi], c.Result.Score, len(c.Accounts))
					if gi == 0 {
						w := e.ownEvidence(a, &c, acct, held)
						st := 0
						if int(acct) < len(e.streak) {
							st = int(e.streak[acct])
						}
						s += fmt.Sprintf(" p%d f%d s%d c%.2f", w.points(), w.families, st, c.Containment[i])
					}
					if gi == 1 {
						s += "[" + c.Result.Dismissal[:min(50, len(c.Result.Dismissal))] + "]"
					}
					where[acct] = s
				}
			}
		}
		var line string
		for acct := uint32(1); acct <= uint32(e.store.NumAccounts()); acct++ {
			name := e.store.Accounts.String(acct)
			if doc.Accounts[name] != camp || e.store.Behaviour[acct].N == 0 {
				continue
			}
			d := e.Decisions.Get(name, now)
			if d.Action == Block {
				continue
			}
			w := where[acct]
			if w == "" {
				w = "-"
			}
			line += fmt.Sprintf(" | %s n%d %s %s", name[5:9], e.store.Behaviour[acct].N, d.Action, w)
		}
		if line != "" {
			t.Logf("%s%s", now.Format("01-02T15"), line)
		}
	}
	TestDiagFeed(t)
}
