package simulate

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// scenario is a named data set recipe: a period, honest background and
// campaigns.
type scenario struct {
	name        string
	description string
	from, to    string // period, inclusive days
	campaigns   []campaignSpec
	// fullStrength puts every look-alike at full volume and at least
	// lookalikeMin instances whatever the scale.
	fullStrength bool
	lookalikeMin int
	// crowdUsers is the open-source-agent crowd at scale 1 (0: none unless
	// the crowd_users knob asks for one), crowdMin its floor at any scale.
	crowdUsers float64
	crowdMin   int
	// knobs are the scenario's own defaults for some knobs, in place of
	// the knob's general default (overrides still win).
	knobs map[string]float64
}

var scenarios = []scenario{
	{
		name: "incident-2026-06",
		description: "One hydra campaign shaped like the June 2026 letter: 25,000 accounts and 28.8M exchanges (scale 1) " +
			"between 22 April and 5 June 2026, aimed at agentic reasoning (~41%), software engineering (~37%) and " +
			"long-horizon tasks (~12%), moving to atlas-5 when it is released on 14 May, inside honest traffic of " +
			"8 April - 19 June (>= 40M exchanges in all at scale 1).",
		from: "2026-04-08", to: "2026-06-19",
		campaigns: []campaignSpec{{
			id: "campaign-1", style: "hydra", accounts: 25000, minAccounts: 24, exchanges: 28.8e6,
			from: "2026-04-22", to: "2026-06-05",
			caps:      caps(0.05, 0.37, 0.41, 0.12, 0.05, 0, 0),
			cotFactor: 1, orgFactor: 1, operTZ: 480,
		}},
	},
	{
		name: "labs-2026-02",
		description: "Three campaigns shaped like the February 2026 disclosure (15 Dec 2025 - 28 Feb 2026): " +
			"campaign-1 small (~150K exchanges): reasoning traces, rubric grading, 'safe' rewrites of sensitive queries; " +
			"campaign-2 multi-capability (~3.4M, hundreds of accounts of varied types: fake startups and enterprises " +
			"with org ids, education accounts, cloud VMs and proxies): agentic, tool use, coding, data analysis, " +
			"computer use, vision; campaign-3 large agentic-coding / tool orchestration (~13M, most of ~24,000 " +
			"accounts) that moves about half its traffic to atlas-4.6 within a day of its 5 February release. " +
			"Every campaign keeps at least 24 accounts at any scale.",
		from: "2025-12-15", to: "2026-02-28",
		campaigns: []campaignSpec{
			{
				id: "campaign-1", style: "cot-harvest", accounts: 800, minAccounts: 24, exchanges: 150e3,
				from: "2026-01-08", to: "2026-02-18",
				// Reasoning, grading and rewrites, plus what camouflage adds.
				caps:      caps(0.13, 0.03, 0.008, 0.002, 0.535, 0.29, 0.005),
				cotFactor: 2, refusal: 0.04, orgFactor: 0.5, operTZ: 480,
			},
			{
				id: "campaign-2", style: "multi-capability", accounts: 500, minAccounts: 24, exchanges: 3.4e6,
				from: "2026-01-12", to: "2026-02-20",
				caps:      caps(0.1, 0.22, 0.3, 0.1, 0.12, 0.02, 0.14),
				cotFactor: 0.7, orgFactor: 2.5, vmShare: 0.4, operTZ: 480,
			},
			{
				id: "campaign-3", style: "hydra", accounts: 22700, minAccounts: 24, exchanges: 13e6,
				from: "2026-01-06", to: "2026-02-24",
				caps:      caps(0.05, 0.45, 0.40, 0.10, 0, 0, 0),
				cotFactor: 0.5, orgFactor: 1, operTZ: 480,
			},
		},
	},
	{
		name: "lookalikes",
		description: "Honest traffic only (2 March - 12 April 2026), with every look-alike of research.md at full " +
			"strength and at least three instances each at any scale: enterprise pipelines (some behind TLS-terminating " +
			"proxies), university labs running benchmarks behind one NAT address, coding-agent platforms, carrier-NAT " +
			"mobile users, hackathons of hundreds of accounts, eval labs, gateways. Correct detection reports nothing.",
		from: "2026-03-02", to: "2026-04-12",
		fullStrength: true, lookalikeMin: 3,
	},
	{
		name: "hard-2026",
		description: "The attacks that hide differently, 1 July - 26 August 2026, inside the honest background and look-alikes: " +
			"campaign-1 a front company (one declared organisation, one card, one cloud /24, 6 accounts of ~25,000 exchanges " +
			"each at any scale) harvesting reasoning on agentic, coding and long-horizon work; campaign-2 a slow drip (600 " +
			"bought aged accounts at scale 1, at least 150; each its own card and sticky residential exit, ~4 exchanges on a " +
			"working day in UTC+8 office hours, paraphrased requests for full reasoning, 40% ordinary traffic, an unusual " +
			"max_tokens, a TLS stack that contradicts the claimed SDK); campaign-3 an ordinary hydra for reference (3,000 " +
			"accounts, 2.5M exchanges at scale 1). Beside them, honest: 400 users (at least 50) of one open-source coding " +
			"agent (oss-agent-user) sharing its long system prompt, tools, client build and release-day model switch to " +
			"atlas-5.1 (29 July). Honest accounts also share the campaigns' objects by coincidence: a fifth of each " +
			"campaign's templates are public benchmark prompts that honest people send too (shared_prompts 0.2), and a " +
			"fifth of its residential proxy exits are honest consumers' home lines (exit_overlap 0.2).",
		from: "2026-07-01", to: "2026-08-26",
		crowdUsers: 400, crowdMin: 50,
		// The scenario of the hard phenomena holds the two coincidences
		// that give honest accounts a campaign's objects.
		knobs: map[string]float64{"shared_prompts": 0.2, "exit_overlap": 0.2},
		campaigns: []campaignSpec{
			{
				id: "campaign-1", style: "front-company", exchanges: 150e3,
				from: "2026-07-08", to: "2026-08-19",
				caps:      caps(0.03, 0.3, 0.3, 0.17, 0.2, 0, 0),
				cotFactor: 2, orgFactor: 1, operTZ: 480,
			},
			{
				id: "campaign-2", style: "drip", accounts: 600, minAccounts: 150,
				from: "2026-07-06", to: "2026-08-21",
				caps:      caps(0.05, 0.12, 0.08, 0.03, 0.67, 0.05, 0),
				cotFactor: 2.2, operTZ: 480,
				// Its own strength of shared traits: ordinary traffic 40%,
				// heavy paraphrase, every account spoofed and sticky.
				factors: map[string]float64{"camouflage": 4, "paraphrase": 2.5, "ua_spoof": 4, "sticky_exits": 2},
			},
			{
				id: "campaign-3", style: "hydra", accounts: 3000, minAccounts: 24, exchanges: 2.5e6,
				from: "2026-07-15", to: "2026-08-12",
				caps:      caps(0.05, 0.37, 0.41, 0.12, 0.05, 0, 0),
				cotFactor: 1, orgFactor: 1, operTZ: 480,
			},
		},
	},
}

