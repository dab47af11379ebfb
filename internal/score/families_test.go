package score

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
)

// TestJudgeBaseline: a group that behaves exactly like the background has
// no evidence in any family and is no campaign. Every family table below
// starts from this group and changes one habit.
func TestJudgeBaseline(t *testing.T) {
	r := world{}.judge(nil)
	checkBounds(t, r)
	for _, f := range Families {
		if r.Families[f] > 0.05 {
			t.Errorf("%s = %.3f for a group like its background; signals: %v", f, r.Families[f], r.Signals)
		}
	}
	if r.Campaign || r.Score > 0.05 {
		t.Errorf("score %.3f, campaign %v for a group like its background", r.Score, r.Campaign)
	}
	if r.Mitigation != 0 {
		t.Errorf("mitigation %.3f for individuals who declare no team", r.Mitigation)
	}
	if r.Stats.Accounts != 10 || r.Stats.Exchanges != 400 {
		t.Errorf("stats: %d accounts, %d exchanges; want 10 and 400", r.Stats.Accounts, r.Stats.Exchanges)
	}
	if r.Stats.FirstSec == 0 || r.Stats.FirstSec > r.Stats.LastSec {
		t.Errorf("stats: first %d, last %d", r.Stats.FirstSec, r.Stats.LastSec)
	}
	if c := r.Stats.Capabilities; math.Abs(c[record.General]-0.5) > 1e-9 || math.Abs(c[record.Coding]-0.5) > 1e-9 {
		t.Errorf("capability shares %v, want half general, half coding", c)
	}
}

func TestJudgeContent(t *testing.T) {
	marker := func(bit uint8, every int) func(int, *acct) {
		return each(func(i int, e *record.Exchange, x *profile.Signals) {
			if i%every == 0 {
				x.Markers |= 1 << bit
			}
		})
	}
	runFamily(t, "content", []famCase{
		{name: "no markers", w: world{}, lo: 0, hi: 0.05},
		// ramp(0.1, 0.05, 0.35) = 1/6: a few odd prompts are not a habit.
		{name: "reasoning marker on a tenth", w: world{grp: marker(0, 10)}, lo: 1.0/6 - 0.001, hi: 1.0/6 + 0.001},
		// ramp(0.25, 0.05, 0.35) = 2/3: a habit.
		{name: "reasoning marker on a quarter", w: world{grp: marker(0, 4)}, lo: 2.0/3 - 0.001, hi: 2.0/3 + 0.001},
		{name: "reasoning marker on all", w: world{grp: marker(0, 1)}, lo: 0.99, hi: 1, says: "100.0% of its exchanges ask for the full step-by-step reasoning (background 0.0%)"},
		{name: "grading marker on all", w: world{grp: marker(1, 1)}, lo: 0.99, hi: 1},
		{name: "embedded transcript marker on all", w: world{grp: marker(2, 1)}, lo: 0.99, hi: 1},
		{name: "safe rewrite marker on all", w: world{grp: marker(3, 1)}, lo: 0.99, hi: 1},
		// Only the four named markers are evidence.
		{name: "unnamed marker bit on all", w: world{grp: marker(5, 1)}, lo: 0, hi: 0.05},
		{name: "background shares the marker", w: world{grp: marker(0, 1), bg: marker(0, 1)}, lo: 0, hi: 0.05},
		{name: "max_tokens at the model's largest budget", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.MaxTokens = 64000
		})}, lo: 0.79, hi: 0.81, says: "100.0% of requests set max_tokens near the largest budget"},
		{name: "conversations arrive whole", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.Turns = 8
		})}, lo: 0.69, hi: 0.71, says: "100.0% of its multi-turn requests arrive whole"},
		// Under 5% multi-turn, the orphan share is not measured.
		{name: "a rare whole conversation", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.Turns = 1
			if i == 7 {
				e.Turns = 8
			}
		})}, lo: 0, hi: 0.05},
		// JS divergence of all-grading from half general, half coding is
		// ln 2: the capped 0.5.
		{name: "all grading", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			x.Capability = record.Grading
		})}, lo: 0.49, hi: 0.5, says: "grading 100%"},
		{name: "eight output tokens per input token", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.OutputTokens = 8 * e.InputTokens * 300 / 500
		})}, lo: 0.49, hi: 0.5, says: "4.8 output tokens per input token (background 0.6)"},
		{name: "four output tokens per input token", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.OutputTokens = 4 * e.InputTokens * 300 / 500
		})}, lo: 0.24, hi: 0.26},
		{name: "extended thinking on all", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.Thinking = true
		})}, lo: 0.39, hi: 0.41},
		// Noisy-OR within the family: 1 - (1-0.8)(1-0.4).
		{name: "budget and thinking", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.MaxTokens, e.Thinking = 64000, true
		})}, lo: 0.87, hi: 0.89},
	})
}

