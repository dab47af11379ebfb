// Package signals is the per-exchange stage of the pipeline. For every
// exchange it tags one capability (internal/signals/capability), detects
// extraction markers (internal/signals/extraction) and computes the
// template signatures of the prompt and the system prompt
// (internal/signals/template), all from one tokenisation of the text
// (internal/signals/textscan); without text, the capability comes from
// metadata and the template from the edge's prompt_sig when present. It
// also hashes the string fields the store interns. All of this runs on the
// parser goroutines, in parallel; only template clustering (Templates),
// which must see exchanges in order to give deterministic ids, runs on the
// consumer.
package signals

import (
	"slices"
	"strconv"
	"strings"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/profile"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals/capability"
	"github.com/distillguard/distillguard/internal/signals/extraction"
	"github.com/distillguard/distillguard/internal/signals/template"
	"github.com/distillguard/distillguard/internal/signals/textscan"
)

// Exchange is what the stage derives from one exchange.
type Exchange struct {
	// Profile is the store's input; its Template and System ids are set by
	// Templates.Assign.
	Profile profile.Signals
	// Sig holds the template signatures. Extract sets it only for an
	// exchange with text or a prompt_sig (HasText) and leaves it as it was
	// otherwise: it is most of the struct's 400-odd bytes, and a log
	// without text would have every one of them written by a parser and
	// read again by the consumer for nothing.
	Sig template.Pair
}

// HasText reports whether e has what template signatures are made from:
// prompt or system text, or an edge's prompt_sig.
func HasText(e *record.Exchange) bool {
	return e.Prompt != "" || e.System != "" || e.PromptSig != ""
}

// Extractor computes Exchange values. It holds scratch buffers and is not
// safe for concurrent use: keep one per goroutine.
type Extractor struct {
	scan    textscan.Exchange
	tagger  capability.Tagger
	markers extraction.Detector
	sketch  template.Sketcher
}

// NewExtractor returns a ready Extractor.
func NewExtractor() *Extractor { return &Extractor{} }

// Extract fills out from e.
func (x *Extractor) Extract(e *record.Exchange, out *Exchange) {
	x.ExtractTo(e, &out.Profile, &out.Sig)
}

// ExtractTo is Extract into an Exchange's two parts kept apart, as a
// caller that holds many of them does: the profile signals are what every
// exchange needs, a few dozen bytes, and the signatures, most of an
// Exchange's size, are set only for exchanges with text. In one slice of
// Exchange the profile signals of consecutive exchanges lie hundreds of
// bytes apart, and a log without text pays a cache line each time they
// are written and again when they are read.
func (x *Extractor) ExtractTo(e *record.Exchange, p *profile.Signals, pair *template.Pair) {
	*p = profile.Signals{}
	p.AcctHash, p.AcctCheck = dict.Hash(e.AccountID), dict.Check(e.AccountID)
	if e.UserAgent != "" {
		p.UAHash = dict.Hash(e.UserAgent)
	}
	if e.ClientFP != "" {
		p.FPHash = dict.Hash(e.ClientFP)
	}
	if e.Model != "" {
		p.ModelHash = dict.Hash(e.Model)
	}
	if e.OrgID != "" {
		p.OrgHash = dict.Hash(e.OrgID)
	}
	if e.APIKeyID != "" {
		p.KeyHash, p.KeyCheck = dict.Hash(e.APIKeyID), dict.Check(e.APIKeyID)
	}
	x.scan.Scan(e)
	p.Capability = x.tagger.Label(e, &x.scan, p.UAHash)
	p.Markers = uint8(x.markers.MarkersScanned(&x.scan))
	if p.Text = HasText(e); !p.Text {
		return
	}
	*pair = template.Pair{}
	switch {
	case e.Prompt != "" || e.System != "":
		*pair = x.sketch.Sketch(e.System, e.Prompt)
	case e.PromptSig != "":
		wire, hints, _ := strings.Cut(e.PromptSig, hintSep)
		if sig, err := template.ParsePairWire(wire); err == nil {
			*pair = sig
		}
		if c, m, ok := parseHints(hints); ok {
			p.Capability, p.Markers = c, m
		}
	}
}

// hintSep separates a prompt_sig's template signatures from its content
// hints. It is outside the base64url alphabet, so it never occurs in a
// dg1 signature.
const hintSep = "~"

