package simulate

import (
	"bytes"
	"context"
	"maps"
	"net/netip"
	"sort"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/signals/template"
)

// Tests of the two coincidences that give honest accounts a campaign's
// objects: public benchmark prompts (shared_prompts) and consumer home
// lines that are also proxy exits (exit_overlap).

// rendered is one event as written, with the template it was made from.
type rendered struct {
	ev     event
	fam    *family // nil: free-form
	prompt string  // "" without text
	ip     netip.Addr
	model  string
}

// renderAll renders every event of s in time order, keeping what the
// tests read of each exchange (the line itself is checked elsewhere).
func renderAll(s *Sim) []rendered {
	evs := genEvents(s)
	sort.Slice(evs, func(i, j int) bool { return evs[i].key < evs[j].key })
	rd := s.newRenderer()
	out := make([]rendered, len(evs))
	var buf []byte
	for i := range evs {
		buf = rd.render(buf[:0], &evs[i])
		out[i] = rendered{ev: evs[i], fam: rd.fam, prompt: strings.Clone(rd.x.Prompt), ip: rd.x.IP, model: rd.x.Model}
	}
	return out
}

// honestSharing is what honest accounts hold of a campaign's templates.
type honestSharing struct {
	accounts  int     // honest accounts that sent a template campaign accounts sent
	exchanges int     // their exchanges of such templates
	clustered float64 // text only: share of those (first turns) in the campaign's template cluster
	inCluster int     // text only: honest accounts with a first turn in a campaign harness template cluster
}

// measureSharing follows templates through the run: by the family each
// exchange was rendered from (what --no-text shows: the template's
// metadata), and with text by the project's own template clustering.
func measureSharing(t *testing.T, s *Sim, rs []rendered, text bool) honestSharing {
	t.Helper()
	var sk template.Sketcher
	cl := template.NewClusterer(template.Config{})
	ids := make([]uint32, len(rs))
	if text {
		for i := range rs {
			ids[i] = cl.Assign(sk.Text(rs[i].prompt))
		}
	}
	first := func(e *event) bool { return e.step == 0 && e.turns == 1 }
	campFam := map[*family]map[uint32]bool{} // template -> its clusters in campaign traffic
	campCluster := map[uint32]int{}          // first-turn harness exchanges per cluster
	for i := range rs {
		r := &rs[i]
		if s.accounts[r.ev.acct].camp < 0 {
			continue
		}
		if r.fam != nil {
			if campFam[r.fam] == nil {
				campFam[r.fam] = map[uint32]bool{}
			}
			campFam[r.fam][cl.Find(ids[i])] = true
		}
		if text && r.ev.flags&flagSecond == 0 && first(&r.ev) {
			campCluster[cl.Find(ids[i])]++
		}
	}
	var h honestSharing
	accts, inCl := map[uint32]bool{}, map[uint32]bool{}
	same, firsts := 0, 0
	for i := range rs {
		r := &rs[i]
		if s.accounts[r.ev.acct].camp >= 0 {
			continue
		}
		if text && first(&r.ev) && campCluster[cl.Find(ids[i])] >= 3 {
			inCl[r.ev.acct] = true
		}
		clusters, ok := campFam[r.fam]
		if r.fam == nil || !ok {
			continue
		}
		h.exchanges++
		accts[r.ev.acct] = true
		if text && first(&r.ev) {
			firsts++
			if clusters[cl.Find(ids[i])] {
				same++
			}
		}
	}
	h.accounts, h.inCluster = len(accts), len(inCl)
	if firsts > 0 {
		h.clustered = float64(same) / float64(firsts)
	}
	return h
}