func TestJudgeInfrastructure(t *testing.T) {
	asn := func(f func(a *acct, i int) int64) func(int, *acct) {
		return func(_ int, a *acct) {
			a.mod(func(i int, e *record.Exchange, x *profile.Signals) { e.ASN = f(a, i) })
		}
	}
	ip := func(a *acct) func(int, *record.Exchange, *profile.Signals) {
		return func(i int, e *record.Exchange, x *profile.Signals) {
			e.IP = netip.AddrFrom4([4]byte{100, byte(a.idx), byte(i), 1})
		}
	}
	runFamily(t, "infrastructure", []famCase{
		{name: "one network, one address", w: world{}, lo: 0, hi: 0.05},
		// Network change on every request: a proxy fleet.
		{name: "alternating between two networks", w: world{grp: asn(func(a *acct, i int) int64 { return int64(70000 + 10*a.idx + i%2) })}, lo: 0.99, hi: 1},
		{name: "a new network every request", w: world{grp: func(_ int, a *acct) {
			a.mod(func(i int, e *record.Exchange, x *profile.Signals) { e.ASN = int64(100000 + 100*a.idx + i) })
			a.mod(ip(a))
		}}, lo: 0.99, hi: 1, says: "its accounts change network (ASN) on"},
		// A new network every other day (3 changes in 39 gaps, 4
		// networks): travel, some evidence but under the floor.
		{name: "a network every other day", w: world{grp: asn(func(a *acct, i int) int64 { return int64(70000 + 10*a.idx + i/10) })}, lo: 0.2, hi: 0.39},
		// A new one every day (7 changes, 8 networks) crosses it: the
		// network count, log2(8/1) = 3 of the ramp's 1…4, does most.
		{name: "a network a day", w: world{grp: asn(func(a *acct, i int) int64 { return int64(70000 + 10*a.idx + i/5) })}, lo: 0.5, hi: 0.7},
		// Changing address inside one network is what a carrier or
		// corporate pool does: weighted 0.4.
		{name: "address churn in one network", w: world{grp: func(_ int, a *acct) { a.mod(ip(a)) }}, lo: 0.39, hi: 0.41},
		// A claimed client whose TLS stack nobody else presents with it.
		{name: "client claim with a foreign fingerprint", w: world{grp: each(func(i int, e *record.Exchange, x *profile.Signals) {
			e.ClientFP = "tls-harness"
		})}, lo: 0.59, hi: 0.61, says: "100.0% of its accounts claim a client whose TLS fingerprint"},
		// The same pair, when the background uses it too, is a client.
		{name: "fingerprint the background shares", w: world{
			grp: each(func(i int, e *record.Exchange, x *profile.Signals) { e.ClientFP = "tls-other" }),
			bg: func(k int, a *acct) {
				if k%2 == 0 {
					a.mod(func(i int, e *record.Exchange, x *profile.Signals) { e.ClientFP = "tls-other" })
				}
			}}, lo: 0, hi: 0.05},
	})
}

