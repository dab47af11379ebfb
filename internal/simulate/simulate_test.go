package simulate

import (
	"bytes"
	"context"
	"errors"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/truth"
)

// TestScenarioTruthRecount writes every scenario at scale 0.01, reads the
// files back with encoding/json and recounts every figure of truth.json.
func TestScenarioTruthRecount(t *testing.T) {
	type want struct {
		campaigns    int
		minAccounts  int                // per campaign
		exchanges    map[string]float64 // campaign id -> expected exchanges (±3%)
		caps         map[string]map[string]float64
		minExchanges int64 // whole file
	}
	tests := []struct {
		scenario string
		compress string
		want     want
	}{
		{"incident-2026-06", "zstd", want{campaigns: 1, minAccounts: 250,
			exchanges: map[string]float64{"campaign-1": 288000},
			caps:      map[string]map[string]float64{"campaign-1": {"agentic": 0.41, "coding": 0.37, "long_horizon": 0.12}},
			// 40M at scale 1 means at least 400K at 0.01 once look-alike
			// groups are shrunk to a tenth of their volume.
			minExchanges: 400000}},
		{"labs-2026-02", "none", want{campaigns: 3, minAccounts: 20,
			caps: map[string]map[string]float64{
				"campaign-1": {"reasoning": 0.535, "grading": 0.29},
				"campaign-3": {"coding": 0.45, "agentic": 0.40},
			},
			minExchanges: 100000}},
		{"lookalikes", "zstd", want{campaigns: 0, minExchanges: 100000}},
		// The front company keeps its 6 accounts at any scale; the crowd is
		// honest and so not among the campaigns.
		{"hard-2026", "zstd", want{campaigns: 3, minAccounts: 6,
			caps:         map[string]map[string]float64{"campaign-3": {"agentic": 0.41, "coding": 0.37}},
			minExchanges: 300000}},
	}
	for _, tc := range tests {
		t.Run(tc.scenario, func(t *testing.T) {
			dir := t.TempDir()
			sum, err := Run(context.Background(), Options{Scenario: tc.scenario, Scale: 0.01, Seed: 1, NoText: true, Compress: tc.compress, OutDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			ds := readDir(t, dir)
			tr := ds.truth
			if int64(len(ds.lite)) != tr.Input.Exchanges || sum.Exchanges != tr.Input.Exchanges {
				t.Fatalf("file has %d exchanges, truth says %d, summary %d", len(ds.lite), tr.Input.Exchanges, sum.Exchanges)
			}
			if tr.Input.Exchanges < tc.want.minExchanges {
				t.Errorf("only %d exchanges, want >= %d", tr.Input.Exchanges, tc.want.minExchanges)
			}
			if len(tr.Campaigns) != tc.want.campaigns {
				t.Fatalf("%d campaigns, want %d", len(tr.Campaigns), tc.want.campaigns)
			}
			// Accounts table covers truth, truth covers the log.
			inTable := map[string]bool{}
			for _, a := range ds.accounts {
				if inTable[a.AccountID] {
					t.Fatalf("account %s twice in accounts.jsonl", a.AccountID)
				}
				inTable[a.AccountID] = true
			}
			if len(inTable) != len(tr.Accounts) || int64(len(inTable)) != tr.Input.Accounts {
				t.Errorf("accounts.jsonl has %d accounts, truth labels %d, input.accounts %d", len(inTable), len(tr.Accounts), tr.Input.Accounts)
			}
			for id := range tr.Accounts {
				if !inTable[id] {
					t.Fatalf("labelled account %s missing from accounts.jsonl", id)
				}
			}
			type tally struct {
				n           int64
				first, last time.Time
				accounts    map[string]bool
			}
			got := map[string]*tally{}
			var first, last time.Time
			for i := range ds.lite {
				x := &ds.lite[i]
				if i > 0 && x.t.Before(ds.lite[i-1].t) {
					t.Fatalf("line %d is out of ts order", i+1)
				}
				label, ok := tr.Accounts[x.AccountID]
				if !ok {
					t.Fatalf("exchange of unlabelled account %s", x.AccountID)
				}
				if i == 0 || x.t.Before(first) {
					first = x.t
				}
				if i == 0 || x.t.After(last) {
					last = x.t
				}
				if !tr.IsCampaign(label) {
					continue
				}
				g := got[label]
				if g == nil {
					g = &tally{first: x.t, last: x.t, accounts: map[string]bool{}}
					got[label] = g
				}
				g.n++
				g.accounts[x.AccountID] = true
				if x.t.Before(g.first) {
					g.first = x.t
				}
				if x.t.After(g.last) {
					g.last = x.t
				}
			}
			if len(ds.lite) > 0 && (record.FormatTime(first.UnixNano()) != tr.Input.FirstTS || record.FormatTime(last.UnixNano()) != tr.Input.LastTS) {
				t.Errorf("input first/last %s %s, truth %s %s", first, last, tr.Input.FirstTS, tr.Input.LastTS)
			}
			for ci, c := range tr.Campaigns {
				g := got[c.ID]
				if g == nil {
					t.Fatalf("%s: no exchanges in the log", c.ID)
				}
				if g.n != c.Exchanges || len(g.accounts) != c.Accounts {
					t.Errorf("%s: log has %d exchanges of %d accounts, truth %d of %d", c.ID, g.n, len(g.accounts), c.Exchanges, c.Accounts)
				}
				if record.FormatTime(g.first.UnixNano()) != c.FirstSeen || record.FormatTime(g.last.UnixNano()) != c.LastSeen {
					t.Errorf("%s: log spans %s .. %s, truth %s .. %s", c.ID, g.first, g.last, c.FirstSeen, c.LastSeen)
				}
				if c.Accounts < tc.want.minAccounts {
					t.Errorf("%s: %d accounts, want >= %d", c.ID, c.Accounts, tc.want.minAccounts)
				}
				if w, ok := tc.want.exchanges[c.ID]; ok && math.Abs(float64(c.Exchanges)-w) > 0.03*w {
					t.Errorf("%s: %d exchanges, want %.0f ±3%%", c.ID, c.Exchanges, w)
				}
				// Campaign runs inside the data, not at its edges.
				if c.FirstSeen <= tr.Input.FirstTS || c.LastSeen >= tr.Input.LastTS {
					t.Errorf("%s: seen %s .. %s is not inside the data %s .. %s", c.ID, c.FirstSeen, c.LastSeen, tr.Input.FirstTS, tr.Input.LastTS)
				}
				sumShares := 0.0
				for k, v := range c.Capabilities {
					if _, ok := record.ParseCapability(k); !ok {
						t.Errorf("%s: capability key %q", c.ID, k)
					}
					sumShares += v
				}
				if math.Abs(sumShares-1) > 1e-9 {
					t.Errorf("%s: capability shares sum to %v", c.ID, sumShares)
				}
				for k, w := range tc.want.caps[c.ID] {
					if got := c.Capabilities[k]; math.Abs(got-w) > 0.04 {
						t.Errorf("%s: %s share %.3f, want %.2f ±0.04", c.ID, k, got, w)
					}
				}
				_ = ci
			}
			for _, c := range tr.Campaigns {
				for k := range tr.Knobs {
					if _, ok := findKnob(k); !ok {
						t.Errorf("%s: truth records unknown knob %q", c.ID, k)
					}
				}
			}
			if tc.want.campaigns > 0 {
				// Every knob, but a phenomenon switched off (0) is left out.
				for _, kn := range knobs {
					if _, ok := tr.Knobs[kn.Name]; !ok && !offAtZero[kn.Name] {
						t.Errorf("truth does not record knob %s", kn.Name)
					}
				}
				for k := range offAtZero {
					if v, ok := tr.Knobs[k]; ok && v == 0 {
						t.Errorf("truth records %s=0, want it left out", k)
					}
				}
			}
			if len(ds.models) == 0 {
				t.Error("models.jsonl is empty")
			}
		})
	}
}

func findKnob(name string) (KnobInfo, bool) {
	for _, k := range knobs {
		if k.Name == name {
			return k, true
		}
	}
	return KnobInfo{}, false
}

// TestCapabilitySharesTracked checks the truth shares against an
// independent recount of the intended capability of every written event.
func TestCapabilitySharesTracked(t *testing.T) {
	start, end := shortPeriod("2026-04-25", 6)
	s, err := New(Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 3, NoText: true, Start: start, End: end})
	if err != nil {
		t.Fatal(err)
	}
	// Regenerate the events day by day, as the engine does, and count.
	var counts [numCaps]int64
	var total int64
	s.debt = make([][2]int32, len(s.accounts))
	bufs := make([][]event, dayShards)
	var carry []event
	for d := 0; d < s.days; d++ {
		day := s.genDay(d, bufs, append([]event(nil), carry...))
		carry = carry[:0]
		end := int64(d+1) * 86400e6
		for _, e := range day {
			if e.us() >= end {
				carry = append(carry, e)
				continue
			}
			if s.accounts[e.acct].camp == 0 {
				counts[e.cap]++
				total++
			}
		}
	}
	s2, _ := New(Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 3, NoText: true, Start: start, End: end})
	if err := s2.WriteExchanges(context.Background(), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	c := s2.Truth().Campaigns[0]
	if c.Exchanges != total {
		t.Fatalf("truth counts %d campaign exchanges, recount %d", c.Exchanges, total)
	}
	for k := range counts {
		want := float64(counts[k]) / float64(total)
		if got := c.Capabilities[record.Capability(k).String()]; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: truth %v, recount %v", record.Capability(k), got, want)
		}
	}
}

