// Package extraction detects, in one exchange's request text, the prompt
// patterns that distillation campaigns use to harvest a model's answers:
// requests to write out the full reasoning (chain-of-thought elicitation),
// rubric and preference judging (the model used as a reward model), single
// prompts that embed a fake multi-turn conversation, requests to rewrite a
// sensitive request into a "safe" one, requests for training data, and
// output templates that split reasoning from the final answer so that a
// harvester can parse them.
//
// Each marker is one bit of a Set. The detector is a transparent phrase
// matcher with a few co-occurrence rules, built on the shared tokenisation
// of internal/signals/textscan, because it runs on every exchange of very
// large logs and because a flagged exchange must be explainable by the
// phrases that fired. Precision comes first: honest users ask for "step by
// step instructions to bake bread" and teach "grade 5 students", so
// ambiguous words only count next to the words that make them extraction
// patterns ("step by step" near a reasoning verb and away from
// "instructions"; "grade" next to a judged object).
//
// The system prompt and the prompt are read (campaigns often put the
// elicitation in the system prompt); the response is not. Without text
// (zero-data retention) the Set is empty.
package extraction

import (
	"math/bits"
	"strings"
	"sync"

	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals/textscan"
)

// Set is a bit set of extraction markers.
type Set uint8

// The markers.
const (
	// CoTElicit: asks for the full reasoning behind an answer (think step by
	// step, show your work, explain every step before the final answer).
	CoTElicit Set = 1 << iota
	// Grading: rubric grading, scoring a response against criteria,
	// pairwise preference judging, reward-model style rating.
	Grading
	// Transcript: one prompt embedding fake earlier turns (User:/Assistant:,
	// ### Instruction/### Response, repeated Q:/A:, JSON role arrays, chat
	// template tokens).
	Transcript
	// SafeRewrite: asks to rewrite a sensitive or policy-violating request
	// into a safe one, or for a censored, sanitised alternative answer.
	SafeRewrite
	// DataGen: asks for training data outright (instruction-response pairs,
	// a synthetic dataset, examples to fine-tune or distil a model).
	DataGen
	// FormatHarvest: imposes an output template that separates the reasoning
	// from the final answer (\boxed{}, <think> tags, "Reasoning:" and
	// "Answer:" slots, JSON reasoning/answer keys), the shape of automated
	// trace harvesting.
	FormatHarvest
)

// NumMarkers is the number of markers.
const NumMarkers = 6

// All is every marker.
const All Set = 1<<NumMarkers - 1

var markerNames = [NumMarkers]string{"cot_elicit", "grading", "transcript", "safe_rewrite", "data_gen", "format_harvest"}

// Has reports whether s contains every marker of m.
func (s Set) Has(m Set) bool { return s&m == m }

