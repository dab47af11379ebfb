// Package capability tags one API exchange with the capability it exercises,
// one of the seven labels of the findings contract (coding, agentic,
// long_horizon, reasoning, grading, vision, general), so that a campaign's
// "capabilities" shares can be counted and a report can say what an
// operation was harvesting.
//
// It is a transparent, dependency-free scorer, not a model, because it runs
// on every exchange of logs with tens of millions of them and because an
// analyst must be able to read why an exchange got its tag. Each label
// collects evidence from three places:
//
//   - a weighted lexicon of words and short phrases (lexicon.go), matched
//     over the lower-cased word hashes of internal/signals/textscan, each
//     phrase counting fully once, half the second time, a quarter the third;
//   - cheap structural features and rules: code fences, inline code,
//     indented and brace- or semicolon-terminated lines, snake_case,
//     camelCase and call syntax, operators, ">>>" examples (coding);
//     numbers next to a quantity question, the word-problem shape (numbers
//     in the setup, then a wh-question), arithmetic between digits, letter
//     variables, LaTeX (reasoning); a judging verb or a verdict format next
//     to a judged object, "Score:" lines, [[A]] verdicts (grading); a
//     use-verb a few words before a tool noun, tool names beside tool words,
//     tool-schema JSON keys (agentic); several project-scale cues and "X by
//     X" incremental work (long_horizon); "this/attached/my … image"
//     (vision);
//   - request metadata: images, tool definitions and tool calls, turns and
//     input size, extended thinking, output budget, user agent.
//
// The prompt counts fully, the system prompt at 0.7 and the first 4 KiB of
// the response at a quarter (a weak hint). General starts with a fixed
// baseline, so an exchange gets a specialised label only when that label's
// evidence beats ordinary-text evidence; subject nouns (movies, food) count
// little for general, writing tasks (a poem, an email) count more. Long
// texts are judged by density: lexicon evidence is damped beyond 200 words,
// and in long texts words in the middle count half as much as the head and
// tail where instructions sit. Talk about pictures without an image is
// capped: text alone adds at most 2.2 to vision.
//
// Words that change meaning with position are handled by the lexicon's
// requirements: "grade the" counts only when it opens a sentence ("Grade the
// essay", not "the lowest grade the class got"), "Score:" only at a line
// start, "include" only after '#'. Negative phrases cancel look-alikes
// ("grade 5", "credit score", "python snakes", "text to image").
//
// # Metadata rules
//
// Metadata always adds evidence; without any text (zero-data-retention
// traffic) it is all there is, and the general baseline drops from 1.0 to
// 0.5 so that these rules decide:
//
//   - long session: turns ≥ 20 with input ≥ 32k tokens or tool use, or turns
//     ≥ 50, or input ≥ 100k tokens with turns ≥ 6 → long_horizon (+5);
//     turns ≥ 10 with input ≥ 16k tokens or tool use → long_horizon (+2);
//   - tool use (tools > 0, tool_calls > 0 or stop_reason "tool_use") →
//     agentic (+4.5, more with many tools or a tool call; +3.5 in a medium
//     session, +2 in a long one), so a function-calling request is agentic
//     whatever its user text says;
//   - images > 0 → vision (+3.5, more for several images), unless tool use
//     makes it a computer-use agent (agentic wins) or the text very clearly
//     says otherwise; a request known to carry no image (images field
//     present and 0) has its textual vision evidence cut to a quarter;
//   - extended thinking → reasoning (+0.8 without text, +0.4 with);
//   - without text only: a long input (≥ 300 tokens) with a tiny output
//     budget (max_tokens ≤ 16, or output_tokens ≤ 8) → grading (+0.9), the
//     shape of reward-model judging;
//   - a coding-tool user agent (cursor, aider, copilot, codex, claude-code,
//     cline, windsurf…) → coding (+0.8 without text, +0.3 with);
//   - nothing else → general.
//
// Use a Tagger per goroutine for zero allocations; Tag and Scores are
// convenience functions over a pool of Taggers. TagScanned lets several
// signals share one tokenisation (see internal/signals/extraction).
package capability

import (
	"fmt"
	"math"
	"math/bits"
	"sort"
	"strings"
	"sync"

	"github.com/distillguard/distillguard/internal/dict"
	"github.com/distillguard/distillguard/internal/record"
	"github.com/distillguard/distillguard/internal/signals/textscan"
)

