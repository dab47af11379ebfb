package score

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

func TestProduct(t *testing.T) {
	for _, tc := range []struct{ ua, want string }{
		{"OpenAI/Python 1.49.0", "OpenAI/Python"},
		{"OpenAI/Python 1.52.2", "OpenAI/Python"},
		{"python-httpx/0.18.4", "python-httpx"},
		{"Go-http-client/2.0", "Go-http-client"},
		{"forge-agent/0.9.1 (external, cli)", "forge-agent (external, cli)"},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "Mozilla (X11; Linux x86_64) AppleWebKit"},
		{"curl", "curl"},
		{"a/b/1", "a/b/1"}, // only a version right after the first slash goes
		{"", ""},
		{"   ", ""},
	} {
		if got := Product(tc.ua); got != tc.want {
			t.Errorf("Product(%q) = %q, want %q", tc.ua, got, tc.want)
		}
	}
}

func TestContradicts(t *testing.T) {
	for _, tc := range []struct {
		name               string
		peers, pair, stack float64
		mism, ok           bool
	}{
		{"nobody else claims it", 0, 0, 0, false, false},
		{"four others: cannot tell", 4, 0, 50, false, false},
		{"many others, none with the stack", 200, 0, 0, true, true},
		{"many others, a common stack", 200, 60, 60, false, true},
		{"many others, a stack under 3%", 200, 5, 5, true, true},
		{"many others, a stack at 3%", 200, 6, 6, false, true},
		// Few others: a stack nobody claiming the product shows is a
		// contradiction only when others show it with other claims.
		{"few others, another client's stack", 10, 0, 8, true, true},
		{"few others, a stack nobody shows", 10, 0, 0, false, true},
		{"few others, a stack they show", 10, 4, 12, false, true},
	} {
		mism, ok := contradicts(tc.peers, tc.pair, tc.stack)
		if mism != tc.mism || ok != tc.ok {
			t.Errorf("%s: contradicts(%v, %v, %v) = %v, %v; want %v, %v", tc.name, tc.peers, tc.pair, tc.stack, mism, ok, tc.mism, tc.ok)
		}
	}
}