// Names returns the names of the markers in s, in bit order.
func (s Set) Names() []string {
	var out []string
	for i, n := range markerNames {
		if s&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// String returns the marker names joined by '|', or "none".
func (s Set) String() string {
	if s&All == 0 {
		return "none"
	}
	return strings.Join(s.Names(), "|")
}

// marker indices = bit positions = lexicon label order
const (
	mCoT = iota
	mGrade
	mTranscript
	mSafe
	mData
	mFormat
)

var labelKeys = []string{"cot", "grade", "transcript", "safe", "datagen", "format"}

const (
	gStep = iota
	gReason
	gInstr
	gJudge
	gObject
	gVerdict
	gScale
	gRewrite
	gSafe
	gSensitive
	gRSlot
	gASlot
	gExpose
	gTrace
	gBefore
	gBulk
	gTrain
	numGroups
)

var groupKeys = []string{"step", "reason", "instr", "judge", "object", "verdict", "scale", "rewrite", "safe", "sensitive", "rslot", "aslot",
	"expose", "trace", "before", "bulk", "train"}

var theLex = textscan.MustCompileLexicon(lexicon, labelKeys, groupKeys)

// cjkCoT are chain-of-thought requests in languages written without spaces,
// found by substring search when a text has non-ASCII bytes.
var cjkCoT = []string{
	"一步一步", "一步步", "逐步思考", "逐步推理", "逐步分析", "逐步解", "思考过程", "推理过程", "解题过程", "写出推理", "展示推理", "详细推理",
	"ステップバイステップ", "段階的に考え", "順を追って考え", "考え方を示", "思考過程",
	"단계별로", "차근차근", "풀이 과정",
}

// Detector finds markers with reusable scratch buffers. It is not safe for
// concurrent use; keep one per goroutine. The zero value is ready.
type Detector struct {
	x       textscan.Exchange
	hits    []textscan.Hit
	counts  []uint8 // per lexicon term: occurrences in the current text
	touched []int32
	// Why, when non-nil, receives the phrases and rules that fired.
	Why *[]string
}

var pool = sync.Pool{New: func() any { return new(Detector) }}

// Markers returns the extraction markers of e's system prompt and prompt. It
// borrows a Detector from a pool.
func Markers(e *record.Exchange) Set {
	d := pool.Get().(*Detector)
	s := d.Markers(e)
	pool.Put(d)
	return s
}

// Explain returns the markers of e and the phrases and rules behind them.
func Explain(e *record.Exchange) (Set, []string) {
	var d Detector
	var why []string
	d.Why = &why
	return d.Markers(e), why
}

// Markers tokenises e's system prompt and prompt and returns their markers.
func (d *Detector) Markers(e *record.Exchange) Set {
	d.x.System.Reset()
	d.x.Prompt.Reset()
	d.x.Response.Reset()
	if e.System != "" {
		d.x.System.Scan(e.System, textscan.SystemLimit)
	}
	if e.Prompt != "" {
		d.x.Prompt.Scan(e.Prompt, textscan.PromptLimit)
	}
	return d.MarkersScanned(&d.x)
}

// MarkersScanned returns the markers of text already tokenised into x (by
// textscan.Exchange.Scan), so that several signals share one scan. Only
// x.System and x.Prompt are read.
func (d *Detector) MarkersScanned(x *textscan.Exchange) Set {
	if len(x.System.Tokens) == 0 && len(x.Prompt.Tokens) == 0 {
		return 0 // no text, no evidence: every exchange of a log without text
	}
	var ev evidence
	d.doc(&x.System, &ev)
	d.doc(&x.Prompt, &ev)
	var s Set
	// rules that may combine evidence from the system prompt and the prompt
	if ev.groups[gJudge] > 0 && ev.groups[gObject] > 0 {
		ev.add(mGrade, 0.8, "judging verb with judged object", d.Why)
	}
	if ev.groups[gVerdict] > 0 && ev.groups[gObject] > 0 {
		ev.add(mGrade, 0.8, "verdict format for a judged object", d.Why)
	}
	if ev.groups[gScale] > 0 && ev.groups[gObject] > 0 {
		ev.add(mGrade, 0.6, "rating scale for a judged object", d.Why)
	}
	if ev.groups[gRSlot] > 0 && ev.groups[gASlot] > 0 {
		ev.add(mFormat, 1.0, "reasoning slot and answer slot", d.Why)
	}
	if ev.groups[gBulk] > 0 && ev.groups[gTrain] > 0 {
		ev.add(mData, 1.0, "many items for training", d.Why)
	}
	for m := 0; m < NumMarkers; m++ {
		if ev.score[m] >= 1 {
			s |= 1 << m
		}
	}
	return s
}

type evidence struct {
	score  [NumMarkers]float32
	groups [numGroups]float32
}

func (ev *evidence) add(m int, w float32, why string, out *[]string) {
	ev.score[m] += w
	if out != nil && w != 0 {
		*out = append(*out, markerNames[m]+": "+why)
	}
}

// positions of a few groups' hits in one text, for proximity rules
const maxPos = 16

type posList struct {
	n   int
	pos [maxPos]int32 // first token of the phrase
	end [maxPos]int32 // last token
}

func (p *posList) add(first, last int32) {
	if p.n < maxPos {
		p.pos[p.n], p.end[p.n] = first, last
		p.n++
	}
}

// near reports whether some phrase in q lies within dist tokens of [a, b].
func (q *posList) near(a, b, dist int32) bool {
	for i := 0; i < q.n; i++ {
		if q.end[i] >= a-dist && q.pos[i] <= b+dist && !(q.pos[i] >= a && q.end[i] <= b) {
			return true
		}
	}
	return false
}

// before reports whether some phrase in q ends within dist tokens before
// token a.
func (q *posList) before(a, dist int32) bool {
	for i := 0; i < q.n; i++ {
		if q.end[i] < a && q.end[i] >= a-dist {
			return true
		}
	}
	return false
}

var decay = [3]float32{1, 0.5, 0.25}

// doc adds the evidence of one scanned text.
func (d *Detector) doc(doc *textscan.Doc, ev *evidence) {
	if len(doc.Tokens) == 0 {
		return
	}
	L := theLex
	d.hits = L.M.Match(doc, d.hits[:0])
	var step, reason, instr, rewrite, safe, expose, trace, before posList
	if len(d.counts) < L.M.Len() {
		d.counts = make([]uint8, L.M.Len())
	}
	for _, h := range d.hits {
		c := int(d.counts[h.ID])
		if c == 0 {
			d.touched = append(d.touched, h.ID)
		}
		if c < 255 {
			d.counts[h.ID]++
		}
		for k := range L.Entries[h.ID] {
			e := &L.Entries[h.ID][k]
			if !e.Applies(doc, h) {
				continue
			}
			first := h.Tok - int32(h.N) + 1
			if e.Groups != 0 {
				for gs := e.Groups; gs != 0; gs &= gs - 1 {
					ev.groups[bits.TrailingZeros32(gs)]++
				}
				if e.Groups&(1<<gStep) != 0 {
					step.add(first, h.Tok)
				}
				if e.Groups&(1<<gReason) != 0 {
					reason.add(first, h.Tok)
				}
				if e.Groups&(1<<gInstr) != 0 {
					instr.add(first, h.Tok)
				}
				if e.Groups&(1<<gRewrite) != 0 {
					rewrite.add(first, h.Tok)
				}
				if e.Groups&(1<<gSafe) != 0 {
					safe.add(first, h.Tok)
				}
				if e.Groups&(1<<gExpose) != 0 {
					expose.add(first, h.Tok)
				}
				if e.Groups&(1<<gTrace) != 0 {
					trace.add(first, h.Tok)
				}
				if e.Groups&(1<<gBefore) != 0 {
					before.add(first, h.Tok)
				}
			}
			if c >= len(decay) {
				continue
			}
			f := decay[c]
			for m := 0; m < NumMarkers; m++ {
				if w := e.W[m]; w != 0 {
					ev.add(m, f*w, L.M.Term(h.ID), d.Why)
				}
			}
		}
	}

	for _, id := range d.touched {
		d.counts[id] = 0
	}
	d.touched = d.touched[:0]

	// chain of thought: "step by step" next to a reasoning word, away from
	// practical-instruction words
	for i := 0; i < step.n; i++ {
		a, b := step.pos[i], step.end[i]
		if (reason.near(a, b, 8) || before.near(a, b, 8)) && !instr.near(a, b, 4) {
			ev.add(mCoT, 1.0, "step by step next to a reasoning word", d.Why)
			break
		}
	}
	// an expose-verb shortly before a trace noun: "lay out each inference",
	// "narrate your thought process", "justify each one"
	for i := 0; i < trace.n; i++ {
		if expose.before(trace.pos[i], 4) {
			ev.add(mCoT, 1.0, "expose-verb before a reasoning-trace noun", d.Why)
			break
		}
	}
	// the answer only after the reasoning
	if before.n > 0 && (trace.n > 0 || reason.n > 0 && expose.n > 0) {
		ev.add(mCoT, 0.6, "answer only after the reasoning", d.Why)
	}
	if doc.Stats.NonASCII > 0 {
		for _, p := range cjkCoT {
			if strings.Contains(doc.Text, p) {
				ev.add(mCoT, 1.0, p, d.Why)
				break
			}
		}
	}

	// safe rewrite: a rewriting verb near a safety target; more when the
	// object is a sensitive request
	for i := 0; i < rewrite.n; i++ {
		if safe.near(rewrite.pos[i], rewrite.end[i], 12) {
			w := float32(0.5)
			if ev.groups[gSensitive] > 0 {
				w = 1.0
			}
			ev.add(mSafe, w, "rewriting verb near a safety target", d.Why)
			break
		}
	}

	// grading: verdict brackets
	if doc.Stats.DoubleBracket >= 2 && ev.groups[gJudge] > 0 {
		ev.add(mGrade, 0.6, "[[verdict]] format", d.Why)
	}

	transcript(doc, ev, d.Why)
}

var (
	sideA = hashSet("user", "human", "customer", "client", "patient", "student", "me", "q", "question", "instruction", "prompt", "person", "usr")
	sideB = hashSet("assistant", "ai", "bot", "chatbot", "model", "gpt", "chatgpt", "claude", "gemini", "llama", "a", "answer", "response", "agent", "support", "tutor", "system", "gpt4", "sys")
	role  = textscan.Hash("role")
	// chat-template role tokens written as <|user|>, [INST], <start_of_turn>
	templ = hashSet("im_start", "start_of_turn", "start_header_id", "inst")
)

func hashSet(words ...string) []uint64 {
	out := make([]uint64, len(words))
	for i, w := range words {
		out[i] = textscan.Hash(w)
	}
	return out
}

func in(h uint64, set []uint64) bool {
	for _, x := range set {
		if x == h {
			return true
		}
	}
	return false
}

// transcript counts the turn markers of an embedded conversation.
func transcript(doc *textscan.Doc, ev *evidence, why *[]string) {
	var a, b, hdrA, hdrB, roles, tmpl int
	var spk speakers
	for i := range doc.Tokens {
		t := &doc.Tokens[i]
		f := t.Flags
		if f&(textscan.LineStart|textscan.ColonAfter|textscan.Capital) == textscan.LineStart|textscan.ColonAfter|textscan.Capital &&
			f&textscan.HeaderLine == 0 && !in(t.Hash, notSpeakers) {
			spk.add(t.Hash)
		}
		switch {
		case f&textscan.QuotedKey != 0 && t.Hash == role:
			roles++
		case f&textscan.LineStart != 0 && (f&textscan.ColonAfter != 0 || f&textscan.HeaderLine != 0):
			header := f&textscan.HeaderLine != 0
			if in(t.Hash, sideA) {
				a++
				if header {
					hdrA++
				}
			} else if in(t.Hash, sideB) {
				b++
				if header {
					hdrB++
				}
			}
		case f&textscan.OpenBefore != 0 && in(t.Hash, templ):
			tmpl++ // <|im_start|>, [INST], <start_of_turn>
		case f&textscan.OpenBefore != 0 && f&textscan.LineStart == 0 && (in(t.Hash, sideA) || in(t.Hash, sideB)):
			// <|user|>, <|assistant|> inside a line ("[Answer]" headers at
			// line start are not template tokens)
			tmpl++
		}
	}
	switch {
	case a >= 1 && b >= 1 && a+b >= 3 || a >= 2 && b >= 2:
		ev.add(mTranscript, 1.0, "alternating role lines", why)
	case hdrA >= 1 && hdrB >= 1:
		ev.add(mTranscript, 1.0, "### instruction / ### response template", why)
	case roles >= 2:
		ev.add(mTranscript, 1.0, "JSON messages with roles", why)
	case tmpl >= 2:
		ev.add(mTranscript, 1.0, "chat-template role tokens", why)
	case spk.alternating():
		ev.add(mTranscript, 1.0, "two speakers taking turns", why)
	}
}

// notSpeakers are "Label:" line heads of forms and few-shot templates, not
// of dialogue.
var notSpeakers = hashSet("input", "output", "example", "examples", "note", "notes", "title", "context", "text", "source",
	"label", "sentence", "word", "name", "date", "step", "task", "topic", "category", "summary", "description", "format",
	"subject", "from", "to", "cc", "tags", "options", "choices", "solution", "explanation", "hint", "result", "premise",
	"hypothesis", "passage", "article", "review", "rating", "score", "reason", "reasoning", "keywords", "location", "time",
	"email", "phone", "address", "price", "status", "error", "warning", "info", "debug", "usage", "returns", "args", "params")

// speakers counts the distinct "Name:" line heads of a text.
type speakers struct {
	n     int
	hash  [8]uint64
	count [8]int
}

func (s *speakers) add(h uint64) {
	for i := 0; i < s.n; i++ {
		if s.hash[i] == h {
			s.count[i]++
			return
		}
	}
	if s.n < len(s.hash) {
		s.hash[s.n], s.count[s.n] = h, 1
		s.n++
	}
}

// alternating reports whether two or three speakers take at least two
// turns each (a dialogue), rather than one label repeated or a long form.
func (s *speakers) alternating() bool {
	if s.n < 2 || s.n > 3 {
		return false
	}
	for i := 0; i < s.n; i++ {
		if s.count[i] < 2 {
			return false
		}
	}
	return true
}