// N is the number of capability labels.
const N = int(record.NumCapabilities)

// Result is the outcome of tagging one exchange.
type Result struct {
	Label record.Capability
	// Scores is the evidence per label, indexed by record.Capability; the
	// label is its arg-max (ties go to the earlier label, general first).
	Scores [N]float32
	// Margin is the winner's lead over the runner-up: below about 0.5 the
	// tag is a close call.
	Margin float32
	// TextFree is set when the exchange carried no text and the tag comes
	// from metadata alone.
	TextFree bool
}

// Reason is one piece of evidence, for explanations.
type Reason struct {
	Label  record.Capability
	Source string // "prompt", "system", "response" or "metadata"
	What   string // the phrase or feature
	Weight float32
}

// String formats r as "label +weight source: what".
func (r Reason) String() string {
	return fmt.Sprintf("%s %+.2f %s: %s", r.Label, r.Weight, r.Source, r.What)
}

// labelKeys are the lexicon's label names, in record.Capability order.
var labelKeys = []string{"general", "code", "agent", "long", "reason", "grade", "vision"}

// groups counted for the co-occurrence and proximity rules, in bit order
const (
	gQuant = iota
	gNumWord
	gJudge
	gObject
	gCode
	gLang
	gVisRef
	gTool
	gProj
	gScale
	gUnit
	gSeq
	gVerdict
	gToolV
	gToolN
	gDeictic
	gImgN
	numGroups
)

var groupKeys = []string{"quant", "numword", "judge", "object", "code", "lang", "visref", "tool", "proj",
	"scale", "unit", "seq", "verdict", "toolv", "tooln", "deictic", "imgn"}

var theLex = textscan.MustCompileLexicon(lexicon, labelKeys, groupKeys)

// Tagger tags exchanges with reusable scratch buffers. It is not safe for
// concurrent use; keep one per goroutine. The zero value is ready to use.
type Tagger struct {
	x       textscan.Exchange
	hits    []textscan.Hit
	counts  []uint8
	touched []int32
	explain *[]Reason
	agents  [4096]agentMemo
}

// agentMemo remembers whether a user agent names a coding tool: logs repeat
// a few thousand user agents millions of times, and the substring search
// would otherwise run on every exchange. A hit is the same 64-bit hash and
// length, as the profile store's dictionaries trust a hash: comparing the
// bytes too meant reading the memo's copy, elsewhere in memory, on every
// exchange.
type agentMemo struct {
	hash   uint64
	ua     string
	coding bool
}

// codingAgent reports whether ua contains a coding tool's name; h is
// dict.Hash of ua, or 0 when the caller has not computed it.
func (t *Tagger) codingAgent(ua string, h uint64) bool {
	// A real hash for the slot: browser user agents share their length,
	// middle and tail, and a cheaper index kept evicting them.
	if h == 0 {
		h = dict.Hash(ua)
	}
	m := &t.agents[h%uint64(len(t.agents))]
	if m.hash == h && len(m.ua) == len(ua) {
		return m.coding
	}
	coding := false
	for _, a := range codingAgents {
		if containsFold(ua, a) {
			coding = true
			break
		}
	}
	*m = agentMemo{hash: h, ua: strings.Clone(ua), coding: coding}
	return coding
}

// NewTagger returns a ready Tagger.
func NewTagger() *Tagger { return &Tagger{} }

var pool = sync.Pool{New: func() any { return NewTagger() }}

// Tag returns the capability label of e. It borrows a Tagger from a pool.
func Tag(e *record.Exchange) record.Capability {
	t := pool.Get().(*Tagger)
	r := t.Analyze(e)
	pool.Put(t)
	return r.Label
}

// Scores returns the per-label evidence behind Tag(e), indexed by
// record.Capability.
func Scores(e *record.Exchange) [record.NumCapabilities]float32 {
	t := pool.Get().(*Tagger)
	r := t.Analyze(e)
	pool.Put(t)
	return r.Scores
}

// Explain returns the tag of e and the evidence behind it, strongest first.
// It allocates; use it for reports, not on the hot path.
func Explain(e *record.Exchange) (Result, []Reason) {
	var t Tagger
	var rs []Reason
	t.explain = &rs
	r := t.Analyze(e)
	sort.SliceStable(rs, func(i, j int) bool {
		return math.Abs(float64(rs[i].Weight)) > math.Abs(float64(rs[j].Weight))
	})
	return r, rs
}