func TestJudgeCoordination(t *testing.T) {
	// sizeOf is the size factor of a group of n at MinAccounts 5.
	sizeOf := func(n float64) float64 { return math.Log(n/5) / math.Log(40) }
	cohesive := func(in *Input) { in.Cohesion = 0.9 }
	row := func(f func(k int, r *record.Account)) func(int, *acct) {
		return func(k int, a *acct) { f(k, a.row) }
	}
	pairedCards := row(func(k int, r *record.Account) {
		// Two accounts per card, each with its own company domain.
		r.PaymentFP, r.EmailDomain = fmt.Sprint("wallet-", k/2), fmt.Sprintf("shell-%d.example", k)
	})
	oneTeam := row(func(k int, r *record.Account) { r.OrgID, r.PaymentFP = "acme", "acme-card" })
	runFamily(t, "coordination", []famCase{
		{name: "unrelated accounts", w: world{}, lo: 0, hi: 0.01},
		{name: "acting as one, concealed", w: world{}, in: cohesive, lo: sizeOf(10) - 0.01, hi: sizeOf(10) + 0.01, says: "10 accounts act as one"},
		{name: "acting as one, fifty accounts", w: world{group: 50}, in: cohesive, lo: sizeOf(50) - 0.01, hi: sizeOf(50) + 0.02},
		// MinAccounts: a group at the minimum has no size.
		{name: "acting as one, five accounts", w: world{group: 5}, in: cohesive, lo: 0, hi: 0.01},
		{name: "loosely linked", w: world{}, in: func(in *Input) { in.Cohesion = 0.3 }, lo: 0, hi: 0.01},
		{name: "acting as one, a declared team", w: world{grp: oneTeam}, in: cohesive, lo: 0, hi: 0.01},
		{name: "one card per account", w: world{grp: row(func(k int, r *record.Account) {
			r.EmailDomain = fmt.Sprintf("shell-%d.example", k)
		})}, lo: 0, hi: 0.01},
		{name: "cards shared across declared identities", w: world{grp: pairedCards}, lo: 0.79, hi: 0.81, says: "100.0% of its accounts pay with a card"},
		// Three of ten on one wallet: 0.8·ramp(0.3, 0.1, 0.5).
		{name: "one card across three identities", w: world{grp: row(func(k int, r *record.Account) {
			r.EmailDomain = fmt.Sprintf("shell-%d.example", k)
			if k < 3 {
				r.PaymentFP = "wallet"
			}
		})}, lo: 0.39, hi: 0.41},
		{name: "one card shared within one identity", w: world{grp: row(func(k int, r *record.Account) {
			r.PaymentFP = fmt.Sprint("wallet-", k/2)
		})}, lo: 0, hi: 0.01},
		{name: "shared templates, concealed", w: world{}, in: func(in *Input) { in.TemplateShare, in.CoreTemplates = 0.8, 3 }, lo: 0.69, hi: 0.71, says: "80.0% of its exchanges follow 3 templates"},
		{name: "shared templates, a declared team", w: world{grp: oneTeam}, in: func(in *Input) { in.TemplateShare, in.CoreTemplates = 0.8, 3 }, lo: 0, hi: 0.01},
		{name: "few shared templates", w: world{}, in: func(in *Input) { in.TemplateShare = 0.2 }, lo: 0, hi: 0.01},
		{name: "shared exits, concealed", w: world{}, in: func(in *Input) { in.SharedAddressAccounts = 10 }, lo: 0.49, hi: 0.51},
		{name: "shared exits, a declared team", w: world{grp: oneTeam}, in: func(in *Input) { in.SharedAddressAccounts = 10 }, lo: 0, hi: 0.01},
	})
}