// ScenarioInfo describes one scenario for --list.
type ScenarioInfo struct {
	Name        string
	Description string
	From, To    string
}

// Scenarios lists the scenarios, in a fixed order.
func Scenarios() []ScenarioInfo {
	out := make([]ScenarioInfo, len(scenarios))
	for i, s := range scenarios {
		out[i] = ScenarioInfo{s.name, s.description, s.from, s.to}
	}
	return out
}

func findScenario(name string) (*scenario, error) {
	for i := range scenarios {
		if scenarios[i].name == name {
			return &scenarios[i], nil
		}
	}
	names := make([]string, len(scenarios))
	for i, s := range scenarios {
		names[i] = s.name
	}
	return nil, fmt.Errorf("unknown scenario %q (one of: %s)", name, strings.Join(names, ", "))
}

// KnobInfo describes one attack knob.
type KnobInfo struct {
	Name     string
	Default  float64
	Min, Max float64
	Meaning  string
}

// knobs lists every attack knob. They apply to every campaign of a scenario.
var knobs = []KnobInfo{
	{"camouflage", defaultCamouflage, 0, 0.9, "share of each campaign account's exchanges that are a reseller's ordinary customers' requests (honest-looking content, shapes and timing; same accounts, same exits); a front company's own product traffic; a drip's own ordinary traffic at 4x the value (0.4 by default)"},
	{"proxy_pool", 5, 0.001, 1e10, "exit addresses of the operator's rotating proxy pool (a new exit per request): below 1000 a multiple of the campaign's planned exchanges, from 1000 an absolute count; datacenter exits are a third of it"},
	{"sticky_exits", 0.5, 0, 1, "share of accounts whose proxy exit is geo-targeted to the claimed country and kept for 1-24 hours (the rest rotate exits on every request); in a drip, 2x the value of accounts keep their own residential exit for 2-7 days (the rest change it every conversation)"},
	{"dc_share", 0.3, 0, 1, "share of harness traffic leaving through datacenter / cloud exits instead of residential proxies"},
	{"accounts_per_card", 6, 1, 1e6, "mean accounts per shared payment card"},
	{"unshared_cards", 0.2, 0, 1, "share of accounts with a card of their own"},
	{"account_age_days", 120, 0, 2000, "aged accounts are created over this many days before the campaign starts (0: every account comes from a fresh wave); drip accounts are bought 30 days plus up to this many days before it starts; a front company signs up 7 days plus up to this many before"},
	{"aged_share", 0.15, 0, 1, "share of accounts that are aged rather than made in waves"},
	{"waves", 8, 1, 200, "number of account-creation waves (the first holds 35% of the accounts, made over the five days before the campaign starts; the others over two mornings each)"},
	{"easy_verification", 0.7, 0, 1, "share of accounts verified through easy paths (education 45%, research 25%, startup 30%); the rest through none"},
	{"org_share", 0.2, 0, 1, "share of accounts grouped into fake organisations (org ids, company domains) of 1-5 accounts"},
	{"harnesses", 3, 1, 100, "harness deployments, each a client stack (popular SDK, version, TLS runtime) shared by its accounts"},
	{"ua_spoof", 0.25, 0, 1, "share of accounts whose User-Agent claims a popular SDK while the TLS fingerprint is another runtime's; 4x the value in a drip (every account by default, one contradicting stack per deployment); a front company shows its real client"},
	{"harness_families", 3, 1, 1000, "prompt template families per targeted capability"},
	{"paraphrase", 0.3, 0, 1, "rate at which each fixed phrase of a template is paraphrased"},
	{"synthetic", 0.5, 0, 1, "share of harness requests that are one request carrying a synthetic multi-turn transcript"},
	{"cot", 0.4, 0, 1, "share of harness prompts asking for the full reasoning step by step (scaled per campaign)"},
	{"big_budget", 0.85, 0, 1, "share of harness requests with max_tokens at or near the model maximum"},
	{"jitter", 0.25, 0, 1, "timing: 0 = metronome-regular, load-balanced slots 24/7; 1 = human-like irregular, diurnal, weekly"},
	{"per_account", 1, 0.01, 100, "multiplier on traffic per campaign account (the account count stays)"},
	{"model_switch", 0.48, 0, 1, "share of harness traffic moved to a newly released model within hours of its release"},
	{"odd_budget", 1, 0, 1, "drip campaigns: share of accounts whose harness requests carry the operator's unusual max_tokens (the others use big_budget like any harness)"},
	{"drip_daily", 4, 0.5, 50, "drip campaigns: mean harness and ordinary exchanges per account on an active day"},
	{"front_accounts", 6, 1, 40, "front-company campaigns: accounts of the declared organisation, whatever the scale (its exchanges stay those of the scenario, so fewer accounts are heavier)"},
	// Coincidences that give honest accounts a campaign's objects (the
	// first-sight indicators a live detector blocks on). Both are off (0)
	// except in hard-2026, and an off phenomenon draws nothing, so runs of
	// the other scenarios stay what they were before the knobs existed.
	{"shared_prompts", 0, 0, 1, "share of each campaign's prompt templates taken verbatim from public benchmark and tutorial prompt sets (GSM8K-style maths, HumanEval-style coding, MT-Bench-style questions and judging, popular 'explain step by step' prompts); above 0, honest consumers, carrier-NAT users, developers, students and researchers also send those public prompts in 1-5% of their conversations, so the campaign's public templates are held by honest accounts too. 0.2 in hard-2026 (public sets are the cheapest seed of a harvesting harness, yet most of its templates stay its own), 0 elsewhere"},
	{"exit_overlap", 0, 0, 1, "share of each campaign's residential proxy exits (rotating, sticky and drip exits alike) that are the home line of an honest consumer or carrier-NAT user of the pool's networks, who keeps sending from it on its own schedule (residential proxy networks resell real home connections). 0.2 in hard-2026 (a stress setting: real pools hold millions of homes, few of them the provider's customers, but at small scales a smaller share would rarely be met), 0 elsewhere"},
	// Honest population knobs: they shape the open-source-agent crowd, not
	// an attack.
	{"crowd_users", -1, -1, 20000, "honest population, not an attack: users of one open-source coding agent (oss-agent-user), an absolute count whatever the scale; -1 keeps the scenario's own (none in lookalikes and the campaign scenarios, 400 at scale 1 and at least 50 in hard-2026), 0 removes it"},
	{"crowd_default_prompt", 0.7, 0, 1, "honest crowd: share of its users sending the agent's default system prompt unchanged (the others append their own project instructions)"},
	{"crowd_thinking", 0.8, 0, 1, "honest crowd: share of its users with extended thinking on"},
	{"crowd_switch", 0.7, 0, 1, "honest crowd: share of its users whose agent moves to a new model on its release day (the others follow days to weeks later)"},
}