// Tag returns the capability label of e.
func (t *Tagger) Tag(e *record.Exchange) record.Capability { return t.Analyze(e).Label }

// Analyze tokenises e's text and tags it.
func (t *Tagger) Analyze(e *record.Exchange) Result {
	t.x.Scan(e)
	return t.TagScanned(e, &t.x)
}

// Document weights: the prompt is the request; the system prompt frames it;
// the response is a weak hint (and is scanned only in part).
const (
	wPrompt   = 1.0
	wSystem   = 0.7
	wResponse = 0.25
)

// TagScanned tags e from text already tokenised into x (by
// textscan.Exchange.Scan), so that other signals can share the scan.
func (t *Tagger) TagScanned(e *record.Exchange, x *textscan.Exchange) Result {
	return t.TagScannedUA(e, x, 0)
}

// TagScannedUA is TagScanned for a caller that has already hashed the user
// agent (dict.Hash of e.UserAgent; 0 when not): the tagger remembers per
// user agent whether it names a coding tool, and need not hash it again.
func (t *Tagger) TagScannedUA(e *record.Exchange, x *textscan.Exchange, uaHash uint64) Result {
	var r Result
	var ev [N]float32
	hasPrompt := len(x.Prompt.Tokens) > 0
	hasSystem := len(x.System.Tokens) > 0
	hasResp := len(x.Response.Tokens) > 0
	r.TextFree = !hasPrompt && !hasSystem && !hasResp

	ws, wr := float32(wSystem), float32(wResponse)
	if !hasPrompt {
		ws, wr = 0.8, 0.5
	}
	if hasPrompt {
		t.doc(&x.Prompt, wPrompt, "prompt", &ev)
	}
	if hasSystem {
		t.doc(&x.System, ws, "system", &ev)
	}
	if hasResp {
		t.doc(&x.Response, wr, "response", &ev)
	}
	for l := range ev {
		if ev[l] < 0 {
			ev[l] = 0
		}
	}
	if ev[record.Vision] > maxTextVision {
		t.note(record.Vision, "prompt", "textual vision evidence capped", maxTextVision-ev[record.Vision])
		ev[record.Vision] = maxTextVision
	}
	if e.Has&record.HasImages != 0 && e.Images == 0 && ev[record.Vision] > 0 {
		t.note(record.Vision, "metadata", "no image attached: textual vision evidence cut", -ev[record.Vision]*0.75)
		ev[record.Vision] *= 0.25
	}
	base := float32(1.0)
	if r.TextFree {
		base = 0.5
	}
	ev[record.General] += base
	t.metadata(e, r.TextFree, uaHash, &ev)

	best, second := argmax(&ev), -1
	for l := 0; l < N; l++ {
		if l != best && (second < 0 || ev[l] > ev[second]) {
			second = l
		}
	}
	r.Scores = ev
	r.Label = record.Capability(best)
	r.Margin = ev[best] - ev[second]
	return r
}

// Label is TagScannedUA(e, x, uaHash).Label, for a caller that needs only
// the label. An exchange without text (every exchange of a
// zero-data-retention log) is labelled from its metadata alone, without
// the scores, runner-up and margin a Result carries: the same arg-max, as
// text-free evidence is never negative and the text rules add nothing.
func (t *Tagger) Label(e *record.Exchange, x *textscan.Exchange, uaHash uint64) record.Capability {
	if len(x.Prompt.Tokens) > 0 || len(x.System.Tokens) > 0 || len(x.Response.Tokens) > 0 {
		return t.TagScannedUA(e, x, uaHash).Label
	}
	var ev [N]float32
	ev[record.General] = 0.5 // TagScannedUA's text-free base
	t.metadata(e, true, uaHash, &ev)
	return record.Capability(argmax(&ev))
}

// argmax is the label with the most evidence; ties go to the earlier label,
// general first.
func argmax(ev *[N]float32) int {
	best := 0
	for l := 1; l < N; l++ {
		if ev[l] > ev[best] {
			best = l
		}
	}
	return best
}