func TestJudgeHygiene(t *testing.T) {
	created := func(f func(k int, a *acct) int64) func(int, *acct) {
		return func(k int, a *acct) { a.row.CreatedAt = f(k, a) * 1e9 }
	}
	runFamily(t, "hygiene", []famCase{
		{name: "old accounts made apart", w: world{}, lo: 0, hi: 0.01},
		// Made the week they started, twelve hours apart: fresh, no burst.
		{name: "fresh accounts", w: world{grp: created(func(k int, a *acct) int64 { return day0 - 86400 - int64(k)*43200 })}, lo: 0.99, hi: 1, says: "100.0% of its accounts made their first request within 7 days"},
		{name: "one fresh account in ten", w: world{grp: created(func(k int, a *acct) int64 {
			if k == 0 {
				return day0 - 86400
			}
			return day0 - int64(201+2*k)*86400
		})}, lo: 0.15, hi: 0.25},
		// Old, but made within the hour of one another.
		{name: "signup burst", w: world{grp: created(func(k int, a *acct) int64 { return day0 - 300*86400 + int64(k)*300 })}, lo: 0.99, hi: 1, says: "100.0% of its accounts were created in bursts"},
		// Four at once: each has three others within six hours.
		{name: "four made at once", w: world{grp: created(func(k int, a *acct) int64 {
			if k < 4 {
				return day0 - 300*86400 + int64(k)*60
			}
			return day0 - int64(201+2*k)*86400
		})}, lo: 0.39, hi: 0.41},
		{name: "three made at once", w: world{grp: created(func(k int, a *acct) int64 {
			if k < 3 {
				return day0 - 300*86400 + int64(k)*60
			}
			return day0 - int64(201+2*k)*86400
		})}, lo: 0, hi: 0.01},
		{name: "verified through a channel the background avoids", w: world{grp: func(_ int, a *acct) { a.row.Verification = "voip-sms" }}, lo: 0.59, hi: 0.61, says: "verified through \"voip-sms\" (background 0.0%)"},
		{name: "verified like the background", w: world{grp: func(_ int, a *acct) { a.row.Verification = "email" }}, lo: 0, hi: 0.01},
		// No account table rows: nothing to measure, not suspicion.
		{name: "no account rows", w: world{grp: func(_ int, a *acct) { a.row = nil }}, lo: 0, hi: 0.01},
	})
}

func TestJudgeTiming(t *testing.T) {
	release := []record.ModelRelease{{Model: "m-2", ReleasedAt: (day0 + 2*86400) * 1e9}}
	onNewModel := each(func(i int, e *record.Exchange, x *profile.Signals) {
		if i/5 == 2 { // the day of the release
			e.Model = "m-2"
		}
	})
	// schedule replaces a group account's times; its requests become
	// single-turn, so that the new gaps do not break conversations apart
	// (whole conversations are content evidence).
	schedule := func(f func(k int) []int64) func(int, *acct) {
		return func(k int, a *acct) {
			a.times = f(k)
			a.mod(func(i int, e *record.Exchange, x *profile.Signals) { e.Turns = 1 })
		}
	}
	runFamily(t, "timing", []famCase{
		{name: "office hours, human gaps", w: world{}, lo: 0, hi: 0.01},
		{name: "around the clock, human gaps", w: world{grp: schedule(func(k int) []int64 {
			return aroundClock(rand.New(rand.NewPCG(uint64(k), 99)), 40)
		})}, lo: 0.99, hi: 1, says: "send around the clock"},
		// Evenly spaced requests in office hours: a dispatcher's rhythm,
		// weighted 0.6 at most.
		{name: "office hours, evenly spaced", w: world{grp: schedule(func(k int) []int64 {
			return office(rand.New(rand.NewPCG(uint64(k), 99)), 8, 5, metronome(60))
		})}, lo: 0.2, hi: 0.6, says: "evenly spaced"},
		{name: "around the clock, evenly spaced", w: world{grp: schedule(func(k int) []int64 {
			var ts []int64
			for i := 0; i < 40; i++ {
				ts = append(ts, day0+int64(k)*60+int64(i)*3*3600)
			}
			return ts
		})}, lo: 0.99, hi: 1},
		// Light accounts have no per-account rhythm to measure.
		{name: "around the clock, too few requests", w: world{grp: schedule(func(k int) []int64 {
			return aroundClock(rand.New(rand.NewPCG(uint64(k), 99)), minTraffic-1)
		})}, lo: 0, hi: 0.01},
		// A background of light accounts has no hour-of-day figure: the
		// group's office hours must not read as "around the clock" against
		// a background taken as 0.
		{name: "office hours against a light background", w: world{bg: func(k int, a *acct) { a.times = a.times[:10] }}, lo: 0, hi: 0.01},
		{name: "rush to a new model", w: world{releases: release, grp: onNewModel}, lo: 0.99, hi: 1, says: "sent 100.0% of its traffic to the new model (background 0.0%)"},
		{name: "no rush to a new model", w: world{releases: release}, lo: 0, hi: 0.01},
		// 9 accounts × 5 = 45 exchanges in the window, under the 50 needed.
		{name: "rush too small to measure", w: world{group: 9, releases: release, grp: onNewModel}, lo: 0, hi: 0.01},
		{name: "background rushes too", w: world{releases: release, grp: onNewModel, bg: onNewModel}, lo: 0, hi: 0.01},
	})
}