// EdgeSig appends the prompt_sig of e to dst: the dg1 template signatures
// of its text, then "~", the capability the tagger gave it, "~" and the
// extraction marker bits in hex. An edge that may not keep prompt text
// (zero data retention), or a cluster worker forwarding exchanges to the
// stage that forms campaigns, sends this instead of the text, and detection
// downstream sees the same template, capability and markers it would have
// computed from the text. An exchange without text gets its existing
// prompt_sig, if any.
func (x *Extractor) EdgeSig(e *record.Exchange, dst []byte) []byte {
	var out Exchange
	x.Extract(e, &out)
	if out.Sig.PromptSig.IsZero() && out.Sig.SystemSig.IsZero() {
		return append(dst, e.PromptSig...)
	}
	dst = out.Sig.AppendWire(dst)
	dst = append(dst, hintSep...)
	dst = append(dst, out.Profile.Capability.String()...)
	dst = append(dst, hintSep...)
	return strconv.AppendUint(dst, uint64(out.Profile.Markers), 16)
}

// parseHints reads "capability~markers"; ok is false when absent or
// malformed, and the caller keeps what it computed from metadata.
func parseHints(h string) (record.Capability, uint8, bool) {
	name, hex, ok := strings.Cut(h, hintSep)
	if !ok {
		return 0, 0, false
	}
	c, ok := record.ParseCapability(name)
	if !ok {
		return 0, 0, false
	}
	m, err := strconv.ParseUint(hex, 16, 8)
	if err != nil {
		return 0, 0, false
	}
	return c, uint8(m), true
}

// Templates clusters signatures into template ids, in input order, and
// keeps a short masked example of every template seen a few times, for
// reports.
type Templates struct {
	prompts, systems *template.Clusterer
	examples         map[uint32]string
	mask             []byte
}

// exampleAt is the count at which a template's example is taken: by then it
// is a template, not a one-off, and few honest prompts get there.
const exampleAt = 3

// NewTemplates returns an empty clusterer pair.
func NewTemplates() *Templates {
	return &Templates{
		prompts:  template.NewClusterer(template.Config{}),
		systems:  template.NewClusterer(template.Config{}),
		examples: map[uint32]string{},
	}
}

// systemBit keeps system-prompt template ids apart from prompt template ids
// in the one id space the store and reports use.
const systemBit = 1 << 31

// Assign sets x.Profile.Template and x.Profile.System from x.Sig.
func (t *Templates) Assign(e *record.Exchange, x *Exchange) { t.AssignTo(e, &x.Profile, &x.Sig) }

// AssignTo is Assign for an Exchange's parts kept apart (see ExtractTo).
func (t *Templates) AssignTo(e *record.Exchange, p *profile.Signals, pair *template.Pair) {
	if !p.Text {
		return // pair is not set (see Exchange.Sig)
	}
	if !pair.PromptSig.IsZero() {
		id := t.prompts.Assign(pair.PromptSig)
		p.Template = id
		if t.prompts.Count(id) == exampleAt && e.Prompt != "" {
			t.examples[id] = t.example(e.Prompt)
		}
	}
	if !pair.SystemSig.IsZero() {
		id := t.systems.Assign(pair.SystemSig) | systemBit
		p.System = id
		if t.systems.Count(id&^systemBit) == exampleAt && e.System != "" {
			t.examples[id] = t.example(e.System)
		}
	}
}

func (t *Templates) example(text string) string {
	if len(text) > 400 {
		text = text[:400]
	}
	t.mask = template.Mask(t.mask[:0], text)
	r := []rune(string(t.mask))
	if len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return string(r)
}

// Find resolves an id given by Assign to its template's final id, after
// merges that happened later in the input.
func (t *Templates) Find(id uint32) uint32 {
	if id&systemBit != 0 {
		return t.systems.Find(id&^systemBit) | systemBit
	}
	return t.prompts.Find(id)
}

// Examples returns the kept examples keyed by final template id.
func (t *Templates) Examples() map[uint32]string {
	// Templates merged into one may each have kept an example: the lowest
	// id's wins, not whichever the map yields first, so that a report
	// quotes the same text on every run.
	ids := make([]uint32, 0, len(t.examples))
	for id := range t.examples {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make(map[uint32]string, len(t.examples))
	for _, id := range ids {
		f := t.Find(id)
		if _, ok := out[f]; !ok {
			out[f] = t.examples[id]
		}
	}
	return out
}