func (t *Tagger) note(l record.Capability, src, what string, w float32) {
	if t.explain != nil && w != 0 {
		*t.explain = append(*t.explain, Reason{Label: l, Source: src, What: what, Weight: w})
	}
}

// maxTextVision caps what text alone can say for vision: talk about photos
// is not an image; the images field is the real evidence.
const maxTextVision = 2.2

// whWords open a question that asks for a quantity or a fact to compute;
// "how" counts only before a quantity word (how many, how long), not in
// "how should I".
var (
	whWords  = hashes("when", "which", "whats", "find", "calculate", "determine", "compute")
	howWords = hashes("many", "much", "long", "far", "old", "tall", "high", "fast", "big", "heavy", "often", "large", "wide", "deep")
	// "what" asks for a quantity before a copula or a quantity noun ("what
	// is", "what percentage"), not in "what board games would…"
	whatWords = hashes("is", "was", "will", "are", "were", "s", "would", "percentage", "percent", "fraction", "number", "amount",
		"total", "time", "age", "cost", "price", "value", "distance", "speed", "area", "volume", "ratio", "sum", "difference",
		"height", "length", "weight", "day", "year", "rate", "size")
)

func hashes(words ...string) []uint64 {
	out := make([]uint64, len(words))
	for i, w := range words {
		out[i] = textscan.Hash(w)
	}
	return out
}

var (
	hashWhat = textscan.Hash("what")
	hashHow  = textscan.Hash("how")
	hashBy   = textscan.Hash("by")
	// "X by X" phrases that are not incremental project work
	notIncremental = hashes("step", "side", "little", "bit", "case", "hand", "word", "line", "letter", "point", "frame", "row", "piece", "one", "two", "day", "minute", "hour", "year", "inch", "foot", "layer", "block")
)

func in(h uint64, set []uint64) bool {
	for _, x := range set {
		if h == x {
			return true
		}
	}
	return false
}

// asksQuantity reports whether the sentence starting at token i opens (in
// its first four words) with a wh-word, "how" + a quantity word, or a
// find/calculate imperative.
func asksQuantity(d *textscan.Doc, i int) bool {
	for j := i; j < i+4 && j < len(d.Tokens); j++ {
		h := d.Tokens[j].Hash
		if in(h, whWords) {
			return true
		}
		if h == hashHow && j+1 < len(d.Tokens) && in(d.Tokens[j+1].Hash, howWords) {
			return true
		}
		if h == hashWhat && j+1 < len(d.Tokens) && in(d.Tokens[j+1].Hash, whatWords) {
			return true
		}
	}
	return false
}

// proximity rules: a hit of group a followed, within dist tokens, by the
// start of a hit of group b adds w to label once per text.
var proximity = [...]struct {
	a, b  int
	dist  int32
	label record.Capability
	w     float32
	what  string
}{
	{gToolV, gToolN, 4, record.Agentic, 1.2, "use-verb before a tool noun"},
	{gDeictic, gImgN, 3, record.Vision, 1.2, "this/attached/my … image"},
}

// decay is the weight of a phrase's first, second and third occurrence.
var decay = [3]float32{1, 0.5, 0.25}

