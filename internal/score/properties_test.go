package score

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

// habits are changes to a group that each add evidence to one family and
// compose: none undoes another.
var habits = []struct {
	name string
	f    func(int, *acct)
}{
	{"reasoning marker", each(func(i int, e *record.Exchange, x *profile.Signals) { x.Markers |= 1 })},
	{"thinking", each(func(i int, e *record.Exchange, x *profile.Signals) { e.Thinking = true })},
	{"grading", each(func(i int, e *record.Exchange, x *profile.Signals) { x.Capability = record.Grading })},
	{"rotating networks", rotating},
	{"foreign fingerprint", each(func(i int, e *record.Exchange, x *profile.Signals) { e.ClientFP = "tls-harness" })},
	{"fresh", func(k int, a *acct) { a.row.CreatedAt = (day0 - 86400 - int64(k%10)*43200) * 1e9 }},
	{"voip", func(_ int, a *acct) { a.row.Verification = "voip-sms" }},
	{"around the clock", func(k int, a *acct) {
		a.times = aroundClock(rand.New(rand.NewPCG(uint64(k), 99)), 40)
		a.mod(func(i int, e *record.Exchange, x *profile.Signals) { e.Turns = 1 })
	}},
}

func withHabits(mask int) func(int, *acct) {
	var fs []func(int, *acct)
	for h := range habits {
		if mask&(1<<h) != 0 {
			fs = append(fs, habits[h].f)
		}
	}
	return both(fs...)
}

// TestJudgeMonotone: adding a habit to a group never lowers a family's
// strength or the score, and every figure stays in [0, 1].
func TestJudgeMonotone(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 12; trial++ {
		mask := r.IntN(1 << len(habits))
		h := r.IntN(len(habits))
		if mask&(1<<h) != 0 {
			mask &^= 1 << h
		}
		in := func(in *Input) { in.Cohesion = 0.6 }
		before := world{grp: withHabits(mask)}.judge(in)
		after := world{grp: withHabits(mask | 1<<h)}.judge(in)
		checkBounds(t, before)
		checkBounds(t, after)
		for _, f := range Families {
			if after.Families[f] < before.Families[f]-1e-9 {
				t.Errorf("habits %b + %s: %s fell from %.3f to %.3f", mask, habits[h].name, f, before.Families[f], after.Families[f])
			}
		}
		if after.Score < before.Score-1e-9 {
			t.Errorf("habits %b + %s: score fell from %.3f to %.3f", mask, habits[h].name, before.Score, after.Score)
		}
	}
}

// TestJudgeDeterministic: the same input, built twice, judged twice, gives
// the same result, signal order included.
func TestJudgeDeterministic(t *testing.T) {
	w := world{grp: withHabits(1<<len(habits) - 1)}
	in := func(in *Input) { in.Cohesion, in.TemplateShare, in.SharedAddressAccounts = 0.7, 0.5, 4 }
	s1, _, g1 := w.build()
	s2, _, g2 := w.build()
	a, b := judgeGroup(s1, g1, in), judgeGroup(s2, g2, in)
	again := judgeGroup(s1, g1, in)
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(a, again) {
		t.Fatalf("judgements differ:\n%+v\n%+v\n%+v", a, b, again)
	}
	if len(a.Signals) < 5 {
		t.Fatalf("only %d signals: the comparison checks little", len(a.Signals))
	}
	for i := 1; i < len(a.Signals); i++ {
		if a.Signals[i].Strength > a.Signals[i-1].Strength {
			t.Fatalf("signals not strongest first: %v", a.Signals)
		}
	}
}

// TestJudgeMoreBackground: honest accounts unlike the group, added to the
// background, do not talk the group's evidence down.
func TestJudgeMoreBackground(t *testing.T) {
	grp := withHabits(1<<len(habits) - 1)
	in := func(in *Input) { in.Cohesion, in.TemplateShare = 0.8, 0.6 }
	small := world{honest: 100, grp: grp}.judge(in)
	large := world{honest: 300, grp: grp}.judge(in)
	if !small.Campaign || !large.Campaign {
		t.Fatalf("campaign with 100 honest %v, with 300 %v", small.Campaign, large.Campaign)
	}
	if large.Score < small.Score-0.05 {
		t.Errorf("score fell from %.3f to %.3f with more honest background", small.Score, large.Score)
	}
	for _, f := range Families {
		if large.Families[f] < small.Families[f]-0.05 {
			t.Errorf("%s fell from %.3f to %.3f with more honest background", f, small.Families[f], large.Families[f])
		}
	}
}