// TestSharedPrompts: with shared_prompts above 0, honest accounts send
// templates that campaign accounts send, more as the knob rises, none at 0;
// with text, the template clustering puts the honest copies in the
// campaign's template.
func TestSharedPrompts(t *testing.T) {
	for _, mode := range []struct {
		name   string
		noText bool
	}{{"text", false}, {"no-text", true}} {
		t.Run(mode.name, func(t *testing.T) {
			var got []honestSharing
			for _, v := range []float64{0, 0.5, 1} {
				s := newSim(t, Options{Scenario: "hard-2026", Scale: 0.01, Seed: 31, NoText: mode.noText,
					Start: day("2026-07-20"), End: day("2026-07-26"),
					Knobs: map[string]float64{"shared_prompts": v, "exit_overlap": 0}})
				rs := renderAll(s)
				h := measureSharing(t, s, rs, !mode.noText)
				t.Logf("shared_prompts=%v: %d honest accounts, %d honest exchanges of campaign templates; clustered %.2f; in campaign clusters %d accounts",
					v, h.accounts, h.exchanges, h.clustered, h.inCluster)
				got = append(got, h)
			}
			if got[0].accounts != 0 {
				t.Errorf("shared_prompts=0: %d honest accounts send a campaign's template, want none", got[0].accounts)
			}
			if got[1].accounts < 5 || got[2].accounts <= got[1].accounts {
				t.Errorf("honest accounts sending a campaign's template at 0, 0.5, 1: %d, %d, %d; want none, at least 5, more",
					got[0].accounts, got[1].accounts, got[2].accounts)
			}
			if !mode.noText {
				for i, v := range []float64{0.5, 1} {
					if got[i+1].clustered < 0.9 {
						t.Errorf("shared_prompts=%v: %.2f of honest first turns of a campaign's template cluster with the campaign's copies, want >= 0.9",
							v, got[i+1].clustered)
					}
				}
				// Short generic prompts already meet by chance at 0; the
				// public templates add to them.
				if got[2].inCluster <= got[0].inCluster {
					t.Errorf("honest accounts in a campaign harness template cluster: %d at 0, %d at 1; want more at 1",
						got[0].inCluster, got[2].inCluster)
				}
			}
		})
	}
}

// isCarrierNAT reports whether ip is a carrier-grade NAT address of a
// mobile network: shared by every subscriber of the carrier by design,
// whatever the knobs.
func isCarrierNAT(s *Sim, ip netip.Addr) bool {
	for _, ai := range s.world.byKind[asMobile] {
		if s.world.as[ai].v4[0].Contains(ip) {
			return true
		}
	}
	return false
}

// TestExitOverlap: with exit_overlap above 0, some campaign exchanges come
// from addresses honest consumers (and carrier-NAT users on their home
// line) also send from, more as the knob rises, none at 0; the honest
// accounts' own traffic does not change.
func TestExitOverlap(t *testing.T) {
	type result struct {
		shared    int // campaign exchanges from an honest consumer's address
		addresses int // distinct such addresses
		homes     int // honest accounts whose address a campaign used
		honest    []byte
	}
	var got []result
	for _, v := range []float64{0, 0.5, 1} {
		s := newSim(t, Options{Scenario: "hard-2026", Scale: 0.005, Seed: 32, NoText: true,
			Start: day("2026-07-20"), End: day("2026-07-24"),
			Knobs: map[string]float64{"shared_prompts": 0, "exit_overlap": v}})
		rs := renderAll(s)
		owner := map[netip.Addr]map[uint32]bool{}
		var res result
		for i := range rs {
			r := &rs[i]
			a := &s.accounts[r.ev.acct]
			if a.camp >= 0 {
				continue
			}
			res.honest = append(res.honest, a.id+r.ip.String()+r.model...)
			if l := s.labels[a.label]; l != "consumer" && l != "carrier-nat" {
				continue
			}
			ip := r.ip
			if isCarrierNAT(s, ip) {
				continue
			}
			if owner[ip] == nil {
				owner[ip] = map[uint32]bool{}
			}
			owner[ip][r.ev.acct] = true
		}
		addrs, homes := map[netip.Addr]bool{}, map[uint32]bool{}
		for i := range rs {
			r := &rs[i]
			if s.accounts[r.ev.acct].camp < 0 {
				continue
			}
			ip := r.ip
			if o := owner[ip]; o != nil {
				res.shared++
				addrs[ip] = true
				for a := range o {
					homes[a] = true
				}
			}
		}
		res.addresses, res.homes = len(addrs), len(homes)
		t.Logf("exit_overlap=%v: %d campaign exchanges from %d addresses of %d honest consumers", v, res.shared, res.addresses, res.homes)
		got = append(got, res)
	}
	if got[0].shared != 0 {
		t.Errorf("exit_overlap=0: %d campaign exchanges from honest consumers' addresses, want none", got[0].shared)
	}
	if got[1].shared < 10 || got[1].homes < 2 || got[2].shared <= got[1].shared || got[2].addresses <= got[1].addresses {
		t.Errorf("campaign exchanges (addresses) from honest consumers' addresses at 0, 0.5, 1: %d (%d), %d (%d), %d (%d); want none, some, more",
			got[0].shared, got[0].addresses, got[1].shared, got[1].addresses, got[2].shared, got[2].addresses)
	}
	for i := 1; i < len(got); i++ {
		if !bytes.Equal(got[i].honest, got[0].honest) {
			t.Errorf("honest accounts' traffic changed with exit_overlap")
		}
	}
}