// doc adds the evidence of one scanned text, scaled by w.
func (t *Tagger) doc(d *textscan.Doc, w float32, src string, ev *[N]float32) {
	L := theLex
	if len(t.counts) < L.M.Len() {
		t.counts = make([]uint8, L.M.Len())
	}
	t.hits = L.M.Match(d, t.hits[:0])
	nt := len(d.Tokens)
	// density: damp lexicon evidence of long texts
	lw := w
	if nt > 200 {
		lw = w * float32(math.Pow(200/float64(nt), 0.4))
	}
	headEnd, tailStart := int32(nt), int32(nt)
	if nt > 300 {
		headEnd, tailStart = 150, int32(nt-100)
	}
	boostEnd := int32(0)
	if nt > 60 {
		boostEnd = 24 // the opening words state the task
	}
	var lexEv [N]float32
	var groups [numGroups]float32
	var lastAt [numGroups]int32 // token of the latest hit of each group, -1 none
	for i := range lastAt {
		lastAt[i] = -1 << 20
	}
	var prox [len(proximity)]bool
	for _, h := range t.hits {
		c := t.counts[h.ID]
		if c == 0 {
			t.touched = append(t.touched, h.ID)
		}
		if c < 255 {
			t.counts[h.ID] = c + 1
		}
		var f float32
		if c < uint8(len(decay)) {
			f = decay[c]
			if h.Tok >= headEnd && h.Tok < tailStart {
				f *= 0.5
			} else if h.Tok < boostEnd {
				f *= 1.25
			}
		}
		es := L.Entries[h.ID]
		for k := range es {
			e := &es[k]
			if !e.Applies(d, h) {
				continue
			}
			if e.Groups != 0 {
				// positions count every occurrence; weights only the first three
				first := h.Tok - int32(h.N) + 1
				for k, p := range proximity {
					if e.Groups&(1<<p.b) != 0 && first-lastAt[p.a] <= p.dist && first > lastAt[p.a] {
						prox[k] = true
					}
				}
				for gs := e.Groups; gs != 0; gs &= gs - 1 {
					g := bits.TrailingZeros32(gs)
					groups[g] += f
					lastAt[g] = h.Tok
				}
			}
			if f == 0 {
				continue
			}
			for l := range lexEv {
				lexEv[l] += f * e.W[l]
			}
			if t.explain != nil {
				for l := range lexEv {
					t.note(record.Capability(l), src, L.M.Term(h.ID), f*e.W[l]*lw)
				}
			}
		}
	}
	for _, id := range t.touched {
		t.counts[id] = 0
	}
	t.touched = t.touched[:0]
	for k, p := range proximity {
		if prox[k] {
			lexEv[p.label] += p.w
			if t.explain != nil {
				t.note(p.label, src, p.what, p.w*lw)
			}
		}
	}
	for l := range lexEv {
		ev[l] += lexEv[l] * lw
	}
	t.structure(d, w, lw/w, src, &groups, ev)
}

func clamp01(x float32) float32 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

func minf(a, b float32) float32 {
	if a < b {
		return a
	}
	return b
}

