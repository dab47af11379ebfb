package simulate

import (
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/simulate/textgen"
)

// Behaviours: what a client sends and when. Honest populations and attack
// harnesses are both expressed as a behavior and go through the same session
// generator and the same renderer; only the parameters differ, so no field
// can tell them apart by construction.

const numCaps = int(record.NumCapabilities)

// capShape is the typical shape of an exchange of one capability.
type capShape struct {
	sessMean  float64 // exchanges per conversation, for humans
	loop      bool    // agent loop: short gaps, turns grow by 2 per step
	gap       float64 // median seconds between exchanges of a session
	inMedian  float64 // first-turn input tokens, before system and tools
	inSigma   float64
	growth    float64 // input tokens added per later turn (history)
	outMedian float64
	outSigma  float64
	toolsP    float64 // share of sessions with tool definitions
	thinkP    float64 // share of requests asking for thinking, for a neutral user
	refusal   float64
}

var capShapes = [numCaps]capShape{
	record.General:     {2.6, false, 70, 140, 1.0, 450, 380, 0.8, 0.04, 0.05, 0.012},
	record.Coding:      {3.2, false, 100, 900, 1.1, 1600, 750, 0.8, 0.15, 0.15, 0.002},
	record.Agentic:     {9, true, 7, 2600, 0.8, 2300, 260, 0.9, 1, 0.25, 0.001},
	record.LongHorizon: {28, true, 14, 6000, 0.7, 3600, 650, 0.9, 1, 0.35, 0.001},
	record.Reasoning:   {1.5, false, 150, 260, 0.9, 900, 1400, 0.9, 0.02, 0.45, 0.003},
	record.Grading:     {1, false, 30, 1500, 0.6, 0, 180, 0.6, 0, 0.05, 0.001},
	record.Vision:      {1.8, false, 45, 220, 0.8, 500, 320, 0.7, 0.03, 0.05, 0.006},
}

// family is a prompt template: a pipeline's or a harness's. Its metadata
// (template length, fixed tool list) is what shows when text is not kept.
type family struct {
	tg     *textgen.Family // nil when text is off
	cap    record.Capability
	inBase float64 // input tokens of the filled template
	tools  int     // tool definitions the template ships with
	system bool
	// public marks a template of a public prompt set (public.go): sent
	// verbatim (never paraphrased) by whoever sends it; cot, that its
	// wording asks for the reasoning step by step.
	public bool
	cot    bool
}

// curve is 24 hourly weights of local time.
type curve [24]float64