// TestBackgroundExcluding: the background For a large candidate is the
// population without it, figure for figure: the same as a population that
// never had it. A small one is measured against the whole population.
func TestBackgroundExcluding(t *testing.T) {
	odd := withHabits(1<<len(habits) - 1)
	// Some of the background shares some of the group's habits, so that
	// each figure is a share that removing the group changes.
	bg := func(k int, a *acct) {
		if k%4 == 0 {
			withHabits(1<<len(habits)-1)(k, a)
		}
	}
	s, honest, group := world{grp: odd, bg: bg}.build()
	bare, _, _ := world{group: -1, bg: bg}.build()
	if bare.NumAccounts() != len(honest) {
		t.Fatalf("bare world has %d accounts, want %d", bare.NumAccounts(), len(honest))
	}
	pop := NewPopulation(s)
	want := NewPopulation(bare)
	figures := func(b *Background) []float64 {
		f := []float64{float64(b.accounts), b.thinking, b.orphan, b.outputRatio, b.addressChange, b.networkChange,
			b.networks, b.mismatch, b.fresh, b.hourEntropy, b.gapCV, b.newModel}
		f = append(f, b.markers[:]...)
		f = append(f, b.capabilities[:]...)
		for _, v := range []string{"email", "voip-sms"} {
			id, _ := s.Verifications.Lookup(v)
			f = append(f, b.verificationPop[id])
		}
		return f
	}
	got := pop.For(s, group)
	if got == pop {
		t.Fatal("a candidate of 10 in 110 was measured against a population that includes it")
	}
	if g, w := figures(got), figures(want); !reflect.DeepEqual(g, w) {
		t.Errorf("background without the group:\n got %v\nwant %v", g, w)
	}
	// A quarter of the background's accounts, and of its exchanges, have
	// each habit.
	voip, _ := s.Verifications.Lookup("voip-sms")
	for what, x := range map[string]float64{"fresh": want.fresh, "thinking": want.thinking, "marker": want.markers[0],
		"grading": want.capabilities[record.Grading], "voip": want.verificationPop[voip]} {
		if x != 0.25 {
			t.Errorf("background %s share = %v, want 0.25", what, x)
		}
	}
	if want.fresh == 0 || want.thinking == 0 || want.markers[0] == 0 || want.capabilities[record.Grading] == 0 || want.verificationPop[voip] == 0 {
		t.Error("the background shares none of some habit: the comparison checks little")
	}
	if g, w := figures(pop), figures(want); reflect.DeepEqual(g, w) {
		t.Error("the whole population has the figures of the background without the group: the test checks nothing")
	}
	if got := pop.Excluding(s, nil); !reflect.DeepEqual(figures(got), figures(pop)) {
		t.Error("Excluding nothing changed the population")
	}
	if pop.For(s, group[:1]) != pop {
		t.Error("a candidate under 1% of the active accounts got its own background")
	}
}

// TestJudgeNoTraffic: a candidate whose accounts never sent anything has
// no evidence and no score.
func TestJudgeNoTraffic(t *testing.T) {
	s, _, _ := world{}.build()
	for i := 0; i < 6; i++ {
		s.AddAccount(&record.Account{AccountID: "idle-" + string(rune('a'+i)), OrgID: "x"})
	}
	var idle []uint32
	for a := uint32(1); a <= uint32(s.NumAccounts()); a++ {
		if s.Behaviour[a].N == 0 {
			idle = append(idle, a)
		}
	}
	if len(idle) != 6 {
		t.Fatalf("%d idle accounts, want 6", len(idle))
	}
	r := judgeGroup(s, idle, func(in *Input) { in.Cohesion = 1 })
	if r.Score != 0 || r.Campaign || len(r.Families) != 0 || len(r.Signals) != 0 || r.Stats.Accounts != 6 || r.Stats.Exchanges != 0 {
		t.Fatalf("idle candidate judged %+v", r)
	}
}