// TestPhenomenaTruthAndDeterminism: the knobs change no account's label
// (honest accounts that share a campaign's objects stay honest), and the
// same seed and knobs give the same bytes, with text and without.
func TestPhenomenaTruthAndDeterminism(t *testing.T) {
	run := func(noText bool, knobs map[string]float64) ([]byte, []byte, map[string]string, map[string]float64) {
		s := newSim(t, Options{Scenario: "hard-2026", Scale: 0.002, Seed: 33, NoText: noText,
			Start: day("2026-07-20"), End: day("2026-07-21"), Knobs: knobs})
		var ex, ac bytes.Buffer
		if err := s.WriteExchanges(context.Background(), &ex); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteAccounts(&ac); err != nil {
			t.Fatal(err)
		}
		d := s.Truth()
		return ex.Bytes(), ac.Bytes(), d.Accounts, d.Knobs
	}
	for _, noText := range []bool{false, true} {
		off := map[string]float64{"shared_prompts": 0, "exit_overlap": 0}
		on := map[string]float64{"shared_prompts": 0.5, "exit_overlap": 0.5}
		e1, a1, l1, k1 := run(noText, on)
		e2, a2, l2, _ := run(noText, on)
		if !bytes.Equal(e1, e2) || !bytes.Equal(a1, a2) || !maps.Equal(l1, l2) {
			t.Errorf("noText=%v: the same seed and knobs gave different output", noText)
		}
		e0, _, l0, k0 := run(noText, off)
		if bytes.Equal(e0, e1) {
			t.Errorf("noText=%v: the knobs changed nothing", noText)
		}
		if !maps.Equal(l0, l1) {
			t.Errorf("noText=%v: the knobs changed account labels", noText)
		}
		if k1["shared_prompts"] != 0.5 || k1["exit_overlap"] != 0.5 {
			t.Errorf("truth records %v, want both knobs at 0.5", k1)
		}
		if _, ok := k0["shared_prompts"]; ok {
			t.Errorf("truth records shared_prompts=0, want it left out")
		}
	}
}

// TestPhenomenaKnobDefaults: 0 in every scenario but hard-2026, 0.2 there;
// validated like every knob.
func TestPhenomenaKnobDefaults(t *testing.T) {
	for _, sc := range scenarios {
		k, err := resolveKnobs(&sc, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := 0.0
		if sc.name == "hard-2026" {
			want = 0.2
		}
		for _, n := range []string{"shared_prompts", "exit_overlap"} {
			if k[n] != want {
				t.Errorf("%s: %s defaults to %v, want %v", sc.name, n, k[n], want)
			}
		}
		k, err = resolveKnobs(&sc, map[string]float64{"shared_prompts": 0.7})
		if err != nil || k["shared_prompts"] != 0.7 {
			t.Errorf("%s: override shared_prompts=0.7 gave %v, %v", sc.name, k["shared_prompts"], err)
		}
	}
	for _, bad := range []map[string]float64{{"shared_prompts": -0.1}, {"shared_prompts": 1.5}, {"exit_overlap": -1}, {"exit_overlap": 2}} {
		if _, err := New(Options{Scenario: "hard-2026", Knobs: bad}); err == nil || !errorsIs(err, ErrOptions) {
			t.Errorf("%v: error %v, want one wrapping ErrOptions", bad, err)
		}
	}
}