// team makes every group account declare org and pay with card ("" for
// none).
func team(org, card string) func(int, *acct) {
	return func(_ int, a *acct) { a.row.OrgID, a.row.PaymentFP = org, card }
}

// both applies each change in turn.
func both(fs ...func(int, *acct)) func(int, *acct) {
	return func(k int, a *acct) {
		for _, f := range fs {
			f(k, a)
		}
	}
}

// rotating sends every request of a group account from a new network and
// address: a proxy fleet.
func rotating(_ int, a *acct) {
	a.mod(func(i int, e *record.Exchange, x *profile.Signals) {
		e.ASN = int64(100000 + 100*a.idx + i)
		e.IP = netip.AddrFrom4([4]byte{100, byte(a.idx), byte(i), 1})
	})
}

func TestJudgeMitigation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		grp    func(int, *acct)
		lo, hi float64
	}{
		{"individuals", nil, 0, 0},
		{"one org, one card, one network each", team("acme", "acme-card"), 1, 1},
		// No payment data is neither for nor against: half of the card term.
		{"one org, no payment data", team("acme", ""), 0.75, 0.75},
		// A fleet of networks is not the stable infrastructure of a company.
		{"one org, one card, a new network every request", both(team("acme", "acme-card"), rotating), 0.5, 0.5},
		{"half the group declares the org", func(k int, a *acct) {
			if k%2 == 0 {
				team("acme", "acme-card")(k, a)
			}
		}, 0, 0},
		// The team's card also pays for an account that declares nothing:
		// the team does not pay as itself.
		{"the team's card crosses out of it", func(k int, a *acct) {
			a.row.PaymentFP = "acme-card"
			if k > 0 {
				a.row.OrgID = "acme"
			}
		}, 0, 0},
		// A company domain (2 of 110 accounts, under affiliationShare) is a
		// declaration as good as an org.
		{"pairs on company domains, one card each pair", func(k int, a *acct) {
			a.row.EmailDomain, a.row.PaymentFP = fmt.Sprintf("lab-%d.example", k/2), fmt.Sprint("lab-card-", k/2)
		}, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := world{grp: tc.grp}.judge(nil)
			checkBounds(t, r)
			if r.Mitigation < tc.lo-1e-9 || r.Mitigation > tc.hi+1e-9 {
				t.Errorf("mitigation = %.3f, want in [%.2f, %.2f]", r.Mitigation, tc.lo, tc.hi)
			}
		})
	}

	// The same extraction habits from a declared team score far lower than
	// from a concealed group, and are no campaign.
	habits := both(each(func(i int, e *record.Exchange, x *profile.Signals) { x.Markers = 1 }), rotating)
	cohesive := func(in *Input) { in.Cohesion, in.TemplateShare, in.CoreTemplates = 0.9, 0.8, 2 }
	hydra := world{grp: habits}.judge(cohesive)
	lab := world{grp: both(habits, team("acme", "acme-card"))}.judge(cohesive)
	if !hydra.Campaign || hydra.Score < 0.9 {
		t.Fatalf("concealed group: score %.3f, campaign %v; want a campaign; families %v", hydra.Score, hydra.Campaign, hydra.Families)
	}
	if lab.Campaign || lab.Score > 0.5 || lab.Score > hydra.Score-0.4 {
		t.Fatalf("declared team: score %.3f, campaign %v (concealed %.3f); want well below; families %v, mitigation %.2f",
			lab.Score, lab.Campaign, hydra.Score, lab.Families, lab.Mitigation)
	}
	if lab.Families["content"] != hydra.Families["content"] {
		t.Errorf("declaring a team changed the content evidence: %.3f vs %.3f", lab.Families["content"], hydra.Families["content"])
	}
}