// structure adds the structural evidence of one scanned text and the
// co-occurrence rules over its lexicon groups.
//
// damp (≤ 1) is the length damping of the lexicon evidence; rules that rest
// on a single phrase anywhere in the text are damped alike.
func (t *Tagger) structure(d *textscan.Doc, w, damp float32, src string, g *[numGroups]float32, ev *[N]float32) {
	st := &d.Stats
	if st.Bytes == 0 {
		return
	}
	add := func(l record.Capability, what string, v float32) {
		if v != 0 {
			ev[l] += v * w
			t.note(l, src, what, v*w)
		}
	}

	// ---- coding: code-shaped lines, identifiers, symbols
	var under, camel, calls, members, keys, letterVars, incr int
	toks := d.Tokens
	for i := range toks {
		f := toks[i].Flags
		// "X by X" (package by package): incremental work over a long run
		if i+2 < len(toks) && toks[i+1].Hash == hashBy && toks[i].Hash == toks[i+2].Hash && f&textscan.Numeric == 0 && !in(toks[i].Hash, notIncremental) {
			incr++
		}
		if d.Tokens[i].Len == 1 && f&textscan.Capital != 0 {
			if c := d.Text[d.Tokens[i].Start]; c != 'A' && c != 'I' {
				letterVars++ // B, C, X: entities of a logic puzzle, unknowns
			}
			continue
		}
		if f&(textscan.Underscore|textscan.InnerUpper|textscan.ParenAfter|textscan.DotBefore|textscan.QuotedKey) == 0 {
			continue
		}
		if f&textscan.Numeric != 0 {
			continue
		}
		switch {
		case f&textscan.QuotedKey != 0:
			keys++
		case f&textscan.Underscore != 0:
			under++
		case f&textscan.ParenAfter != 0:
			calls++
		case f&textscan.InnerUpper != 0 && f&textscan.Capital == 0:
			// camelCase with a real lower-case head (useEffect, getById),
			// not iPhone or eBay
			if st := d.Tokens[i].Start; int(st)+2 < len(d.Text) && d.Text[st+1] >= 'a' && d.Text[st+2] >= 'a' {
				camel++
			}
		case f&textscan.DotBefore != 0 && f&textscan.Capital == 0 && d.Tokens[i].Len > 1:
			members++
		}
	}
	if st.Fences > 0 {
		add(record.Coding, "code fence", 1.2*minf(float32(st.Fences), 2))
	}
	if st.Lines >= 3 && st.CodeEndLines+st.IndentedLines >= 2 {
		frac := (float32(st.CodeEndLines) + 0.7*float32(st.IndentedLines)) / float32(st.Lines)
		add(record.Coding, "code-shaped lines", 2.5*clamp01((frac-0.15)/0.35))
	}
	sym := float32(st.Punct[textscan.PBraceOpen]+st.Punct[textscan.PBraceClose]+st.Punct[textscan.PSemicolon]+
		st.Punct[textscan.PEquals]+st.Punct[textscan.PParenOpen]+st.Punct[textscan.PBracketOpen]) / float32(st.Bytes)
	if st.Bytes >= 40 {
		add(record.Coding, "symbol density", 1.2*clamp01((sym-0.02)/0.05))
	}
	ident := float32(under) + float32(camel) + 0.7*float32(calls) + 0.5*float32(members)
	add(record.Coding, "identifiers", 0.35*minf(ident, 6))
	add(record.Coding, "operators", 0.15*minf(float32(st.Operators), 10))
	if bt := st.Punct[textscan.PBacktick]; st.Fences == 0 && bt >= 2 {
		add(record.Coding, "inline code", 0.6)
	}
	if st.Prompt3 > 0 {
		add(record.Coding, ">>> examples", 1.0)
	}

	// ---- agentic: tool-schema JSON; tool names (snake_case) in prose
	// that talks about tools
	if keys >= 3 && g[gTool] > 0 {
		add(record.Agentic, "tool JSON with tool words", 1.0)
	}
	if under > 0 && g[gTool] >= 0.75 && st.CodeEndLines+st.IndentedLines == 0 && st.Fences == 0 {
		add(record.Agentic, "tool names next to tool words", 0.8)
	}

	// ---- reasoning: numbers with a quantity question, arithmetic, LaTeX
	// Group weights count position: a cue in the middle of a long text
	// weighs half and does not reach the 0.75 thresholds on its own.
	nums := float32(st.Numbers) + 0.7*g[gNumWord]
	quant := g[gQuant] >= 0.75
	question := st.Punct[textscan.PQuestion] > 0
	switch {
	case quant && nums >= 2:
		add(record.Reasoning, "quantity question with numbers", 1.2*damp)
	case quant && nums >= 1:
		add(record.Reasoning, "quantity question with a number", 0.5*damp)
	}
	if st.Words <= 250 && nums >= 2 {
		if last := d.LastSentence(); last > 0 && asksQuantity(d, last) {
			setup := 0
			for i := 0; i < last; i++ {
				if d.Tokens[i].Flags&textscan.Numeric != 0 {
					setup++
				}
			}
			if float32(setup)+0.7*g[gNumWord] >= 1.5 {
				add(record.Reasoning, "word-problem shape (numbers, then a wh-question)", 0.8)
			}
		}
	}
	if question && nums >= 3 && st.Words <= 300 {
		add(record.Reasoning, "question about several numbers", 0.4)
	}
	if g[gUnit] >= 0.75 && (quant && nums >= 2 || question && nums >= 3) {
		add(record.Reasoning, "quantities with units", 0.4*damp)
	}
	if st.Punct[textscan.PPercent] > 0 && st.Numbers >= 2 && (quant || question) {
		add(record.Reasoning, "percentages", 0.3*damp)
	}
	if st.Words > 0 && st.Numbers >= 2 && st.Words <= 400 {
		frac := float32(st.Numbers) / float32(st.Words)
		add(record.Reasoning, "number density", 0.4*clamp01(frac/0.12))
	}
	add(record.Reasoning, "arithmetic", 0.35*minf(float32(st.MathOps), 6))
	if letterVars >= 3 && st.Words <= 300 {
		add(record.Reasoning, "letter variables", 0.5)
	}
	if st.Punct[textscan.PDollar] >= 2 && st.Punct[textscan.PBackslash] >= 2 {
		add(record.Reasoning, "LaTeX", 0.8)
	}

	// ---- grading: a judge next to a judged object; a rating scale for a
	// judged object; verdict brackets
	if g[gJudge] >= 0.75 && g[gObject] >= 0.75 {
		add(record.Grading, "judging verb with judged object", 1.0*damp)
	}
	if g[gVerdict] >= 0.75 && g[gObject] >= 0.75 {
		add(record.Grading, "verdict format for a judged object", 1.0*damp)
	} else if g[gVerdict] >= 0.75 && g[gJudge] >= 0.75 {
		add(record.Grading, "verdict format with a judging verb", 0.5*damp)
	}
	if g[gScale] >= 0.75 && g[gObject] >= 0.75 {
		add(record.Grading, "rating scale for a judged object", 0.8*damp)
	}
	if st.DoubleBracket >= 2 && g[gJudge] > 0 {
		add(record.Grading, "[[verdict]] format", 0.8)
	}

	// ---- long horizon: several project-scale cues, long plans
	if incr > 0 {
		add(record.LongHorizon, "incremental work (X by X)", 1.0*damp)
		g[gProj]++
	}
	switch {
	case g[gProj] >= 2.5:
		add(record.LongHorizon, "several project-scale cues", 1.6)
	case g[gProj] >= 1.5:
		add(record.LongHorizon, "several project-scale cues", 0.8)
	}
	if g[gSeq] >= 3 && g[gProj] >= 0.75 {
		add(record.LongHorizon, "a sequence of project steps", 0.8)
	}
	if st.ListLines >= 6 && g[gProj] > 0 {
		add(record.LongHorizon, "long task list", 0.5)
	}
}

