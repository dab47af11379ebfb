//go:build diag

package detect

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/distillguard/distillguard/internal/campaign"
	"github.com/distillguard/distillguard/internal/link"
	"github.com/distillguard/distillguard/internal/truth"
)

// Diagnostics for tuning, never run in CI: go test -tags diag ./internal/detect -run Diag -args -dir DIR
// It reads truth.json, which detection code never does, to show where the
// pipeline loses campaign accounts.
var diagDir = flag.String("dir", "", "simulated data folder")

func TestDiag(t *testing.T) {
	if *diagDir == "" {
		t.Skip("no -dir")
	}
	d := *diagDir
	tr, err := truth.ReadFile(filepath.Join(d, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	type mergeRec struct {
		a, b   []uint32
		cj, io float64
	}
	var merges []mergeRec
	type partRec struct {
		a    []uint32
		core int
	}
	var parts []partRec
	campaign.DebugPart = func(a []uint32, core int) { parts = append(parts, partRec{a, core}) }
	type absorbRec struct {
		small, large []uint32
		pass         int
	}
	var absorbs []absorbRec
	campaign.DebugAbsorb = func(sm, lg []uint32, pass int) {
		if len(sm) >= 30 {
			absorbs = append(absorbs, absorbRec{slices.Clone(sm), slices.Clone(lg), pass})
		}
	}
	campaign.DebugMerge = func(a, b []uint32, cj, io float64) {
		if cj >= 0.5 || io >= 0.25 || (len(a) >= 1000 && len(b) >= 1000) {
			merges = append(merges, mergeRec{a, b, cj, io})
		}
	}
	res, err := Run(context.Background(), Options{
		Exchanges: filepath.Join(d, "exchanges.jsonl.zst"), Accounts: filepath.Join(d, "accounts.jsonl"),
		Models: filepath.Join(d, "models.jsonl"),
	})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Report.Store
	label := func(a uint32) string { return tr.Accounts[s.Accounts.String(a)] }
	for _, p := range parts {
		if len(p.a) >= 20 {
			fmt.Printf("part: %d accounts core %d %s\n", len(p.a), p.core, mix(p.a, label))
		}
	}
	for _, ab := range absorbs {
		fmt.Printf("absorb? %s into %s: %d pass\n", mix(ab.small, label), mix(ab.large, label), ab.pass)
	}
	for _, m := range merges {
		fmt.Printf("merge? %s vs %s core %.2f internal %.2f\n", mix(m.a, label), mix(m.b, label), m.cj, m.io)
	}
	o := res.Graph.Objects
	// Objects per kind.
	perKind := map[link.Kind]int{}
	for _, k := range o.Kind {
		perKind[k]++
	}
	fmt.Printf("objects: %d, incidences %d, candidates %d, edges %d, groups %d\n", len(o.Kind), len(o.Obj), res.Graph.Candidates, len(res.Graph.Edges), len(res.Graph.Groups))
	for k := link.Kind(1); k < link.NumKinds; k++ {
		fmt.Printf("  %-18s %d\n", k, perKind[k])
	}
	cfg := Defaults().linkConfig()
	// Similarity within the campaign and to honest accounts.
	byLabel := map[string][]uint32{}
	for a := uint32(1); a <= uint32(s.NumAccounts()); a++ {
		byLabel[label(a)] = append(byLabel[label(a)], a)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for _, c := range tr.Campaigns {
		as := byLabel[c.ID]
		var sims, shared []float64
		for i := 0; i < 200 && len(as) > 1; i++ {
			a, b := as[r.IntN(len(as))], as[r.IntN(len(as))]
			if a == b {
				continue
			}
			si, sh := link.Similarity(o, a, b, cfg)
			sims = append(sims, si)
			shared = append(shared, sh)
		}
		sort.Float64s(sims)
		sort.Float64s(shared)
		fmt.Printf("campaign %s: %d accounts; within sim p10 %.2f p50 %.2f p90 %.2f; shared p10 %.1f p50 %.1f\n", c.ID, len(as), q(sims, .1), q(sims, .5), q(sims, .9), q(shared, .1), q(shared, .5))
		// Object kinds a campaign account holds.
		a := as[0]
		kinds := map[string]int{}
		for _, ob := range o.Of(a) {
			kinds[o.Kind[ob].String()]++
		}
		fmt.Printf("  example account objects: %v\n", kinds)
		for _, ob := range o.Of(a) {
			if !o.Kind[ob].IsSet() {
				kd, v := o.Describe(s, ob)
				fmt.Printf("    %-16s %-40.40s df %d w %.2f\n", kd, v, o.DF[ob], o.Weight[ob])
			}
		}
		var hs []float64
		for l, bs := range byLabel {
			if tr.IsCampaign(l) {
				continue
			}
			for i := 0; i < 20; i++ {
				si, _ := link.Similarity(o, a, bs[r.IntN(len(bs))], cfg)
				hs = append(hs, si)
			}
		}
		sort.Float64s(hs)
		fmt.Printf("  to honest: p50 %.2f p90 %.2f p99 %.2f max %.2f\n", q(hs, .5), q(hs, .9), q(hs, .99), q(hs, 1))
	}
	// What honest-honest edges share, by kind.
	kindW := map[string]float64{}
	hh := 0
	for _, e := range res.Graph.Edges {
		if tr.IsCampaign(label(e.A)) || tr.IsCampaign(label(e.B)) {
			continue
		}
		hh++
		x, y := o.Of(e.A), o.Of(e.B)
		for _, ob := range x {
			for _, ob2 := range y {
				if ob == ob2 {
					kindW[o.Kind[ob].String()] += float64(o.Weight[ob])
				}
			}
		}
	}
	fmt.Printf("honest-honest edges: %d; shared weight by kind: %v\n", hh, kindW)
	// What edges between different campaigns, or a campaign and honest, share.
	for _, pairKind := range []string{"cross-campaign", "campaign-honest"} {
		kw := map[string]float64{}
		examples := map[string]string{}
		n := 0
		for _, e := range res.Graph.Edges {
			la, lb := label(e.A), label(e.B)
			ca, cb := tr.IsCampaign(la), tr.IsCampaign(lb)
			if pairKind == "cross-campaign" && !(ca && cb && la != lb) {
				continue
			}
			if pairKind == "campaign-honest" && ca == cb {
				continue
			}
			n++
			x, y := o.Of(e.A), o.Of(e.B)
			for _, ob := range x {
				for _, ob2 := range y {
					if ob == ob2 {
						kd, v := o.Describe(s, ob)
						kw[kd] += float64(o.Weight[ob])
						examples[kd] = v
					}
				}
			}
		}
		fmt.Printf("%s edges: %d; shared weight by kind: %v\n  examples %v\n", pairKind, n, kw, examples)
		if pairKind == "cross-campaign" {
			tc := map[uint32]int{}
			for _, e := range res.Graph.Edges {
				la, lb := label(e.A), label(e.B)
				if !(tr.IsCampaign(la) && tr.IsCampaign(lb) && la != lb) {
					continue
				}
				for _, ob := range o.Of(e.A) {
					if o.Kind[ob] != link.KindTemplate {
						continue
					}
					for _, ob2 := range o.Of(e.B) {
						if ob == ob2 {
							tc[ob]++
						}
					}
				}
			}
			for ob, c := range tc {
				if c >= 5 {
					fmt.Printf("   cross template %x df %d w %.2f edges %d: %q\n", o.Raw[ob], o.DF[ob], o.Weight[ob], c, res.Report.Examples[uint32(o.Raw[ob])])
				}
			}
		}
	}
	// Per set kind: shared count and Jaccard for same-campaign, cross-campaign and campaign-honest pairs.
	{
		var camp []uint32
		var hon []uint32
		for a := uint32(1); a <= uint32(s.NumAccounts()); a++ {
			if tr.IsCampaign(label(a)) {
				camp = append(camp, a)
			} else {
				hon = append(hon, a)
			}
		}
		setStats := func(a, b uint32, k link.Kind) (int, float64) {
			inA := map[uint32]bool{}
			na, nb, sh := 0, 0, 0
			for _, ob := range o.Of(a) {
				if o.Kind[ob] == k {
					inA[ob] = true
					na++
				}
			}
			for _, ob := range o.Of(b) {
				if o.Kind[ob] == k {
					nb++
					if inA[ob] {
						sh++
					}
				}
			}
			if na+nb-sh == 0 {
				return 0, 0
			}
			return sh, float64(sh) / float64(na+nb-sh)
		}
		for _, k := range []link.Kind{link.KindPrefixDay, link.KindAddressDay, link.KindTemplate} {
			for _, kind := range []string{"same", "cross", "honest"} {
				var js, cs []float64
				for i := 0; i < 3000; i++ {
					a := camp[r.IntN(len(camp))]
					var b uint32
					switch kind {
					case "same", "cross":
						b = camp[r.IntN(len(camp))]
						if (label(a) == label(b)) != (kind == "same") || a == b {
							continue
						}
					case "honest":
						b = hon[r.IntN(len(hon))]
					}
					c, j := setStats(a, b, k)
					js = append(js, j)
					cs = append(cs, float64(c))
				}
				sort.Float64s(js)
				sort.Float64s(cs)
				fmt.Printf("set %-10s %-6s n=%d shared p50 %.0f p90 %.0f p99 %.0f; J p50 %.3f p90 %.3f p99 %.3f\n", k, kind, len(js), q(cs, .5), q(cs, .9), q(cs, .99), q(js, .5), q(js, .9), q(js, .99))
			}
		}
	}
	for i, g := range res.Graph.Groups {
		if i >= 15 {
			break
		}
		fmt.Printf("group %d: %d accounts %s\n", i, len(g), mix(g, label))
	}
	for i, c := range res.Candidates {
		fmt.Printf("candidate %d: %d accounts %s core %d internal %d\n", i, len(c.Accounts), mix(c.Accounts, label), len(c.Core), len(c.Internal))
		if i < 3 {
			for _, ob := range c.Core {
				kd, v := o.Describe(s, ob)
				fmt.Printf("     core %-16s %-40.40s df %d w %.2f\n", kd, v, o.DF[ob], o.Weight[ob])
			}
		}
	}
	for _, c := range append(res.Report.Campaigns, res.Report.Dismissed...) {
		fmt.Printf("judged %s: %d accounts %s score %.3f campaign %v families %v mitigation %.2f\n", c.ID, len(c.Accounts), mix(c.Accounts, label), c.Result.Score, c.Result.Campaign, c.Result.Families, c.Result.Mitigation)
		for _, sg := range c.Result.Signals {
			fmt.Printf("    %.2f %-14s %s\n", sg.Strength, sg.Family, sg.Sentence)
		}
	}
}

// diagRun runs detection on -dir and reads its truth, skipping without -dir.
func diagRun(t *testing.T) (*truth.Document, *Result) {
	t.Helper()
	if *diagDir == "" {
		t.Skip("no -dir")
	}
	d := *diagDir
	tr, err := truth.ReadFile(filepath.Join(d, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{
		Exchanges: filepath.Join(d, "exchanges.jsonl.zst"), Accounts: filepath.Join(d, "accounts.jsonl"),
		Models: filepath.Join(d, "models.jsonl"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr, res
}

func q(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return xs[int(p*float64(len(xs)-1))]
}

func mix(as []uint32, label func(uint32) string) string {
	c := map[string]int{}
	for _, a := range as {
		c[label(a)]++
	}
	return fmt.Sprint(c)
}

// TestDiagScores prints every judged candidate of -dir with its families and mitigation only.
func TestDiagScores(t *testing.T) {
	tr, res := diagRun(t)
	s := res.Report.Store
	label := func(a uint32) string { return tr.Accounts[s.Accounts.String(a)] }
	for _, c := range append(res.Report.Campaigns, res.Report.Dismissed...) {
		if c.Result.Score < 0.05 {
			continue
		}
		fmt.Printf("judged %s: %d accounts %s score %.3f campaign %v mitigation %.2f\n", c.ID, len(c.Accounts), mix(c.Accounts, label), c.Result.Score, c.Result.Campaign, c.Result.Mitigation)
		for _, f := range []string{"content", "infrastructure", "coordination", "hygiene", "timing"} {
			fmt.Printf("   %s %.2f", f, c.Result.Families[f])
		}
		fmt.Println()
		for _, sg := range c.Result.Signals {
			fmt.Printf("    %.2f %-14s %s\n", sg.Strength, sg.Family, sg.Sentence)
		}
	}
}

// TestDiagShared shows, for random same-campaign pairs, the shared weight by kind.
func TestDiagShared(t *testing.T) {
	tr, res := diagRun(t)
	s := res.Report.Store
	o := res.Graph.Objects
	cfg := Defaults().linkConfig()
	label := func(a uint32) string { return tr.Accounts[s.Accounts.String(a)] }
	byLabel := map[string][]uint32{}
	for a := uint32(1); a <= uint32(s.NumAccounts()); a++ {
		byLabel[label(a)] = append(byLabel[label(a)], a)
	}
	r := rand.New(rand.NewPCG(2, 2))
	for _, c := range tr.Campaigns {
		as := byLabel[c.ID]
		kw := map[string]float64{}
		kn := map[string]int{}
		pairs, edges := 0, 0
		for i := 0; i < 2000; i++ {
			a, b := as[r.IntN(len(as))], as[r.IntN(len(as))]
			if a == b {
				continue
			}
			pairs++
			sim, sh := link.Similarity(o, a, b, cfg)
			if sim >= cfg.MinSimilarity && sh >= cfg.MinShared {
				edges++
			}
			inB := map[uint32]bool{}
			for _, ob := range o.Of(b) {
				inB[ob] = true
			}
			for _, ob := range o.Of(a) {
				if inB[ob] {
					kw[o.Kind[ob].String()] += float64(o.Weight[ob])
					kn[o.Kind[ob].String()]++
				}
			}
		}
		fmt.Printf("%s: %d pairs, %d pass weight and ratio\n", c.ID, pairs, edges)
		for k, w := range kw {
			fmt.Printf("   %-18s pairs sharing %5.1f%%  mean weight when shared %.2f\n", k, 100*float64(kn[k])/float64(pairs), w/float64(max(kn[k], 1)))
		}
		// Per-account degree in the edge graph.
		deg := map[uint32]int{}
		for _, e := range res.Graph.Edges {
			deg[e.A]++
			deg[e.B]++
		}
		zero := 0
		for _, a := range as {
			if deg[a] == 0 {
				zero++
			}
		}
		fmt.Printf("   accounts without any edge: %d of %d\n", zero, len(as))
	}
}

// TestDiagFP shows, for honest accounts inside reported campaigns, which of
// the campaign's internal objects they hold.
func TestDiagFP(t *testing.T) {
	tr, res := diagRun(t)
	s := res.Report.Store
	o := res.Graph.Objects
	kinds := map[string]int{}
	n := 0
	for _, c := range res.Candidates {
		for i, a := range c.Accounts {
			l := tr.Accounts[s.Accounts.String(a)]
			if tr.IsCampaign(l) {
				continue
			}
			n++
			var held []string
			for _, ob := range o.Of(a) {
				if _, ok := slices.BinarySearch(c.Internal, ob); ok {
					kd, v := o.Describe(s, ob)
					kinds[kd]++
					if len(held) < 8 {
						held = append(held, fmt.Sprintf("%s=%.20s(w%.1f,df%d)", kd, v, o.Weight[ob], o.DF[ob]))
					}
				}
			}
			if n <= 12 {
				fmt.Printf("%s cont %.2f: %v\n", l, c.Containment[i], held)
			}
		}
	}
	fmt.Printf("%d honest members; internal kinds they hold: %v\n", n, kinds)
}