// Knobs lists every knob with its default, in a fixed order.
func Knobs() []KnobInfo { return append([]KnobInfo(nil), knobs...) }

// knobValues are the knobs in force for one run.
type knobValues map[string]float64

// resolveKnobs applies the scenario's own defaults, then overrides, to the
// knobs' defaults and validates the overrides.
func resolveKnobs(sc *scenario, over map[string]float64) (knobValues, error) {
	k := knobValues{}
	for _, kn := range knobs {
		k[kn.Name] = kn.Default
	}
	for n, v := range sc.knobs {
		k[n] = v
	}
	names := make([]string, 0, len(over))
	for n := range over {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v := over[n]
		var info *KnobInfo
		for i := range knobs {
			if knobs[i].Name == n {
				info = &knobs[i]
			}
		}
		if info == nil {
			all := make([]string, len(knobs))
			for i, kn := range knobs {
				all[i] = kn.Name
			}
			return nil, fmt.Errorf("unknown knob %q (one of: %s)", n, strings.Join(all, ", "))
		}
		if math.IsNaN(v) || v < info.Min || v > info.Max {
			return nil, fmt.Errorf("knob %s=%v is outside [%v, %v]", n, v, info.Min, info.Max)
		}
		k[n] = v
	}
	return k, nil
}

// dayOf returns the day index of a YYYY-MM-DD date in s's period.
func dayOf(s *Sim, date string) (int, error) {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return 0, fmt.Errorf("bad date %q: %w", date, err)
	}
	return int((t.Unix() - s.start) / 86400), nil
}

func errPeriod(id string) error {
	return fmt.Errorf("%s falls outside the period; widen --start/--end", id)
}
