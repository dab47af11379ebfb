package simulate

import (
	"math"
	"strings"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/simulate/textgen"
)

// The open-source-agent crowd (research.md, "crowds that share software, not
// an operator"): hundreds of independent developers running the same coding
// agent. They share the agent's long system prompt, its tool schema, its
// client build and TLS handshake, maximal output budgets, thinking and a
// move to each new model on release day; each is still one person with their
// own home address, card, account age, timezone and working week. It is an
// honest population: banning it costs hundreds of customers.

// crowdLabel is the honest category of the crowd's accounts.
const crowdLabel = "oss-agent-user"

// mixAgent is the agent's own client: it updates itself within a day or two
// of every release; a few users pin a version.
var mixAgent = mix(1.5, 0.05, w(1, sdkAgentCLI))

// crowdSize is the number of crowd users for this run: the crowd_users knob
// when set (an absolute count, not scaled), else the scenario's own size
// scaled like other individuals, with its floor.
func crowdSize(sc *scenario, k knobValues, scale float64) int {
	if v := k["crowd_users"]; v >= 0 {
		return int(math.Round(v))
	}
	if sc.crowdUsers <= 0 {
		return 0
	}
	return max(sc.crowdMin, int(math.Round(sc.crowdUsers*scale)))
}

// ossCrowd makes n users of one open-source coding agent.
func (b *builder) ossCrowd(n int, k knobValues) {
	if n <= 0 {
		return
	}
	// The agent: one shipped system prompt (several instruction blocks, long),
	// one tool schema. Seeds are drawn whether text is on or not.
	def := agentShell{sysTokens: 8000 + 4000*b.r.Float64(), tools: 14 + b.r.IntN(9)}
	var seeds [4]uint64
	for i := range seeds {
		seeds[i] = b.r.Uint64()
	}
	if b.s.text != nil {
		var parts []string
		for i, c := range []record.Capability{record.Agentic, record.Coding, record.LongHorizon, record.Agentic} {
			fr := newRand(hash3(b.s.seed, saltFamily, seeds[i]), 5)
			f := b.s.text.NewFamily(fr, c, textgen.FamilyOptions{System: true, Style: "agent"})
			if t := f.System(); t != "" {
				parts = append(parts, t)
			}
		}
		def.system = strings.Join(parts, "\n\n")
	}
	defShare, thinkShare, switchShare := k["crowd_default_prompt"], k["crowd_thinking"], k["crowd_switch"]

	// Behaviours of users on the default prompt, by thinking and working
	// week; customised users get a copy with their own instructions.
	newBeh := func(thinking bool, tm *timing, shell *agentShell) *behavior {
		bh := &behavior{caps: capsFrom(caps(0.05, 0.4, 0.33, 0.2, 0.02, 0, 0)), timing: tm, sessScale: 1.2,
			cot: 0.02, thinking: 0.3, bigBudget: 1, outScale: 1.1, systemP: 1, rateLimit: 0.01, retries: 3,
			resumed: 0.15, agent: shell}
		if thinking {
			bh.thinking = 10
		}
		return bh
	}
	shared := map[[2]int]*behavior{}
	timings := []*timing{timeDev, timeWorker}
	for i := 0; i < n; i++ {
		ci := b.s.world.pickCountry(b.r)
		a := b.newAccount(crowdLabel, b.createdMix(0.15), 1+b.r.IntN(2))
		a.country, a.tz = countries[ci].code, int32(tzOf(b.r, ci))
		third := b.mobileEgress(ci)
		if b.r.Float64() < 0.3 {
			third = b.vpn()
		}
		a.setEgress([]*egress{b.homeEgress(ci), b.cloudVMs(1), third}, 0.75, 0.15, 0.1)
		b.setClient(a, &mixAgent, 0)
		thinking := b.r.Float64() < thinkShare
		a.explicitThinking = true
		ti := b.r.IntN(2)
		if b.r.Float64() < defShare {
			key := [2]int{ti, map[bool]int{false: 0, true: 1}[thinking]}
			if shared[key] == nil {
				shared[key] = newBeh(thinking, timings[ti], &def)
			}
			a.beh[0] = shared[key]
		} else {
			// The default prompt plus the user's own project instructions.
			own := def
			own.sysTokens += lognormMedian(b.r, 1200, 0.8)
			seed := b.r.Uint64()
			if b.s.text != nil {
				fr := newRand(hash3(b.s.seed, saltFamily, seed), 5)
				c := []record.Capability{record.Coding, record.Agentic, record.General}[fr.IntN(3)]
				if t := b.s.text.NewFamily(fr, c, textgen.FamilyOptions{System: true, Style: "project"}).System(); t != "" {
					own.system = def.system + "\n\n" + t
				}
			}
			a.beh[0] = newBeh(thinking, timings[ti], &own)
		}
		if b.r.Float64() < switchShare {
			// The agent's default model moves on release day.
			a.models = modelPrefs{tiers: makeCDF(0.9, 0.1, 0), lag: int64(3600 * (1 + 20*b.r.Float64())), share: 0.8 + 0.2*b.r.Float64()}
		} else {
			a.models = honestPrefs(b.r, 0.7, 0.3, 0, 14)
		}
		a.rate = lognormMean(b.r, 70*b.vol, 0.9)
		a.pActive, a.sigma = b.pActive(0.45), 0.7
		b.churn(a, 0.1)
		b.developerIdentity(a, 0.35, 0.08)
	}
}