// codingAgents are user-agent fragments of coding tools.
var codingAgents = []string{"cursor", "aider", "copilot", "codex", "claude-code", "claude-cli", "cline", "windsurf", "continue", "roo-code", "opencode", "zed"}

func containsFold(s, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 32
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// log2Small holds float32(math.Log2(n)) for the small counts requests
// carry, which every metadata-only exchange would otherwise compute.
var log2Small = func() (t [64]float32) {
	for n := range t {
		t[n] = float32(math.Log2(float64(n)))
	}
	return t
}()

// log2 is float32(math.Log2(n)), from the table when n is small.
func log2(n int64) float32 {
	if n >= 0 && n < int64(len(log2Small)) {
		return log2Small[n]
	}
	return float32(math.Log2(float64(n)))
}

// metadata adds the evidence of the request's metadata (see the package
// documentation for the rules).
func (t *Tagger) metadata(e *record.Exchange, textFree bool, uaHash uint64, ev *[N]float32) {
	add := func(l record.Capability, what string, v float32) {
		ev[l] += v
		t.note(l, "metadata", what, v)
	}
	agentLoop := e.Tools > 0 || e.ToolCalls > 0 || e.StopReason == "tool_use"
	turns, in := e.Turns, e.InputTokens
	longSess := turns >= 20 && (in >= 32000 || agentLoop) || turns >= 50 || in >= 100000 && turns >= 6
	medium := !longSess && turns >= 10 && (in >= 16000 || agentLoop)
	switch {
	case longSess:
		add(record.LongHorizon, "long session (turns, input size)", 5)
		if agentLoop {
			add(record.Agentic, "tool use", 2)
		}
	case medium:
		add(record.LongHorizon, "multi-turn session", 2)
		if agentLoop {
			add(record.Agentic, "tool use", 3.5)
		}
	case agentLoop:
		v := float32(4.5)
		if e.Tools > 0 {
			v += 0.3 * minf(log2(1+e.Tools), 5)
		}
		if e.ToolCalls > 0 {
			v += 0.5
		}
		add(record.Agentic, "tool definitions / tool calls", v)
	}
	if e.Images > 0 {
		v := 3.5 + 0.5*minf(log2(e.Images), 3)
		add(record.Vision, "image input", v)
	}
	if e.Thinking {
		if textFree {
			add(record.Reasoning, "extended thinking", 0.8)
		} else {
			add(record.Reasoning, "extended thinking", 0.4)
		}
	}
	if textFree && in >= 300 && (e.MaxTokens > 0 && e.MaxTokens <= 16 || e.Has&record.HasOutputTokens != 0 && e.OutputTokens > 0 && e.OutputTokens <= 8) {
		add(record.Grading, "long input, tiny output budget", 0.9)
	}
	if e.UserAgent != "" && t.codingAgent(e.UserAgent, uaHash) {
		if textFree {
			add(record.Coding, "coding-tool user agent", 0.8)
		} else {
			add(record.Coding, "coding-tool user agent", 0.3)
		}
	}
}