// TestDeterminism: same seed, same bytes (whatever the worker count);
// another seed, other bytes.
func TestDeterminism(t *testing.T) {
	start, end := shortPeriod("2026-04-20", 5)
	gen := func(seed int64, workers int) ([]byte, []byte, []byte) {
		s, err := New(Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: seed, NoText: true, Start: start, End: end, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var ex, ac, tr bytes.Buffer
		if err := s.WriteExchanges(context.Background(), &ex); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteAccounts(&ac); err != nil {
			t.Fatal(err)
		}
		d := s.Truth()
		for _, c := range d.Campaigns {
			tr.WriteString(c.ID + c.FirstSeen + c.LastSeen)
		}
		return ex.Bytes(), ac.Bytes(), tr.Bytes()
	}
	e1, a1, t1 := gen(11, 1)
	e2, a2, t2 := gen(11, 4)
	if !bytes.Equal(e1, e2) || !bytes.Equal(a1, a2) || !bytes.Equal(t1, t2) {
		t.Fatal("same seed gave different output with 1 and 4 workers")
	}
	e3, a3, _ := gen(12, 2)
	if bytes.Equal(e1, e3) || bytes.Equal(a1, a3) {
		t.Fatal("different seeds gave the same output")
	}
	if len(e1) == 0 {
		t.Fatal("no output")
	}
}

// TestDeterminismFiles: two Runs with zstd write identical files.
func TestDeterminismFiles(t *testing.T) {
	start, end := shortPeriod("2026-01-10", 4)
	var dirs [2]string
	for i := range dirs {
		dirs[i] = t.TempDir()
		if _, err := Run(context.Background(), Options{Scenario: "labs-2026-02", Scale: 0.01, Seed: 5, NoText: true, Start: start, End: end, OutDir: dirs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{ExchangesZstdFile, AccountsFile, ModelsFile, TruthFile} {
		a, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[1], f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}
}

var idFormats = map[string]*regexp.Regexp{
	"account_id": regexp.MustCompile(`^acct_[0-9a-v]{24}$`),
	"request_id": regexp.MustCompile(`^req_[0-9a-v]{24}$`),
	"org_id":     regexp.MustCompile(`^org_[0-9a-v]{24}$`),
	"api_key_id": regexp.MustCompile(`^key_[0-9a-v]{24}$`),
	"payment_fp": regexp.MustCompile(`^pm_[0-9a-v]{24}$`),
}

// TestNoLeak checks that nothing in the files encodes a label by
// construction: id formats, field presence, line order, row order.
func TestNoLeak(t *testing.T) {
	start, end := shortPeriod("2026-04-24", 8)
	ds := generate(t, Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 2, NoText: true, Start: start, End: end})
	tr := ds.truth
	check := func(field, v string) {
		if !idFormats[field].MatchString(v) {
			t.Fatalf("%s %q does not have the common id format", field, v)
		}
	}
	requestIDs := map[string]bool{}
	// Presence of each optional field, per client family and status, for
	// campaign and honest exchanges. Presence is decided by the client and
	// the outcome, never by the label, so no field may be always present
	// for one side and never for the other under the same client.
	type key struct {
		ua     string
		status int64
		field  int
	}
	uaFamily := regexp.MustCompile(`^[^/ ]+`)
	type rate struct{ n, present [2]int }
	rates := map[key]*rate{}
	for i := range ds.ex {
		x := &ds.ex[i]
		check("account_id", x.AccountID)
		check("request_id", *x.RequestID)
		if requestIDs[*x.RequestID] {
			t.Fatalf("request_id %s repeats", *x.RequestID)
		}
		requestIDs[*x.RequestID] = true
		check("api_key_id", *x.APIKeyID)
		if x.OrgID != nil {
			check("org_id", *x.OrgID)
		}
		if i > 0 && x.t.Before(ds.ex[i-1].t) {
			t.Fatalf("line %d: ts %s before the previous line's %s", i+1, x.TS, ds.ex[i-1].TS)
		}
		ua := ""
		if x.UserAgent != nil {
			ua = uaFamily.FindString(*x.UserAgent)
		}
		side := 0
		if tr.IsCampaign(tr.Accounts[x.AccountID]) {
			side = 1
		}
		m := x.presence()
		for f := 0; f < 22; f++ {
			k := key{ua, *x.Status, f}
			r := rates[k]
			if r == nil {
				r = &rate{}
				rates[k] = r
			}
			r.n[side]++
			if m&(1<<f) != 0 {
				r.present[side]++
			}
		}
		// Presence rules that hold for everyone.
		ok := *x.Status == 200
		if (x.InputTokens != nil) != ok || (x.OutputTokens != nil) != ok || (x.StopReason != nil) != ok {
			t.Fatalf("line %d: usage fields present=%v for status %d", i+1, x.InputTokens != nil, *x.Status)
		}
	}
	compared := 0
	for k, r := range rates {
		if r.n[0] < 300 || r.n[1] < 300 {
			continue
		}
		compared++
		h := float64(r.present[0]) / float64(r.n[0])
		c := float64(r.present[1]) / float64(r.n[1])
		if math.Abs(h-c) > 0.9 {
			t.Errorf("field %d from %q status %d: present in %.0f%% of honest and %.0f%% of campaign exchanges", k.field, k.ua, k.status, 100*h, 100*c)
		}
	}
	if compared < 30 {
		t.Errorf("only %d field/client comparisons had enough data", compared)
	}
	// Whether an account sends max_tokens is its client library's habit:
	// per client family, the share of accounts that send it must be alike
	// on both sides.
	type acct struct {
		ua   string
		side int
		max  bool
	}
	accts := map[string]*acct{}
	for i := range ds.ex {
		x := &ds.ex[i]
		a := accts[x.AccountID]
		if a == nil {
			a = &acct{}
			if x.UserAgent != nil {
				a.ua = uaFamily.FindString(*x.UserAgent)
			}
			if tr.IsCampaign(tr.Accounts[x.AccountID]) {
				a.side = 1
			}
			accts[x.AccountID] = a
		}
		a.max = a.max || x.MaxTokens != nil
	}
	type share struct{ n, max [2]int }
	byUA := map[string]*share{}
	for _, a := range accts {
		sh := byUA[a.ua]
		if sh == nil {
			sh = &share{}
			byUA[a.ua] = sh
		}
		sh.n[a.side]++
		if a.max {
			sh.max[a.side]++
		}
	}
	for ua, sh := range byUA {
		if sh.n[0] < 15 || sh.n[1] < 15 {
			continue
		}
		h, c := float64(sh.max[0])/float64(sh.n[0]), float64(sh.max[1])/float64(sh.n[1])
		if math.Abs(h-c) > 0.3 {
			t.Errorf("%q: %.0f%% of honest and %.0f%% of campaign accounts send max_tokens", ua, 100*h, 100*c)
		}
	}
	for _, a := range ds.accounts {
		check("account_id", a.AccountID)
		if a.OrgID != "" {
			check("org_id", a.OrgID)
		}
		if a.PaymentFP != "" {
			check("payment_fp", a.PaymentFP)
		}
	}
	// Rows of accounts.jsonl are shuffled: campaign rows are not bunched.
	var pos []float64
	runs := 0
	for i, a := range ds.accounts {
		c := tr.IsCampaign(tr.Accounts[a.AccountID])
		if c {
			pos = append(pos, float64(i)/float64(len(ds.accounts)))
		}
		if i > 0 && c != tr.IsCampaign(tr.Accounts[ds.accounts[i-1].AccountID]) {
			runs++
		}
	}
	mean := 0.0
	for _, p := range pos {
		mean += p
	}
	mean /= float64(len(pos))
	p := float64(len(pos)) / float64(len(ds.accounts))
	expectRuns := 2 * p * (1 - p) * float64(len(ds.accounts))
	if math.Abs(mean-0.5) > 0.1 || float64(runs) < 0.7*expectRuns {
		t.Errorf("campaign rows of accounts.jsonl look ordered: mean position %.2f, %d label runs (random: ~%.0f)", mean, runs, expectRuns)
	}
}

// TestAddressesInASN checks that every address lies in a prefix of the AS
// written beside it, in the log and in the account table.
func TestAddressesInASN(t *testing.T) {
	start, end := shortPeriod("2026-01-20", 5)
	ds := generate(t, Options{Scenario: "labs-2026-02", Scale: 0.01, Seed: 9, NoText: true, Start: start, End: end})
	byASN := map[int64]*autonomousSystem{}
	for i := range ds.sim.world.as {
		a := &ds.sim.world.as[i]
		if byASN[a.asn] != nil {
			t.Fatalf("ASN %d used twice", a.asn)
		}
		byASN[a.asn] = a
	}
	in := func(a *autonomousSystem, ip netip.Addr) bool {
		if ip.Is6() {
			return a.v6.Contains(ip)
		}
		for _, p := range a.v4 {
			if p.Contains(ip) {
				return true
			}
		}
		return false
	}
	owner := func(ip netip.Addr) *autonomousSystem {
		for i := range ds.sim.world.as {
			if in(&ds.sim.world.as[i], ip) {
				return &ds.sim.world.as[i]
			}
		}
		return nil
	}
	v6 := 0
	for i := range ds.ex {
		x := &ds.ex[i]
		ip, err := netip.ParseAddr(*x.IP)
		if err != nil {
			t.Fatalf("line %d: ip %q: %v", i+1, *x.IP, err)
		}
		if !ip.IsGlobalUnicast() || ip.IsPrivate() {
			t.Fatalf("line %d: %s is not a public unicast address", i+1, ip)
		}
		if ip.Is6() {
			v6++
		}
		a := byASN[*x.ASN]
		if a == nil || !in(a, ip) {
			t.Fatalf("line %d: %s is not in a prefix of AS%d", i+1, ip, *x.ASN)
		}
	}
	if v6 == 0 || v6 > len(ds.ex)/2 {
		t.Errorf("%d of %d addresses are IPv6", v6, len(ds.ex))
	}
	for _, a := range ds.accounts {
		ip, err := netip.ParseAddr(a.SignupIP)
		if err != nil || owner(ip) == nil {
			t.Fatalf("account %s: signup_ip %q is in no AS", a.AccountID, a.SignupIP)
		}
	}
	// Prefixes do not overlap.
	type span struct{ lo, hi uint32 }
	var spans []span
	for _, a := range ds.sim.world.as {
		for _, p := range a.v4 {
			b := p.Addr().As4()
			lo := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
			spans = append(spans, span{lo, lo + uint32(1)<<(32-p.Bits()) - 1})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	for i := 1; i < len(spans); i++ {
		if spans[i].lo <= spans[i-1].hi {
			t.Fatalf("prefixes overlap at %d", spans[i].lo)
		}
	}
}

// campaignView summarises the campaign part of a data set for knob tests.
type campaignView struct {
	exchanges   int
	repeatedIPs float64 // share of exchanges whose address the campaign used before
	caps        map[string]float64
	gapCV       float64 // coefficient of variation of per-account gaps
	createdDays int     // distinct creation days
	accounts    int
	uaFPPairs   int
	sharedCards float64 // share of accounts whose card another account also has
}

func viewCampaign(t *testing.T, ds *dataset, id string) campaignView {
	t.Helper()
	tr := ds.truth
	v := campaignView{}
	seen := map[string]bool{}
	repeated := 0
	last := map[string]time.Time{}
	var gaps []float64
	pairs := map[string]bool{}
	for i := range ds.ex {
		x := &ds.ex[i]
		if tr.Accounts[x.AccountID] != id {
			continue
		}
		v.exchanges++
		if seen[*x.IP] {
			repeated++
		}
		seen[*x.IP] = true
		if l, ok := last[x.AccountID]; ok {
			gaps = append(gaps, x.t.Sub(l).Seconds())
		}
		last[x.AccountID] = x.t
		ua := ""
		if x.UserAgent != nil {
			ua = *x.UserAgent
		}
		pairs[ua+"|"+*x.ClientFP] = true
	}
	v.repeatedIPs = float64(repeated) / float64(v.exchanges)
	v.uaFPPairs = len(pairs)
	m, sd := 0.0, 0.0
	for _, g := range gaps {
		m += g
	}
	m /= float64(len(gaps))
	for _, g := range gaps {
		sd += (g - m) * (g - m)
	}
	v.gapCV = math.Sqrt(sd/float64(len(gaps))) / m
	for _, c := range tr.Campaigns {
		if c.ID == id {
			v.caps = c.Capabilities
		}
	}
	days := map[string]bool{}
	cards := map[string]int{}
	for _, a := range ds.accounts {
		if tr.Accounts[a.AccountID] != id {
			continue
		}
		v.accounts++
		days[a.CreatedAt[:10]] = true
		if a.PaymentFP != "" {
			cards[a.PaymentFP]++
		}
	}
	shared := 0
	for _, a := range ds.accounts {
		if tr.Accounts[a.AccountID] == id && a.PaymentFP != "" && cards[a.PaymentFP] > 1 {
			shared++
		}
	}
	v.sharedCards = float64(shared) / float64(v.accounts)
	v.createdDays = len(days)
	return v
}

// TestKnobs: each knob moves what it should.
func TestKnobs(t *testing.T) {
	start, end := shortPeriod("2026-04-26", 7)
	run := func(knobs map[string]float64) campaignView {
		ds := generate(t, Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 4, NoText: true, Start: start, End: end, Knobs: knobs})
		if got := ds.truth.Knobs; len(knobs) > 0 {
			for k, v := range knobs {
				if got[k] != v {
					t.Errorf("truth records %s=%v, want %v", k, got[k], v)
				}
			}
		}
		return viewCampaign(t, ds, "campaign-1")
	}
	base := run(nil)
	tests := []struct {
		name  string
		knobs map[string]float64
		ok    func(v campaignView) bool
		what  string
	}{
		{"small proxy pool repeats addresses", map[string]float64{"proxy_pool": 2000, "dc_share": 0, "sticky_exits": 0},
			func(v campaignView) bool { return v.repeatedIPs > 0.5 }, "most addresses repeat"},
		{"large proxy pool rarely repeats", map[string]float64{"proxy_pool": 1e9, "dc_share": 0, "sticky_exits": 0},
			func(v campaignView) bool { return v.repeatedIPs < 0.02 }, "addresses rarely repeat"},
		{"sticky exits keep addresses", map[string]float64{"proxy_pool": 1e9, "dc_share": 0, "sticky_exits": 1},
			func(v campaignView) bool { return v.repeatedIPs > 0.5 }, "addresses repeat within accounts"},
		{"camouflage shifts capabilities", map[string]float64{"camouflage": 0.5},
			func(v campaignView) bool {
				return v.caps["general"] > base.caps["general"]+0.1 && v.caps["agentic"] < base.caps["agentic"]-0.1
			}, "general share up, agentic down"},
		{"no camouflage sharpens capabilities", map[string]float64{"camouflage": 0},
			func(v campaignView) bool { return v.caps["general"] < base.caps["general"] }, "general share down"},
		{"metronome timing", map[string]float64{"jitter": 0},
			func(v campaignView) bool { return v.gapCV < base.gapCV }, "gap variation falls"},
		{"human timing", map[string]float64{"jitter": 1},
			func(v campaignView) bool { return v.gapCV > base.gapCV }, "gap variation rises"},
		{"per_account doubles volume", map[string]float64{"per_account": 2},
			func(v campaignView) bool { return math.Abs(float64(v.exchanges)/float64(base.exchanges)-2) < 0.1 }, "exchanges double"},
		{"fresh waves only", map[string]float64{"account_age_days": 0, "waves": 3},
			func(v campaignView) bool { return v.createdDays <= 9 && base.createdDays > 20 }, "accounts created on the days of 3 waves only (5 + 2 + 2)"},
		{"one account per card", map[string]float64{"accounts_per_card": 1, "unshared_cards": 0},
			func(v campaignView) bool { return v.sharedCards < 0.05 && base.sharedCards > 0.3 }, "no shared cards"},
		{"one harness, no spoofing", map[string]float64{"harnesses": 1, "ua_spoof": 0},
			func(v campaignView) bool { return v.uaFPPairs < base.uaFPPairs }, "fewer UA/fingerprint pairs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := run(tc.knobs)
			if !tc.ok(v) {
				t.Errorf("%s: want %s; base %+v, got %+v", tc.name, tc.what, base, v)
			}
		})
	}
}

// TestBadOptions: user mistakes are errors wrapping ErrOptions, not panics.
func TestBadOptions(t *testing.T) {
	for _, o := range []Options{
		{Scenario: "nope"},
		{Scenario: "lookalikes", Scale: -1},
		{Scenario: "lookalikes", Scale: math.NaN()},
		{Scenario: "lookalikes", Compress: "gzip"},
		{Scenario: "lookalikes", Knobs: map[string]float64{"nope": 1}},
		{Scenario: "incident-2026-06", Knobs: map[string]float64{"jitter": 2}},
		{Scenario: "lookalikes", Start: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{Scenario: "incident-2026-06", Start: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 7, 5, 0, 0, 0, 0, time.UTC)},
	} {
		_, err := New(o)
		if err == nil || !errorsIs(err, ErrOptions) {
			t.Errorf("%+v: error %v, want one wrapping ErrOptions", o, err)
		}
	}
	if _, err := Run(context.Background(), Options{Scenario: "lookalikes"}); err == nil {
		t.Error("Run without OutDir succeeded")
	}
}

// TestTruthDocumentValid checks the truth document round-trips through the
// truth package.
func TestTruthDocumentValid(t *testing.T) {
	start, end := shortPeriod("2026-04-21", 3)
	dir := t.TempDir()
	if _, err := Run(context.Background(), Options{Scenario: "incident-2026-06", Scale: 0.01, NoText: true, Start: start, End: end, OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	d, err := truth.ReadFile(filepath.Join(dir, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	if d.Scenario != "incident-2026-06" || d.Scale != 0.01 || len(d.Categories()) < 8 {
		t.Errorf("truth header %q %v, categories %v", d.Scenario, d.Scale, d.Categories())
	}
}

// TestNoExchangeBeforeSignup: accounts never send before created_at.
func TestNoExchangeBeforeSignup(t *testing.T) {
	start, end := shortPeriod("2026-04-18", 8)
	ds := generate(t, Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 8, NoText: true, Start: start, End: end})
	created := map[string]time.Time{}
	for _, a := range ds.accounts {
		c, err := time.Parse(time.RFC3339, a.CreatedAt)
		if err != nil {
			t.Fatalf("account %s: created_at %q", a.AccountID, a.CreatedAt)
		}
		created[a.AccountID] = c
	}
	for i := range ds.ex {
		if x := &ds.ex[i]; x.t.Before(created[x.AccountID]) {
			t.Fatalf("account %s sends at %s, before its signup at %s", x.AccountID, x.TS, created[x.AccountID])
		}
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n -= len(p); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestWriteError: a failing writer stops the run with an error that says
// what could not be done.
func TestWriteError(t *testing.T) {
	start, end := shortPeriod("2026-04-18", 20)
	s, err := New(Options{Scenario: "incident-2026-06", Scale: 0.01, NoText: true, Start: start, End: end})
	if err != nil {
		t.Fatal(err)
	}
	err = s.WriteExchanges(context.Background(), &failWriter{n: 1 << 20})
	if err == nil || !strings.Contains(err.Error(), "cannot write exchanges") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v", err)
	}
}

// TestText: with text, every request carries its prompt and successful
// ones their response, the same seed gives the same bytes, and --no-text
// leaves every text field out.
func TestText(t *testing.T) {
	start, end := shortPeriod("2026-04-23", 2)
	gen := func(noText bool) []byte {
		s, err := New(Options{Scenario: "incident-2026-06", Scale: 0.01, Seed: 6, NoText: noText, Start: start, End: end})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := s.WriteExchanges(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := gen(false), gen(false)
	if !bytes.Equal(a, b) {
		t.Fatal("text output differs between two runs with the same seed")
	}
	withText := decodeExchanges(t, bytes.NewReader(a))
	systems := 0
	for i := range withText {
		x := &withText[i]
		if x.Prompt == nil || *x.Prompt == "" {
			t.Fatalf("line %d has no prompt", i+1)
		}
		if (x.Response != nil) != (*x.Status == 200) {
			t.Fatalf("line %d: response present=%v with status %d", i+1, x.Response != nil, *x.Status)
		}
		if x.System != nil {
			systems++
		}
	}
	if systems == 0 || systems == len(withText) {
		t.Errorf("%d of %d exchanges have a system prompt", systems, len(withText))
	}
	noText := decodeExchanges(t, bytes.NewReader(gen(true)))
	if len(noText) != len(withText) {
		t.Errorf("--no-text changes the traffic: %d exchanges, %d with text", len(noText), len(withText))
	}
	for i := range noText {
		x := &noText[i]
		if x.Prompt != nil || x.Response != nil || x.System != nil {
			t.Fatalf("line %d carries text with NoText", i+1)
		}
		y := withText[i]
		y.Prompt, y.Response, y.System = nil, nil, nil
		if x.presence() != y.presence() || *x.RequestID != *y.RequestID || !reflect.DeepEqual(x.InputTokens, y.InputTokens) ||
			!reflect.DeepEqual(x.OutputTokens, y.OutputTokens) || *x.IP != *y.IP || x.TS != y.TS {
			t.Fatalf("line %d: metadata differs with and without text", i+1)
		}
	}
}