func TestBusiest(t *testing.T) {
	var flat, day, split [24]float64
	for h := range 24 {
		flat[h] = 1
	}
	for h := 22; h < 32; h++ { // 22:00 to 08:00, across midnight
		day[h%24] = 3
	}
	split[3], split[15] = 1, 1
	for _, tc := range []struct {
		name string
		h    [24]float64
		want float64
	}{
		{"empty", [24]float64{}, 0},
		{"around the clock", flat, 10.0 / 24},
		{"ten hours across midnight", day, 1},
		{"two hours twelve apart", split, 0.5},
	} {
		if got := busiest(&tc.h); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: busiest = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCountryOffset(t *testing.T) {
	for _, tc := range []struct {
		code string
		off  int
		ok   bool
	}{
		{"US", -6, true}, {"gb", 0, true}, {"DE", 1, true}, {"CN", 8, true}, {"JP", 9, true}, {"BR", -3, true},
		{"", 0, false}, {"XX", 0, false}, {"USA", 0, false},
	} {
		off, ok := CountryOffset(tc.code)
		if off != tc.off || ok != tc.ok {
			t.Errorf("CountryOffset(%q) = %d, %v; want %d, %v", tc.code, off, ok, tc.off, tc.ok)
		}
	}
	for code, off := range zoneOf {
		if off < -12 || off > 14 || len(code) != 2 || strings.ToUpper(code) != code {
			t.Errorf("zoneOf[%q] = %d", code, off)
		}
	}
}

// claims sets the group's k-th account to claim countries[k % len].
func claims(countries ...string) func(int, *acct) {
	return func(k int, a *acct) { a.row.Country = countries[k%len(countries)] }
}

// localOffice replaces the account's schedule by office hours in its
// claimed country's time.
func localOffice(k int, a *acct) {
	off, _ := CountryOffset(a.row.Country)
	r := rand.New(rand.NewPCG(uint64(k), 5))
	a.times = office(r, 8, 5, humanGap)
	for i := range a.times {
		a.times[i] -= int64(off) * 3600
	}
}

// TestJudgeOneClock: accounts that claim countries in different time zones
// but all send in the same UTC office hours are one operator's; people who
// work their own local hours are not, and neither are accounts of one zone.
func TestJudgeOneClock(t *testing.T) {
	spread := claims("US", "DE", "JP", "BR", "IN")
	for _, tc := range []struct {
		name   string
		grp    func(int, *acct)
		lo, hi float64
	}{
		{"no claimed country", nil, 0, 0},
		{"one zone", claims("DE"), 0, 0},
		{"many zones, one UTC clock", spread, 0.7, 0.8},
		{"many zones, each its own hours", both(spread, localOffice), 0, 0},
		// A team that declares itself is not hiding its clock.
		{"many zones, one clock, declared team", both(spread, team("acme", "acme-card")), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := world{grp: tc.grp}.judge(nil)
			checkBounds(t, r)
			var clock float64
			for _, sg := range r.Signals {
				if strings.Contains(sg.Sentence, "one clock, not many people's") {
					clock = sg.Strength
				}
			}
			if clock < tc.lo || clock > tc.hi {
				t.Errorf("one-clock strength %.3f, want in [%.2f, %.2f]; signals: %v", clock, tc.lo, tc.hi, r.Signals)
			}
			if tc.lo > 0 && r.Operator < clock-1e-9 {
				t.Errorf("operator evidence %.3f below the clock's %.3f", r.Operator, clock)
			}
		})
	}
}

// TestMismatchAgainstOthers: a group's TLS stack is judged against the
// accounts outside it that make the same claim, so a campaign that is most
// of a client's claimants cannot make its own stack the usual one. Its
// members outside the group do not make the stack usual either: accounts
// of other groups count as one witness per group, and accounts that also
// share the group's usual max_tokens are its siblings.
func TestMismatchAgainstOthers(t *testing.T) {
	harness := func(budget, shift func(k int) int64) func(int, *acct) {
		return func(k int, a *acct) {
			a.mod(func(i int, e *record.Exchange, x *profile.Signals) {
				e.ClientFP, e.MaxTokens = "tls-harness", budget(k)
			})
			for i := range a.times {
				a.times[i] += shift(k)
			}
			claims("US", "DE", "JP", "BR", "IN")(k, a) // far apart, one clock
		}
	}
	same := func(int) int64 { return 0 }
	// 400 honest accounts claim sdk with tls-sdk; 150 harness accounts
	// claim it with tls-harness.
	for _, tc := range []struct {
		name   string
		budget func(k int) int64
		shift  func(k int) int64 // seconds added to the k-th account's times
		// mismatched accounts of the first third judged alone, before
		// and after the three thirds count as one witness each
		before, after int
	}{
		{"one harness budget: the others are siblings", func(int) int64 { return 30000 }, same, 50, 50},
		{"a budget per third: the others share the clock", func(k int) int64 { return int64(20000 + k/50) }, same, 50, 50},
		// Each third eight hours after the last: no shared budget, no
		// shared clock; only counting each third as one witness helps.
		{"a budget and a clock per third: witnesses needed", func(k int) int64 { return int64(20000 + k/50) },
			func(k int) int64 { return int64(k/50) * 8 * 3600 }, 0, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, honest, group := world{honest: 400, group: 150, grp: harness(tc.budget, tc.shift)}.build()
			bg := NewPopulation(s)
			if m, known := bg.pop.clients.mismatched(group, bg.pop.clients.siblings(s, group, clockOf(s, group))); known != 150 || m != 150 {
				t.Fatalf("the whole campaign: %d of %d mismatched, want 150 of 150", m, known)
			}
			parts := [][]uint32{group[:50], group[50:100], group[100:]}
			if m, _ := bg.pop.clients.mismatched(parts[0], bg.pop.clients.siblings(s, parts[0], clockOf(s, parts[0]))); m != tc.before {
				t.Errorf("a third, before witnesses: %d mismatched, want %d", m, tc.before)
			}
			wbg := bg.Witnesses(s, parts)
			if m, _ := wbg.pop.clients.mismatched(parts[0], bg.pop.clients.siblings(s, parts[0], clockOf(s, parts[0]))); m != tc.after {
				t.Errorf("a third, each third one witness: %d mismatched, want %d", m, tc.after)
			}
			// Honest accounts, which show the product's usual stack, are
			// not mismatched.
			mism, known := wbg.pop.clients.alone()
			for _, a := range honest {
				if m, known := mism[a], known[a]; m || !known {
					t.Fatalf("honest account %d: mismatched %v, known %v; want false, true", a, m, known)
				}
			}
		})
	}
}

