package simulate

import (
	"bytes"
	"context"
	"math"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// Tests of the hard-2026 populations: the open-source-agent crowd (honest),
// the front company and the slow drip. They generate a few days and render
// only the accounts under test, which keeps them fast.

// genEvents runs the day loop of s without rendering and returns every
// event, as the engine would generate them.
func genEvents(s *Sim) []event {
	s.debt = make([][2]int32, len(s.accounts))
	bufs := make([][]event, dayShards)
	var all []event
	for d := 0; d < s.days; d++ {
		all = s.genDay(d, bufs, all)
	}
	return all
}

// renderLabels renders the events of accounts labelled one of labels and
// decodes them, in time order.
func renderLabels(t *testing.T, s *Sim, evs []event, labels ...string) []xline {
	t.Helper()
	want := map[int32]bool{}
	for i, l := range s.labels {
		for _, w := range labels {
			if l == w {
				want[int32(i)] = true
			}
		}
	}
	var sel []event
	for _, e := range evs {
		if want[s.accounts[e.acct].label] {
			sel = append(sel, e)
		}
	}
	sort.Slice(sel, func(i, j int) bool { return sel[i].key < sel[j].key })
	rd := s.newRenderer()
	var buf []byte
	for i := range sel {
		buf = rd.render(buf, &sel[i])
		buf = append(buf, '\n')
	}
	return decodeExchanges(t, bytes.NewReader(buf))
}

// labelOf returns the label of every account id of s.
func labelOf(s *Sim) map[string]string {
	m := make(map[string]string, len(s.accounts))
	for i := range s.accounts {
		m[s.accounts[i].id] = s.labels[s.accounts[i].label]
	}
	return m
}

func newSim(t *testing.T, o Options) *Sim {
	t.Helper()
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestHard2026Populations checks the properties the issue describes, from
// the rendered records and the account table, on one week of hard-2026
// around the atlas-5.1 release.
func TestHard2026Populations(t *testing.T) {
	s := newSim(t, Options{Scenario: "hard-2026", Scale: 0.01, Seed: 21, NoText: true, Start: day("2026-07-27"), End: day("2026-08-02")})
	evs := genEvents(s)
	xs := renderLabels(t, s, evs, crowdLabel, "campaign-1", "campaign-2")
	labels := labelOf(s)
	var ab bytes.Buffer
	if err := s.WriteAccounts(&ab); err != nil {
		t.Fatal(err)
	}
	accts := map[string]xaccount{}
	for _, a := range decodeAccounts(t, &ab) {
		accts[a.AccountID] = a
	}
	byLabel := map[string][]xline{}
	for _, x := range xs {
		byLabel[labels[x.AccountID]] = append(byLabel[labels[x.AccountID]], x)
	}
	perAccount := func(xs []xline) map[string]int {
		m := map[string]int{}
		for _, x := range xs {
			m[x.AccountID]++
		}
		return m
	}
	accountsOf := func(label string) []xaccount {
		var out []xaccount
		for id, l := range labels {
			if l == label {
				out = append(out, accts[id])
			}
		}
		return out
	}
	campStart := func(id string) time.Time {
		for _, c := range s.sc.campaigns {
			if c.id == id {
				return day(c.from)
			}
		}
		t.Fatalf("no %s", id)
		return time.Time{}
	}
	// Honest exchanges per account over the week, for scale.
	honest := map[uint32]int{}
	for _, e := range evs {
		if a := &s.accounts[e.acct]; a.camp < 0 && s.labels[a.label] != crowdLabel {
			honest[e.acct]++
		}
	}
	var hv []int
	for _, n := range honest {
		hv = append(hv, n)
	}
	sort.Ints(hv)
	honestMedian := hv[len(hv)/2]

	t.Run("campaigns", func(t *testing.T) {
		styles := map[string]string{}
		for _, c := range s.plans {
			styles[c.id] = c.style
		}
		if styles["campaign-1"] != "front-company" || styles["campaign-2"] != "drip" || styles["campaign-3"] != "hydra" || len(styles) != 3 {
			t.Errorf("campaign styles %v", styles)
		}
		if _, ok := styles[crowdLabel]; ok {
			t.Error("the crowd is a campaign")
		}
	})

	t.Run("crowd", func(t *testing.T) {
		users := accountsOf(crowdLabel)
		if len(users) != 50 {
			t.Fatalf("%d crowd users at scale 0.01, want the floor of 50", len(users))
		}
		cards, signups, countries := map[string]bool{}, map[string]bool{}, map[string]bool{}
		var oldest, newest time.Time
		for i, a := range users {
			if a.PaymentFP == "" || cards[a.PaymentFP] {
				t.Errorf("crowd user %s has no card of their own (%q)", a.AccountID, a.PaymentFP)
			}
			cards[a.PaymentFP] = true
			if a.OrgID != "" {
				t.Errorf("crowd user %s belongs to org %s", a.AccountID, a.OrgID)
			}
			p := prefixOf(t, a.SignupIP)
			signups[p] = true
			countries[a.Country] = true
			c, _ := time.Parse(time.RFC3339, a.CreatedAt)
			if i == 0 || c.Before(oldest) {
				oldest = c
			}
			if i == 0 || c.After(newest) {
				newest = c
			}
		}
		if len(signups) < len(users)*9/10 {
			t.Errorf("%d distinct signup prefixes for %d users", len(signups), len(users))
		}
		if len(countries) < 6 {
			t.Errorf("crowd users in %d countries", len(countries))
		}
		if newest.Sub(oldest) < 300*24*time.Hour {
			t.Errorf("crowd accounts created %s .. %s: not of all ages", oldest, newest)
		}
		tzs := map[int32]bool{}
		for i := range s.accounts {
			if s.labels[s.accounts[i].label] == crowdLabel {
				tzs[s.accounts[i].tz] = true
			}
		}
		if len(tzs) < 5 {
			t.Errorf("crowd users in %d timezones", len(tzs))
		}
		xs := byLabel[crowdLabel]
		if len(xs) < 2000 {
			t.Fatalf("only %d crowd exchanges in a week", len(xs))
		}
		fps := map[string]bool{}
		uaOK, tools, thinking, maxBudget, onNew := 0, 0, 0, 0, 0
		var sysIn []float64
		release := time.Date(2026, 7, 29, 16, 0, 0, 0, time.UTC)
		afterRelease := 0
		for _, x := range xs {
			fps[*x.ClientFP] = true
			if x.UserAgent != nil && strings.HasPrefix(*x.UserAgent, "forge-agent/") {
				uaOK++
			}
			if x.Tools != nil && *x.Tools >= 14 {
				tools++
			}
			if x.Thinking != nil && *x.Thinking {
				thinking++
			}
			if x.MaxTokens != nil && (*x.MaxTokens == 128000 || *x.MaxTokens == 64000) {
				maxBudget++
			}
			if x.t.After(release.Add(24*time.Hour)) && x.t.Before(release.Add(48*time.Hour)) {
				afterRelease++
				if *x.Model == "atlas-5.1" {
					onNew++
				}
			}
			if x.InputTokens != nil && *x.Turns == 1 {
				sysIn = append(sysIn, float64(*x.InputTokens))
			}
		}
		n := float64(len(xs))
		if len(fps) != 1 || float64(uaOK) < 0.99*n {
			t.Errorf("crowd: %d TLS fingerprints, %.0f%% forge-agent User-Agents; want one build", len(fps), 100*float64(uaOK)/n)
		}
		if float64(tools) < 0.99*n || float64(thinking) < 0.6*n || float64(maxBudget) < 0.9*n {
			t.Errorf("crowd: tools %.2f, thinking %.2f, maximal budget %.2f", float64(tools)/n, float64(thinking)/n, float64(maxBudget)/n)
		}
		if afterRelease == 0 || float64(onNew) < 0.4*float64(afterRelease) {
			t.Errorf("crowd: %d of %d exchanges on atlas-5.1 the day after its release", onNew, afterRelease)
		}
		sort.Float64s(sysIn)
		if len(sysIn) == 0 || sysIn[len(sysIn)/10] < 8000 {
			t.Errorf("crowd: first turns do not carry the long system prompt (10th percentile input %v)", sysIn)
		}
		// Every crowd user is an ordinary user in volume, not a harness.
		for id, k := range perAccount(xs) {
			if k > 5000 {
				t.Errorf("crowd user %s sent %d exchanges in a week", id, k)
			}
		}
	})

	t.Run("front-company", func(t *testing.T) {
		as := accountsOf("campaign-1")
		if len(as) < 4 || len(as) > 8 {
			t.Fatalf("front company has %d accounts", len(as))
		}
		orgs, cards := map[string]bool{}, map[string]bool{}
		for _, a := range as {
			orgs[a.OrgID], cards[a.PaymentFP] = true, true
			if c, _ := time.Parse(time.RFC3339, a.CreatedAt); !c.Before(campStart("campaign-1")) {
				t.Errorf("front account %s created %s, after the company started", a.AccountID, a.CreatedAt)
			}
		}
		if len(orgs) != 1 || len(cards) != 1 || orgs[""] || cards[""] {
			t.Errorf("front company: orgs %v cards %v, want one of each", orgs, cards)
		}
		xs := byLabel["campaign-1"]
		nets, asns := map[string]bool{}, map[int64]bool{}
		for _, x := range xs {
			nets[prefixOf(t, *x.IP)] = true
			asns[*x.ASN] = true
		}
		if len(nets) != 1 || len(asns) != 1 {
			t.Errorf("front company exits from %d /24s in %d ASes, want one", len(nets), len(asns))
		}
		for id, k := range perAccount(xs) {
			// ~25,000 exchanges over six weeks: thousands in a week, hundreds
			// of times an honest account's.
			if k < 2000 || k < 100*honestMedian {
				t.Errorf("front account %s: %d exchanges in a week (honest median %d)", id, k, honestMedian)
			}
		}
	})

	t.Run("drip", func(t *testing.T) {
		as := accountsOf("campaign-2")
		if len(as) < 150 {
			t.Fatalf("drip has %d accounts", len(as))
		}
		cards := map[string]bool{}
		for _, a := range as {
			if a.PaymentFP == "" || cards[a.PaymentFP] {
				t.Errorf("drip account %s has no card of its own", a.AccountID)
			}
			cards[a.PaymentFP] = true
			if c, _ := time.Parse(time.RFC3339, a.CreatedAt); campStart("campaign-2").Sub(c) < 30*24*time.Hour {
				t.Errorf("drip account %s created %s: not aged", a.AccountID, a.CreatedAt)
			}
		}
		xs := byLabel["campaign-2"]
		type ad struct {
			id  string
			day int
		}
		perDay := map[ad]int{}
		exits := map[ad]map[string]bool{}
		office, budget, contradict := 0, map[int64]int{}, 0
		for _, x := range xs {
			k := ad{x.AccountID, x.t.YearDay()}
			perDay[k]++
			if exits[k] == nil {
				exits[k] = map[string]bool{}
			}
			exits[k][*x.IP] = true
			if h := (x.t.Hour() + 8) % 24; h >= 7 && h < 19 {
				office++
			}
			if x.MaxTokens != nil {
				budget[*x.MaxTokens]++
			}
			if x.UserAgent != nil && !fpMatchesUA(*x.UserAgent, *x.ClientFP) {
				contradict++
			}
		}
		n := float64(len(xs))
		total, multi := 0, 0
		for k, c := range perDay {
			total += c
			if len(exits[k]) > 2 {
				multi++
			}
		}
		if mean := float64(total) / float64(len(perDay)); mean > 8 {
			t.Errorf("drip: %.1f exchanges per account on an active day, want a few", mean)
		}
		if float64(multi) > 0.1*float64(len(perDay)) {
			t.Errorf("drip: %d of %d account-days use more than two exits", multi, len(perDay))
		}
		if float64(office) < 0.85*n {
			t.Errorf("drip: %.0f%% of exchanges in UTC+8 office hours", 100*float64(office)/n)
		}
		top, topN := int64(0), 0
		for v, c := range budget {
			if c > topN {
				top, topN = v, c
			}
		}
		sent := 0
		for _, c := range budget {
			sent += c
		}
		if float64(topN) < 0.8*float64(sent) || !slices.Contains(dripBudgets, top) {
			t.Errorf("drip: commonest max_tokens %d in %d of %d exchanges that send one, want one unusual value", top, topN, sent)
		}
		if float64(contradict) < 0.9*n {
			t.Errorf("drip: only %.0f%% of exchanges have a TLS stack contradicting the User-Agent", 100*float64(contradict)/n)
		}
	})
}

// prefixOf is the /24 (IPv4) or /64 (IPv6) of an address.
func prefixOf(t *testing.T, s string) string {
	t.Helper()
	ip, err := netip.ParseAddr(s)
	if err != nil {
		t.Fatalf("address %q: %v", s, err)
	}
	bits := 24
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.Prefix(bits)
	return p.String()
}

// fpMatchesUA reports whether fp is a fingerprint of a runtime the SDK
// named by ua runs on.
func fpMatchesUA(ua, fp string) bool {
	for _, d := range sdkDefs {
		prefix := d.ua[:strings.Index(d.ua, "%s")]
		if !strings.HasPrefix(ua, prefix) {
			continue
		}
		for _, rt := range d.runtimes {
			for _, f := range fingerprints[rt] {
				if f == fp {
					return true
				}
			}
		}
	}
	return false
}

// TestCrowdSharedSystemPrompt: with text on, crowd users on the default
// prompt send the same long system prompt; customised ones extend it.
func TestCrowdSharedSystemPrompt(t *testing.T) {
	s := newSim(t, Options{Scenario: "hard-2026", Scale: 0.0001, Seed: 22, Start: day("2026-07-20"), End: day("2026-07-21"),
		Knobs: map[string]float64{"crowd_users": 40}})
	xs := renderLabels(t, s, genEvents(s), crowdLabel)
	systems := map[string]map[string]bool{}
	for _, x := range xs {
		if x.System == nil {
			t.Fatalf("crowd exchange without a system prompt")
		}
		if systems[*x.System] == nil {
			systems[*x.System] = map[string]bool{}
		}
		systems[*x.System][x.AccountID] = true
	}
	var top string
	for sys, us := range systems {
		if len(us) > len(systems[top]) {
			top = sys
		}
	}
	users := map[string]bool{}
	for _, x := range xs {
		users[x.AccountID] = true
	}
	if len(systems[top]) < len(users)/2 || len(strings.Fields(top)) < 150 {
		t.Errorf("commonest system prompt (%d words) sent by %d of %d users", len(strings.Fields(top)), len(systems[top]), len(users))
	}
	for sys := range systems {
		if !strings.HasPrefix(sys, top) {
			t.Errorf("a crowd system prompt does not start with the agent's default")
		}
	}
}

// TestDripOrdinaryShare: over the whole campaign, ~40% of the drip's
// exchanges are its ordinary-looking traffic (at the default camouflage),
// and the camouflage knob moves that share.
func TestDripOrdinaryShare(t *testing.T) {
	for _, tc := range []struct {
		camouflage, want float64
	}{{0, 0}, {defaultCamouflage, 0.4}, {0.9, 0.9}} {
		s := newSim(t, Options{Scenario: "hard-2026", Scale: 0.0001, Seed: 23, NoText: true,
			Knobs: map[string]float64{"camouflage": tc.camouflage}})
		second, n := 0, 0
		for _, e := range genEvents(s) {
			if s.plans[max(0, s.accounts[e.acct].camp)].style == "drip" && s.accounts[e.acct].camp >= 0 {
				n++
				if e.flags&flagSecond != 0 {
					second++
				}
			}
		}
		if sh := float64(second) / float64(n); math.Abs(sh-tc.want) > 0.05 {
			t.Errorf("camouflage=%v: drip ordinary share %.3f of %d exchanges, want %.2f", tc.camouflage, sh, n, tc.want)
		}
	}
}

// TestHardKnobRanges runs each new knob (and the existing knobs the new
// styles read) at its minimum, default and maximum, or across its range,
// and checks that the run succeeds and the property it drives moves the
// right way.
func TestHardKnobRanges(t *testing.T) {
	type measure func(t *testing.T, s *Sim, evs []event) float64
	// campAccounts counts accounts of the campaign with style.
	styleOf := func(s *Sim, ai uint32) string {
		if c := s.accounts[ai].camp; c >= 0 {
			return s.plans[c].style
		}
		return s.labels[s.accounts[ai].label]
	}
	lines := func(t *testing.T, s *Sim, evs []event, style string) []xline {
		for i, p := range s.plans {
			if p.style == style {
				return renderLabels(t, s, evs, s.plans[i].id)
			}
		}
		return renderLabels(t, s, evs, style)
	}
	share := func(xs []xline, ok func(x *xline) bool) float64 {
		n := 0
		for i := range xs {
			if ok(&xs[i]) {
				n++
			}
		}
		return float64(n) / float64(max(1, len(xs)))
	}
	perActiveDay := func(style string) measure {
		return func(t *testing.T, s *Sim, evs []event) float64 {
			type ad struct {
				a uint32
				d int64
			}
			m := map[ad]int{}
			for _, e := range evs {
				if styleOf(s, e.acct) == style {
					m[ad{e.acct, e.us() / 86400e6}]++
				}
			}
			n := 0
			for _, c := range m {
				n += c
			}
			return float64(n) / float64(max(1, len(m)))
		}
	}
	accountsOf := func(label string) measure {
		return func(t *testing.T, s *Sim, evs []event) float64 {
			n := 0
			for i := range s.accounts {
				if styleOf(s, uint32(i)) == label {
					n++
				}
			}
			return float64(n)
		}
	}
	tests := []struct {
		knob     string
		scenario string
		values   []float64
		measure  measure
		rising   bool
		lo, hi   float64 // bounds on the measure at the first and last value
	}{
		{"odd_budget", "hard-2026", []float64{0, 0.5, 1}, func(t *testing.T, s *Sim, evs []event) float64 {
			var sent []xline
			for _, x := range lines(t, s, evs, "drip") {
				if x.MaxTokens != nil {
					sent = append(sent, x)
				}
			}
			return share(sent, func(x *xline) bool { return slices.Contains(dripBudgets, *x.MaxTokens) })
		}, true, 0.02, 0.8},
		{"drip_daily", "hard-2026", []float64{0.5, 4, 50}, perActiveDay("drip"), true, 3, 30},
		{"front_accounts", "hard-2026", []float64{1, 6, 40}, accountsOf("front-company"), true, 1, 40},
		{"front_accounts", "hard-2026", []float64{1, 6, 40}, func(t *testing.T, s *Sim, evs []event) float64 {
			return perActiveDay("front-company")(t, s, evs)
		}, false, 1000, 1000},
		{"crowd_users", "lookalikes", []float64{-1, 0, 50, 20000}, accountsOf(crowdLabel), true, 0, 20000},
		{"crowd_default_prompt", "hard-2026", []float64{0, 0.7, 1}, func(t *testing.T, s *Sim, evs []event) float64 {
			// Share of users on the shipped prompt: the shortest shell.
			var toks []float64
			for i := range s.accounts {
				if s.labels[s.accounts[i].label] == crowdLabel {
					toks = append(toks, s.accounts[i].beh[0].agent.sysTokens)
				}
			}
			least := slices.Min(toks)
			n := 0
			for _, v := range toks {
				if v == least {
					n++
				}
			}
			if n == 1 {
				n = 0 // one customised user is the shortest by chance
			}
			return float64(n) / float64(len(toks))
		}, true, 0, 1},
		{"crowd_thinking", "hard-2026", []float64{0, 0.8, 1}, func(t *testing.T, s *Sim, evs []event) float64 {
			return share(lines(t, s, evs, crowdLabel), func(x *xline) bool { return x.Thinking != nil && *x.Thinking })
		}, true, 0.35, 0.85},
		{"crowd_switch", "hard-2026", []float64{0, 0.7, 1}, func(t *testing.T, s *Sim, evs []event) float64 {
			return share(lines(t, s, evs, crowdLabel), func(x *xline) bool { return *x.Model == "atlas-5.1" })
		}, true, 0.05, 0.5},
		{"ua_spoof", "hard-2026", []float64{0, 0.25, 1}, func(t *testing.T, s *Sim, evs []event) float64 {
			return share(lines(t, s, evs, "drip"), func(x *xline) bool { return x.UserAgent != nil && !fpMatchesUA(*x.UserAgent, *x.ClientFP) })
		}, true, 0.02, 0.95},
		{"sticky_exits", "hard-2026", []float64{0, 0.5, 1}, func(t *testing.T, s *Sim, evs []event) float64 {
			// Exits per account-day of the drip.
			xs := lines(t, s, evs, "drip")
			type ad struct {
				a string
				d int
			}
			m := map[ad]map[string]bool{}
			for _, x := range xs {
				k := ad{x.AccountID, x.t.YearDay()}
				if m[k] == nil {
					m[k] = map[string]bool{}
				}
				m[k][*x.IP] = true
			}
			n := 0
			for _, ips := range m {
				n += len(ips)
			}
			return float64(n) / float64(max(1, len(m)))
		}, false, 2, 1.3},
		{"account_age_days", "hard-2026", []float64{0, 120, 2000}, func(t *testing.T, s *Sim, evs []event) float64 {
			var ages []float64
			for i := range s.accounts {
				if styleOf(s, uint32(i)) == "drip" {
					ages = append(ages, float64(s.start-s.accounts[i].created)/86400)
				}
			}
			sort.Float64s(ages)
			// Ages at the period start, 23 days after the drip began.
			return ages[len(ages)/2]
		}, true, 60, 500},
	}
	for _, tc := range tests {
		t.Run(tc.knob, func(t *testing.T) {
			var got []float64
			for _, v := range tc.values {
				o := Options{Scenario: tc.scenario, Scale: 0.0001, Seed: 24, NoText: true, Start: day("2026-07-29"), End: day("2026-07-31"),
					Knobs: map[string]float64{tc.knob: v}}
				if tc.scenario == "lookalikes" {
					o.Start, o.End = day("2026-03-10"), day("2026-03-10")
				}
				if strings.HasPrefix(tc.knob, "crowd_") && tc.knob != "crowd_users" {
					o.Knobs["crowd_users"] = 60
				}
				s := newSim(t, o)
				var evs []event
				if tc.knob != "crowd_users" {
					evs = genEvents(s)
				}
				got = append(got, tc.measure(t, s, evs))
			}
			for i := 1; i < len(got); i++ {
				if tc.rising && got[i] < got[i-1] || !tc.rising && got[i] > got[i-1] {
					t.Errorf("%s over %v: measure %v does not move one way", tc.knob, tc.values, got)
				}
			}
			first, last := got[0], got[len(got)-1]
			switch {
			case tc.rising && (first > tc.lo || last < tc.hi):
				t.Errorf("%s over %v: measure %v, want <= %v at the first and >= %v at the last", tc.knob, tc.values, got, tc.lo, tc.hi)
			case !tc.rising && (first < tc.lo || last > tc.hi):
				t.Errorf("%s over %v: measure %v, want >= %v at the first and <= %v at the last", tc.knob, tc.values, got, tc.lo, tc.hi)
			}
		})
	}
}

// TestHardTruthLabels: truth names the crowd an honest category and the
// front company and drip campaigns with their styles, counted like others.
func TestHardTruthLabels(t *testing.T) {
	s := newSim(t, Options{Scenario: "hard-2026", Scale: 0.0001, Seed: 25, NoText: true, Start: day("2026-07-16"), End: day("2026-07-18")})
	var cw countingWriter
	if err := s.WriteExchanges(context.Background(), &cw); err != nil {
		t.Fatal(err)
	}
	d := s.Truth()
	if !slices.Contains(d.Categories(), crowdLabel) || d.IsCampaign(crowdLabel) {
		t.Errorf("honest categories %v: want %s among them", d.Categories(), crowdLabel)
	}
	styles := map[string]string{}
	total := int64(0)
	for _, c := range d.Campaigns {
		styles[c.ID] = c.Style
		if c.Accounts == 0 || c.Exchanges == 0 {
			t.Errorf("%s: %d accounts, %d exchanges", c.ID, c.Accounts, c.Exchanges)
		}
		total += c.Exchanges
	}
	if styles["campaign-1"] != "front-company" || styles["campaign-2"] != "drip" || styles["campaign-3"] != "hydra" {
		t.Errorf("campaign styles %v", styles)
	}
	if total >= cw.lines || d.Input.Exchanges != cw.lines {
		t.Errorf("campaigns %d of %d exchanges written (truth input %d)", total, cw.lines, d.Input.Exchanges)
	}
	if d.Knobs["crowd_users"] != 50 {
		t.Errorf("truth records crowd_users=%v, want the 50 the scenario ran", d.Knobs["crowd_users"])
	}
}
