// Package textgen writes the text of simulated exchanges: system prompts,
// user prompts and responses, procedurally, from word banks and grammars
// inside the project (no external data), or from a folder of real prompts
// shaped like ../shared/data/prompts. It only writes text; who sends what,
// when and how often is the simulator's business.
package textgen

import (
	"math/rand/v2"

	"github.com/distillguard/distillguard/internal/record"
)

// Text is the text of one exchange. Any field may be empty.
type Text struct {
	System   string
	Prompt   string
	Response string
}

// Options shape one prompt beyond its capability.
type Options struct {
	// CoT asks for the full reasoning written out step by step, in one of
	// many wordings (benchmark harnesses and extractors both do this).
	CoT bool
	// Turn is the index of this user turn in its conversation (1 for the
	// first). Later turns read like follow-ups ("now make it faster").
	Turn int
	// SyntheticTranscript embeds fake earlier turns ("User: … Assistant: …")
	// inside one prompt: a single-shot synthetic multi-turn conversation.
	SyntheticTranscript bool
	// ResponseWords is the approximate length of the response; 0 picks one.
	ResponseWords int
}

// FamilyOptions shape a template family.
type FamilyOptions struct {
	// System, when true, gives the family a fixed system prompt (an agent
	// platform's or a pipeline's instructions).
	System bool
	// Slots is how many variable parts the template has (0 picks 2–6).
	Slots int
	// Style is free text the generator may use to vary vocabulary between
	// families ("support-ticket", "code-review", "benchmark-math", …).
	Style string
}

// Generator makes text. It is immutable after New and safe for concurrent
// use; all randomness comes from the *rand.Rand passed to each call, so the
// same seeds give the same text.
type Generator struct {
	g *generator
}

// New builds a generator. real may be nil; when it is not, FreeForm draws
// most of its prompts from it.
func New(real *RealPrompts) *Generator {
	return &Generator{g: newGenerator(real)}
}

// FreeForm returns a prompt of capability c as an individual person writes
// it: varied wording and length, sometimes typos, sometimes other languages.
func (g *Generator) FreeForm(r *rand.Rand, c record.Capability, o Options) Text {
	return g.g.freeForm(r, c, o)
}

// Family is a prompt template with slots and a few paraphrases of its fixed
// wording: what a pipeline or a harvesting harness sends thousands of times.
type Family struct {
	f *family
}

// NewFamily draws a new template family of capability c.
func (g *Generator) NewFamily(r *rand.Rand, c record.Capability, o FamilyOptions) *Family {
	return &Family{f: g.g.newFamily(r, c, o)}
}

// Render fills the family's slots. With probability paraphrase each fixed
// phrase is redrawn among all its wordings (the original included), so that
// heavily paraphrased families share less text between renderings and
// overlap falls steadily as paraphrase rises.
func (f *Family) Render(r *rand.Rand, paraphrase float64, o Options) Text {
	return f.f.render(r, paraphrase, o)
}

// Capability is the capability the family was drawn for.
func (f *Family) Capability() record.Capability { return f.f.capability }

// RealPrompts are real prompts loaded from a folder shaped like
// ../shared/data/prompts, grouped by the capability their source implies.
type RealPrompts struct {
	byCap [record.NumCapabilities][]string
}

// Len is how many prompts of capability c were loaded.
func (p *RealPrompts) Len(c record.Capability) int { return len(p.byCap[c]) }

// System is the family's fixed system prompt ("" when it has none): what a
// client that ships its own instructions sends unchanged with every request.
func (f *Family) System() string { return f.f.system }
