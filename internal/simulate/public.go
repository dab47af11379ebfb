package simulate

import (
	"github.com/distillguard/distillguard/internal/record"
)

// Public prompts (research.md, "public prompts everyone sends"): benchmark
// and tutorial prompt sets that everybody copies. A campaign seeds part of
// its harness with them (the shared_prompts knob), and honest people send
// the very same prompts now and then, so a campaign's public templates are
// held by honest accounts too and are evidence only when rare.
//
// The sets exist only when shared_prompts is above 0. They are drawn from a
// stream of their own, and whether a campaign template or an honest
// conversation is a public one is decided by hashes, so switching the
// phenomenon on changes which templates are sent and nothing else: the same
// accounts, addresses, volumes and timings.

// publicPerCap is the size of the public set of each capability: the few
// popular sets (and the few popular prompts of each) that everyone copies.
const publicPerCap = 6

// publicStyles are the kinds of public prompts of each capability, as the
// text generator's style words: GSM8K-style word problems, HumanEval-style
// coding tasks, MT-Bench-style questions and judge prompts, public tool-use
// and visual-question sets, tutorial project prompts.
var publicStyles = [numCaps]string{
	record.General:     "public-benchmark-qa",
	record.Coding:      "public-benchmark-code",
	record.Agentic:     "public tool-use task",
	record.LongHorizon: "public tool-use project",
	record.Reasoning:   "public-benchmark-math gsm",
	record.Grading:     "public-benchmark-judge",
	record.Vision:      "public-benchmark-vqa",
}

// publicCoT is the share of public templates of each capability whose
// wording asks for the reasoning step by step ("let's think step by step",
// "explain step by step"): most maths sets, many tutorial prompts.
var publicCoT = [numCaps]float64{
	record.General:   0.3,
	record.Coding:    0.1,
	record.Reasoning: 0.6,
}

// Honest rates: the share of a person's free-form conversations that send a
// public prompt instead. They are judgement, not measurement: students work
// through public problem sets and textbook exercises (GSM8K-style word
// problems, HumanEval-style functions) most; researchers try benchmark
// items by hand while building evaluations; developers paste a benchmark
// task or a tutorial prompt to try a model or an SDK; consumers copy a
// prompt from a popular list now and then. A few percent at most, so the
// public templates are a small part of honest traffic, yet spread over
// many honest accounts.
const (
	publicConsumer = 0.01
	publicMobile   = 0.01
	publicDev      = 0.02
	publicStudent  = 0.04
	publicResearch = 0.05
)

// buildPublic draws the public prompt sets and gives the shared behaviours
// of individual people their rates. It does nothing when the knob is 0.
func (s *Sim) buildPublic(k knobValues) {
	if k["shared_prompts"] <= 0 {
		return
	}
	r := newRand(hash2(s.seed, saltPublic), 11)
	s.public = new([numCaps][]*family)
	for c := range numCaps {
		for i := 0; i < publicPerCap; i++ {
			// Public prompts come bare, without a system prompt.
			f := s.drawFamily(r, record.Capability(c), false, publicStyles[c])
			f.public = true
			f.cot = r.Float64() < publicCoT[c]
			s.public[c] = append(s.public[c], f)
		}
	}
	s.shared.consumer.public = publicConsumer
	s.shared.mobile.public = publicMobile
	s.shared.dev.public = publicDev
	s.shared.student.public = publicStudent
	s.shared.research.public = publicResearch
}

// publicTemplates replaces, in the harness h of campaign camp, a share
// shared_prompts of the template families by templates of the public set
// of their capability. Both choices are hashes of the family's place, so
// the public templates at a lower value are among those at a higher one,
// and the replaced families were drawn as before, so the rest of the run
// is unchanged. Two places may take the same public template, as two
// harness authors copying one popular set do.
func (b *builder) publicTemplates(h *behavior, camp int32, k knobValues) {
	p := k["shared_prompts"]
	pub := b.s.public
	if p <= 0 || pub == nil {
		return
	}
	for c := range h.families {
		for i := range h.families[c] {
			if len(pub[c]) == 0 {
				continue
			}
			place := hash3(b.s.seed, saltPublic, uint64(camp)<<32|uint64(c)<<16|uint64(i))
			if !chance(place, p) {
				continue
			}
			h.families[c][i] = pub[c][mix64(place)%uint64(len(pub[c]))]
		}
	}
}

// publicFamily is the public template an honest free-form conversation
// sess of capability c sends instead, or nil.
func (s *Sim) publicFamily(b *behavior, c record.Capability, sess uint64) *family {
	if b.public <= 0 || s.public == nil {
		return nil
	}
	pub := s.public[c]
	u := unit(hash2(sess, saltPublic))
	if u >= b.public || len(pub) == 0 {
		return nil
	}
	return pub[min(int(u/b.public*float64(len(pub))), len(pub)-1)]
}
