package score

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

// This file builds the small synthetic populations the family tests judge:
// a background of honest people, each working office hours from one
// network with one card, and a candidate group that starts out exactly like
// them. A test then changes the one habit a family measures.

// day0 is a midnight UTC: hours of the day in the schedules are UTC hours.
const day0 = int64(1776988800)

// testConfig mirrors the shipped defaults (detect.Defaults().Score), which
// this package cannot import without a cycle.
func testConfig() *Config {
	return &Config{
		Content: 3, Infrastructure: 2.5, Coordination: 2.5, Hygiene: 1.5, Timing: 1.5,
		Bias: -5, Mitigation: 6, Threshold: 0.5, MinFamilies: 2, FamilyFloor: 0.4,
		RequireActivity: 0.4, RequireCoordination: 0.3, RequireOperator: 0.4, MinAccounts: 5,
	}
}

// acct is one synthetic account: its account table row (nil: none), the
// unix second of each exchange, and changes to the default exchange.
type acct struct {
	name  string
	idx   int // position in the world, for per-account defaults
	row   *record.Account
	times []int64
	mods  []func(i int, e *record.Exchange, x *profile.Signals)
}

// mod appends a change to every exchange of a.
func (a *acct) mod(f func(i int, e *record.Exchange, x *profile.Signals)) { a.mods = append(a.mods, f) }

// world describes a population: honest background accounts, then a group.
type world struct {
	honest, group int                  // defaults 100 and 10; group -1 for none
	bg, grp       func(k int, a *acct) // changes to the k-th background or group account
	releases      []record.ModelRelease
}

// humanGap is an inter-arrival gap in a person's session: half quick
// follow-ups, half pauses to read, so the spacing is irregular (CV near 1).
func humanGap(r *rand.Rand) int64 {
	if r.IntN(2) == 0 {
		return 30 + r.Int64N(60)
	}
	return 900 + r.Int64N(1500)
}