var (
	curveConsumer   = curve{0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.3, 0.55, 0.7, 0.8, 0.85, 0.9, 0.95, 0.9, 0.9, 0.9, 0.95, 1.0, 1.1, 1.25, 1.35, 1.3, 1.0, 0.55}
	curveConsumerWE = curve{0.4, 0.25, 0.15, 0.1, 0.08, 0.08, 0.15, 0.3, 0.55, 0.8, 1.0, 1.1, 1.1, 1.05, 1.0, 1.0, 1.0, 1.05, 1.1, 1.2, 1.25, 1.2, 1.0, 0.7}
	curveWorker     = curve{0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.7, 1.0, 1.1, 1.05, 0.8, 1.0, 1.1, 1.05, 0.95, 0.7, 0.45, 0.35, 0.35, 0.3, 0.2, 0.1}
	curveWorkerWE   = curve{0.1, 0.05, 0.03, 0.02, 0.02, 0.03, 0.05, 0.1, 0.2, 0.35, 0.45, 0.5, 0.5, 0.5, 0.5, 0.5, 0.45, 0.4, 0.4, 0.4, 0.4, 0.35, 0.25, 0.15}
	curveStudent    = curve{0.45, 0.3, 0.2, 0.1, 0.05, 0.05, 0.1, 0.2, 0.4, 0.7, 0.9, 1, 0.9, 1, 1, 1, 1, 0.9, 0.9, 1, 1.1, 1.1, 0.9, 0.7}
	curveProduct    = curve{0.4, 0.35, 0.32, 0.3, 0.3, 0.35, 0.45, 0.6, 0.8, 0.95, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.65, 0.55, 0.45}
	curveFlat       = curve{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	curveNightly    = curve{0.6, 1, 1, 1, 1, 0.7, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3}
)

// timing decides when sessions start.
type timing struct {
	wd, we  cdf
	weekend float64 // count factor on the local weekend
	// metronome is the share of sessions placed on evenly spaced slots of
	// the day (cron jobs, queue consumers, load balancers); the rest follow
	// the hourly curve. slotNoise is the spread around a slot, as a share of
	// the slot width.
	metronome float64
	slotNoise float64
}

func newTiming(wd, we curve, weekend, metronome, slotNoise float64) *timing {
	return &timing{wd: makeCDF(wd[:]...), we: makeCDF(we[:]...), weekend: weekend, metronome: metronome, slotNoise: slotNoise}
}

var (
	timeConsumer = newTiming(curveConsumer, curveConsumerWE, 1.1, 0, 0)
	timeWorker   = newTiming(curveWorker, curveWorkerWE, 0.35, 0, 0)
	timeDev      = newTiming(curveStudent, curveConsumerWE, 0.6, 0, 0)
	timeStudent  = newTiming(curveStudent, curveStudent, 0.8, 0, 0)
	timeProduct  = newTiming(curveProduct, curveProduct, 0.8, 0, 0)
)

// behavior is what a client sends and when: honest or not, the same knobs.
type behavior struct {
	caps cdf // share of exchanges per capability
	// sessCaps is the capability of a conversation: caps corrected for the
	// conversation lengths, so that exchange shares come out as caps says
	// (agent loops are long, single requests short). Set by finalize.
	sessCaps cdf
	timing   *timing
	// families per capability; sessions of a capability with families use
	// one of them with probability familyShare, else free-form text.
	families    [numCaps][]*family
	familyShare float64
	paraphrase  float64
	singleShot  bool    // each request is its own conversation (pipelines, benchmarks, harnesses)
	synthetic   float64 // share of conversations sent as one request carrying a fake transcript
	resumed     float64 // share of human conversations that start mid-way (resumed, few-shot)
	sessScale   float64 // multiplier on conversation length
	cot         float64 // share of prompts asking for step-by-step reasoning
	thinking    float64 // multiplier on the capability's thinking share
	bigBudget   float64 // share of requests with max_tokens near the model maximum
	outScale    float64 // multiplier on output length
	refusal     float64 // added refusal rate
	systemP     float64 // share of free-form conversations with a system prompt
	rateLimit   float64 // base probability of a 429
	retries     int     // automatic retries after 429/5xx
	// public is the share of free-form conversations that send a prompt
	// of a public prompt set instead (Sim.public; none when it is off).
	public float64
	// passThrough, when set, makes the User-Agent that of the end user's
	// client (a relay or gateway forwarding requests), drawn from it per
	// conversation; the TLS fingerprint stays the relay's.
	passThrough *clientMix
	// passFP, with passThrough, takes the TLS fingerprint from the end
	// user's client too: requests come straight from end users' devices
	// (an app shipping its API key), not through a relay.
	passFP bool
	models *modelPrefs // overrides the account's preferences when set
	// agent, when set, is a client that ships its own instructions and
	// tools: every request carries its system prompt and tool schema.
	agent *agentShell
}

// agentShell is what an agent harness adds to every request: a fixed system
// prompt (the shipped default, possibly followed by the user's own
// instructions) and a fixed tool schema.
type agentShell struct {
	system    string  // the text (empty when text is off)
	sysTokens float64 // its length in tokens
	tools     int     // tool definitions sent with every request
}

// capsFrom is capsCDF from a full share vector.
func capsFrom(v [numCaps]float64) cdf { return makeCDF(v[:]...) }

// finalize derives sessCaps from caps.
func (b *behavior) finalize() {
	if b.sessCaps != nil {
		return
	}
	w := make([]float64, numCaps)
	prev := 0.0
	for c := range w {
		share := b.caps[c] - prev
		prev = b.caps[c]
		sh := &capShapes[c]
		base := 1.0
		if sh.loop || !b.singleShot {
			base = max(1, sh.sessMean*b.sessScale)
		}
		w[c] = share / (b.synthetic + (1-b.synthetic)*base)
	}
	b.sessCaps = makeCDF(w...)
}