// TestAffinity: a stack whose other users claim clients that show other
// stacks than the claimed one's is foreign; a stack the claimed client's
// relatives share is not.
func TestAffinity(t *testing.T) {
	c := &clients{prod: []uint32{0}, fp: []uint32{0}, weight: []float64{0}}
	add := func(prod, fp uint32, n int) {
		for range n {
			c.prod, c.fp, c.weight = append(c.prod, prod), append(c.fp, fp), append(c.weight, 1)
		}
	}
	const (
		pySDK, pyOther, goSDK       = 1, 2, 3
		pyStackA, pyStackB, goStack = 10, 11, 20
	)
	add(pySDK, pyStackA, 10)
	add(pySDK, pyStackB, 10)
	add(pyOther, pyStackA, 15)
	add(pyOther, pyStackB, 5)
	add(goSDK, goStack, 12)
	add(pySDK, goStack, 8) // a harness claiming the Python SDK from Go's stack
	c.count()
	if got := c.affinity(pySDK, goStack); got > 0.01 {
		t.Errorf("affinity(python sdk, go stack) = %.3f, want 0: the stack's other users claim a Go client", got)
	}
	// Left out stack A, the SDK shows B and the Go stack, the other Python
	// client B only: cos = 10·5 / (√(10²+8²) · 5) = 0.78.
	if got := c.affinity(pySDK, pyStackA); math.Abs(got-10/math.Sqrt(164)) > 1e-9 {
		t.Errorf("affinity(python sdk, python stack) = %.3f, want 0.78: another Python client shows it with the same other stack", got)
	}
	if got := c.affinity(goSDK, 99); got != 1 {
		t.Errorf("affinity with a stack nobody else shows = %v, want 1 (no evidence against)", got)
	}
	// The harness's 8 accounts against the SDK's 20 others and Go's 12.
	if !c.foreign(pySDK, goStack, 20, 0, 12) {
		t.Error("python sdk from go stack not foreign")
	}
	if c.foreign(pySDK, pyStackA, 20, 10, 25) {
		t.Error("python sdk from python stack foreign")
	}
}

// TestJudgeFrontCompany: one declared organisation, one card, a handful of
// accounts. Its declaration excuses a customer's heavy work; it does not
// excuse a reasoning harvest at many times the heaviest customers' volume.
func TestJudgeFrontCompany(t *testing.T) {
	const perAccount = 1200 // 30 times the background's 40
	heavy := func(_ int, a *acct) {
		r := rand.New(rand.NewPCG(uint64(a.idx), 3))
		a.times = aroundClock(r, perAccount)
	}
	// prompts sends text; one request in cotEvery asks for the reasoning
	// and one in transcriptEvery carries a synthetic transcript (0: none).
	prompts := func(cotEvery, transcriptEvery int) func(int, *acct) {
		return each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.Prompt, e.Has = "task", e.Has|record.HasPrompt
			if cotEvery > 0 && i%cotEvery == 0 {
				x.Markers |= 1 << markerCoT
			}
			if transcriptEvery > 0 && i%transcriptEvery == 1 {
				x.Markers |= 1 << markerTranscript
			}
		})
	}
	cot, cotQuarter, cotThird, plain := prompts(2, 0), prompts(4, 0), prompts(3, 0), prompts(0, 0)
	// A third of the requests ask for the reasoning, a fifth carry a
	// synthetic transcript: a harvest's training data.
	cotTranscripts := prompts(3, 5)
	bigAnswers := each(func(i int, e *record.Exchange, x *profile.Signals) {
		e.MaxTokens, e.OutputTokens, e.Thinking = 64000, 4000, true
	})
	company := team("acme", "acme-card")
	for _, tc := range []struct {
		name     string
		grp      func(int, *acct)
		campaign bool
		says     string
	}{
		{"heavy, asks for the reasoning at the largest budgets", both(company, heavy, cot, bigAnswers), true, "50% of its requests ask for the full reasoning"},
		// An evaluation lab: benchmarks with "think step by step" at the
		// fixed budgets that keep results comparable.
		{"heavy, asks for the reasoning at ordinary budgets", both(company, heavy, cot), false, ""},
		{"heavy agent platform: no reasoning asked for", both(company, heavy, plain), false, ""},
		// An agent platform whose harness asks for the reasoning in a
		// quarter of its requests, at the largest budgets: a customer.
		{"heavy agent platform: reasoning asked for now and then", both(company, heavy, cotQuarter, bigAnswers), false, ""},
		{"heavy agent platform: reasoning asked for in a third", both(company, heavy, cotThird, bigAnswers), false, ""},
		{"heavy, reasoning in a third and synthetic transcripts", both(company, heavy, cotTranscripts, bigAnswers), true, "one declared organisation"},
		{"light, asks for the reasoning at the largest budgets", both(company, cot, bigAnswers), false, ""},
		{"heavy, no text, largest budgets and long answers", both(company, heavy, bigAnswers), true, "for the largest budget"},
		{"heavy, no text, ordinary budgets", both(company, heavy), false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := world{group: 6, grp: tc.grp}.judge(nil)
			checkBounds(t, r)
			if r.Campaign != tc.campaign {
				t.Fatalf("campaign %v (score %.2f, mitigation %.2f, %q), want %v; signals: %v", r.Campaign, r.Score, r.Mitigation, r.Dismissal, tc.campaign, r.Signals)
			}
			if tc.says != "" {
				found := false
				for _, sg := range r.Signals {
					found = found || sg.Family == "coordination" && strings.Contains(sg.Sentence, "one declared organisation") && strings.Contains(sg.Sentence, tc.says)
				}
				if !found {
					t.Errorf("no signal says one declared organisation and %q: %v", tc.says, r.Signals)
				}
			}
		})
	}
}