// office is a working schedule: one session a day for days days, starting
// between 09:00 and 12:00 UTC, perDay exchanges spaced by gap.
func office(r *rand.Rand, days, perDay int, gap func(*rand.Rand) int64) []int64 {
	var ts []int64
	for d := 0; d < days; d++ {
		t := day0 + int64(d)*86400 + 9*3600 + r.Int64N(3*3600)
		for j := 0; j < perDay; j++ {
			if j > 0 {
				t += gap(r)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// aroundClock spreads n exchanges over every hour of the day: pairs a
// minute apart, the pairs three to six hours apart, so the gaps are as
// irregular as a person's and only the hours differ.
func aroundClock(r *rand.Rand, n int) []int64 {
	var ts []int64
	t := day0 + r.Int64N(3600)
	for len(ts) < n {
		ts = append(ts, t)
		if len(ts) < n {
			ts = append(ts, t+30+r.Int64N(60))
		}
		t += 3*3600 + r.Int64N(3*3600-120)
	}
	return ts
}

// metronome returns a gap function that always returns sec.
func metronome(sec int64) func(*rand.Rand) int64 { return func(*rand.Rand) int64 { return sec } }

// person is the default account: 40 exchanges over 8 office days from its
// own address and network, created long ago, paying with its own card,
// signed up with a mass mail provider.
func person(name string, idx int, created int64) *acct {
	r := rand.New(rand.NewPCG(uint64(idx), 17))
	return &acct{
		name: name, idx: idx,
		row: &record.Account{AccountID: name, CreatedAt: created * 1e9, EmailDomain: "mail.example",
			PaymentFP: "card-" + name, Verification: "email"},
		times: office(r, 8, 5, humanGap),
	}
}

func (w world) build() (s *profile.Store, honest, group []uint32) {
	if w.honest == 0 {
		w.honest = 100
	}
	if w.group < 0 {
		w.group = 0
	} else if w.group == 0 {
		w.group = 10
	}
	var all []*acct
	for k := 0; k < w.honest; k++ {
		// One account every two days, at 03:00: no bursts, none fresh.
		a := person(fmt.Sprint("honest-", k), k, day0-int64(200+2*k)*86400+3*3600)
		if w.bg != nil {
			w.bg(k, a)
		}
		all = append(all, a)
	}
	for k := 0; k < w.group; k++ {
		// On the days between the background's, at 15:00.
		a := person(fmt.Sprint("group-", k), w.honest+k, day0-int64(201+2*k)*86400+15*3600)
		if w.grp != nil {
			w.grp(k, a)
		}
		all = append(all, a)
	}
	s = profile.NewStore(0)
	for i := range w.releases {
		s.AddModel(&w.releases[i])
	}
	for _, a := range all {
		if a.row != nil {
			s.AddAccount(a.row)
		}
		for i, ts := range a.times {
			e := record.Exchange{
				TS: ts * 1e9, AccountID: a.name,
				IP:  netip.AddrFrom4([4]byte{10, byte(a.idx / 250), byte(a.idx % 250), 1}),
				ASN: int64(64512 + a.idx), UserAgent: "sdk/1.0", ClientFP: "tls-sdk", Model: "m-1",
				MaxTokens: 1024, InputTokens: 500, OutputTokens: 300, Turns: int64(1 + i%5),
				Has: record.HasIP | record.HasASN | record.HasUserAgent | record.HasClientFP | record.HasModel |
					record.HasMaxTokens | record.HasInputTokens | record.HasOutputTokens | record.HasTurns,
			}
			x := profile.Signals{Capability: record.Capability(i % 2)} // general and coding
			for _, f := range a.mods {
				f(i, &e, &x)
			}
			x.AcctHash, x.UAHash, x.FPHash = dict.Hash(e.AccountID), dict.Hash(e.UserAgent), dict.Hash(e.ClientFP)
			x.ModelHash, x.OrgHash, x.KeyHash = dict.Hash(e.Model), dict.Hash(e.OrgID), dict.Hash(e.APIKeyID)
			s.Add(&e, &x)
		}
	}
	s.Finish(nil)
	for k := range all {
		id, ok := s.Accounts.Lookup(all[k].name)
		if !ok {
			panic("account " + all[k].name + " not stored")
		}
		if k < w.honest {
			honest = append(honest, id)
		} else {
			group = append(group, id)
		}
	}
	return s, honest, group
}

// judge builds w and judges its group the way detect does: against the
// background For the group, with in's candidate figures (TemplateShare NaN
// and Cohesion 0 unless in sets them).
func (w world) judge(in func(*Input)) *Result {
	s, _, group := w.build()
	return judgeGroup(s, group, in)
}

func judgeGroup(s *profile.Store, group []uint32, in func(*Input)) *Result {
	input := &Input{Accounts: group, TemplateShare: math.NaN()}
	if in != nil {
		in(input)
	}
	return Judge(s, NewPopulation(s).For(s, group), input, testConfig())
}

// checkBounds fails unless every figure of r that is a strength or a
// probability lies in [0, 1].
func checkBounds(t *testing.T, r *Result) {
	t.Helper()
	in01 := func(what string, x float64) {
		t.Helper()
		if !(x >= 0 && x <= 1) {
			t.Errorf("%s = %v, outside [0, 1]", what, x)
		}
	}
	in01("Score", r.Score)
	in01("Mitigation", r.Mitigation)
	for f, x := range r.Families {
		in01("family "+f, x)
	}
	for _, sg := range r.Signals {
		in01("signal "+sg.Sentence, sg.Strength)
	}
}

// famCase is one row of a family table: a population and the range the
// family's strength must fall in.
type famCase struct {
	name   string
	w      world
	in     func(*Input)
	lo, hi float64
	says   string // if set, a signal of the family must say this
}

// runFamily judges each case, checks fam's strength against its range and
// that no other family became strong: each row varies one habit.
func runFamily(t *testing.T, fam string, cases []famCase) {
	t.Helper()
	floor := testConfig().FamilyFloor
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.w.judge(tc.in)
			checkBounds(t, r)
			if got := r.Families[fam]; got < tc.lo || got > tc.hi {
				t.Errorf("%s = %.3f, want in [%.2f, %.2f]; signals: %v", fam, got, tc.lo, tc.hi, r.Signals)
			}
			if tc.says != "" {
				found := false
				for _, sg := range r.Signals {
					found = found || sg.Family == fam && strings.Contains(sg.Sentence, tc.says)
				}
				if !found {
					t.Errorf("no %s signal says %q: %v", fam, tc.says, r.Signals)
				}
			}
			for _, other := range Families {
				if other != fam && r.Families[other] >= floor {
					t.Errorf("%s = %.3f reached the floor though the case varies only %s; signals: %v", other, r.Families[other], fam, r.Signals)
				}
			}
		})
	}
}

// each applies f to every exchange of a.
func each(f func(i int, e *record.Exchange, x *profile.Signals)) func(int, *acct) {
	return func(_ int, a *acct) { a.mod(f) }
}