// TestJudgeCampaignGates: a high score alone does not make a campaign; the
// gates of Config each hold one back.
func TestJudgeCampaignGates(t *testing.T) {
	markers := each(func(i int, e *record.Exchange, x *profile.Signals) { x.Markers = 1 })
	clock := func(k int, a *acct) {
		a.times = aroundClock(rand.New(rand.NewPCG(uint64(k), 99)), 40)
		a.mod(func(i int, e *record.Exchange, x *profile.Signals) { e.Turns = 1 })
	}
	fresh := func(k int, a *acct) { a.row.CreatedAt = (day0 - 86400 - int64(k)*43200) * 1e9 }
	cohesive := func(in *Input) { in.Cohesion, in.TemplateShare = 0.9, 0.8 }
	for _, tc := range []struct {
		name string
		w    world
		in   func(*Input)
		cfg  func(*Config)
		want bool
	}{
		{"content, infrastructure, coordination, timing", world{grp: both(markers, rotating, clock)}, cohesive, nil, true},
		{"too few accounts", world{grp: both(markers, rotating, clock)}, cohesive, func(c *Config) { c.MinAccounts = 11 }, false},
		// Odd accounts that do not act together.
		{"no coordination", world{grp: both(markers, rotating, clock)}, nil, nil, false},
		// Coordination, fresh accounts and a rhythm, but nothing taken:
		// a hackathon. The bias is raised so the score alone would pass.
		{"no activity", world{grp: both(fresh, clock)}, cohesive, func(c *Config) { c.Bias = 0 }, false},
		{"one family", world{grp: markers}, nil, func(c *Config) { c.Bias, c.RequireCoordination = 0, 0 }, false},
		{"two families, gates lowered", world{grp: both(markers, rotating)}, nil, func(c *Config) { c.Bias, c.RequireCoordination = 0, 0 }, true},
		{"below the threshold", world{grp: both(markers, rotating, clock)}, cohesive, func(c *Config) { c.Threshold = 0.9999 }, false},
		// The users of one popular agent: the same templates and system
		// prompt, big budgets, reasoning asked for, around the clock across
		// timezones, but each their own card, address and history.
		{"software crowd: content, timing and shared tooling only", world{grp: both(markers, clock)}, cohesive, nil, false},
		// The same crowd, but its accounts pay with each other's cards while
		// declaring different identities: an operator.
		{"the crowd sharing cards across identities", world{grp: both(markers, clock, func(k int, a *acct) {
			a.row.PaymentFP, a.row.EmailDomain = fmt.Sprint("wallet-", k/2), fmt.Sprintf("shell-%d.example", k)
		})}, cohesive, nil, true},
		{"the crowd with the operator gate off", world{grp: both(markers, clock)}, cohesive, func(c *Config) { c.RequireOperator = 0 }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, group := tc.w.build()
			input := &Input{Accounts: group, TemplateShare: math.NaN()}
			if tc.in != nil {
				tc.in(input)
			}
			cfg := testConfig()
			if tc.cfg != nil {
				tc.cfg(cfg)
			}
			r := Judge(s, NewPopulation(s).For(s, group), input, cfg)
			checkBounds(t, r)
			if r.Campaign != tc.want {
				t.Errorf("campaign = %v, want %v; score %.3f, families %v", r.Campaign, tc.want, r.Score, r.Families)
			}
			if r.Campaign == (r.Dismissal != "") {
				t.Errorf("campaign = %v with dismissal %q", r.Campaign, r.Dismissal)
			}
			if strings.HasPrefix(tc.name, "software crowd") && !strings.Contains(r.Dismissal, "software and content") {
				t.Errorf("dismissal %q does not say what the crowd shares", r.Dismissal)
			}
			if tc.want && r.Score < cfg.Threshold {
				t.Errorf("campaign with score %.3f under the threshold", r.Score)
			}
		})
	}
}
