package textgen

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/distillguard/distillguard/internal/record"
)

// generator holds everything compiled once: the grammar, rule ids of the hot
// path, banks, and a pool of scratch states so that a call allocates little
// more than its result.
type generator struct {
	gr   *grammar
	real *RealPrompts

	ff, fu, xl, tu  [record.NumCapabilities]int32
	cot, fuAny      int32
	hpAny, hsAny    int32
	hp              [record.NumCapabilities]int32
	trIntro         int32
	mathQ, mathS    []int32
	slotRule        [numSlotKinds]int32
	idFirst, idLast int32
	idDomain        int32
	firstNames      []string
	rb              respBanks
	// sysBank holds short system prompts of individual users, made once so
	// that picking one allocates nothing.
	sysBank []string

	pool sync.Pool
}

// state is the scratch space of one call.
type state struct {
	x    expander
	vbuf []byte
	voff []int32
	tmp  []byte
}

func newGenerator(real *RealPrompts) *generator {
	g := &generator{real: real, firstNames: firstNames}
	g.gr = compileGrammar(grammarSources()...)
	for c, n := range capKey {
		g.ff[c] = g.gr.id("ff_" + n)
		g.fu[c] = g.gr.id("fu_" + n)
		g.xl[c] = g.gr.id("xl_" + n)
		g.tu[c] = g.gr.id("tu_" + n)
		g.hp[c] = g.gr.id("hp_" + n)
	}
	g.cot = g.gr.id("cot")
	g.fuAny = g.gr.id("fu_any")
	g.hpAny = g.gr.id("hp_any")
	g.hsAny = g.gr.id("hs_any")
	g.trIntro = g.gr.id("tr_intro")
	for i := range mathKinds {
		g.mathQ = append(g.mathQ, g.gr.id("mq_"+mathKinds[i].name))
		g.mathS = append(g.mathS, g.gr.id("ms_"+mathKinds[i].name))
	}
	for k := slName; k < numSlotKinds; k++ {
		g.slotRule[k] = g.gr.id("s_" + slotNames[k])
	}
	g.idFirst = g.slotRule[slName]
	g.idLast = g.gr.id("s_last")
	g.idDomain = g.slotRule[slDomain]
	g.buildBanks()
	sr := rand.New(rand.NewPCG(0x5157, 0xBA11))
	seen := map[string]bool{}
	sysID := g.gr.id("sys_short")
	for i := 0; i < 4000 && len(g.sysBank) < 600; i++ {
		x := expander{g: g, r: sr}
		x.rule(sysID)
		if s := string(x.buf); !seen[s] {
			seen[s] = true
			g.sysBank = append(g.sysBank, s)
		}
	}
	if len(g.sysBank) == 0 {
		g.sysBank = []string{"You are a helpful assistant."}
	}
	g.pool.New = func() any {
		s := &state{}
		s.x.buf = make([]byte, 0, 8192)
		s.x.nb = make([]byte, 0, 256)
		s.vbuf = make([]byte, 0, 1024)
		s.tmp = make([]byte, 0, 2048)
		return s
	}
	return g
}

func (g *generator) get(r *rand.Rand) *state {
	s := g.pool.Get().(*state)
	x := &s.x
	// Reset field by field: the variable arrays hold pointers, and clearing
	// them on every call costs write barriers; they are cleared only when a
	// call used them.
	x.g, x.r, x.buf, x.nb = g, r, x.buf[:0], x.nb[:0]
	x.sem, x.fam, x.marks, x.famSlot = 0, false, nil, nil
	x.occ = [numSlotKinds]uint8{}
	x.lang, x.depth, x.mk, x.mode, x.ntools = 0, 0, -1, rmNone, 0
	x.wcPos, x.wcN, x.semOcc, x.semUsed = 0, 0, nil, nil
	if x.varsUsed {
		x.vars = [numVars]string{}
		x.nums = [numVars][]byte{}
		x.defer_ = [numVars]int16{}
		x.varsUsed = false
	}
	s.vbuf = s.vbuf[:0]
	s.voff = s.voff[:0]
	return s
}

func (g *generator) put(s *state) {
	if cap(s.x.buf) > 1<<20 {
		s.x.buf = make([]byte, 0, 8192)
	}
	s.x.r = nil
	s.x.famSlot = nil
	g.pool.Put(s)
}

// finish turns the buffer into the Text: one allocation holds both prompt
// and response (a caller that keeps only one of them keeps both alive).
func finish(x *expander, sys string, promptEnd int) Text {
	s := string(x.buf)
	return Text{System: sys, Prompt: s[:promptEnd], Response: s[promptEnd:]}
}

func (g *generator) freeForm(r *rand.Rand, c record.Capability, o Options) Text {
	if c >= record.NumCapabilities {
		c = record.General
	}
	r = orDefault(r)
	st := g.get(r)
	defer g.put(st)
	x := &st.x
	// Draws that do not depend on the options come first, so that the same
	// seed gives the same request with and without CoT or a transcript.
	u := r.Uint64()
	var sys string
	if u%100 < 12 {
		sys = g.sysBank[r.IntN(len(g.sysBank))]
	}
	x.lang = langPick[r.IntN(len(langPick))]
	switch {
	case o.Turn > 1:
		if r.IntN(3) == 0 {
			x.rule(g.fuAny)
		} else {
			x.rule(g.fu[c])
		}
		x.humanNoise(0)
	case g.real != nil && len(g.real.byCap[c]) > 0 && (u>>16)%100 < 75:
		p := g.real.byCap[c]
		x.buf = append(x.buf, p[r.IntN(len(p))]...) // real text is left as written
	case (u>>24)%1000 < 35:
		x.rule(g.xl[c])
	default:
		x.humanPrompt(c, u)
	}
	cotStart := o.CoT && (u>>8)%100 < 35
	if o.CoT && !cotStart {
		trimNL(x)
		x.buf = append(x.buf, cotSep[r.IntN(len(cotSep))]...)
		x.rule(g.cot)
	}
	// Whatever goes before the request is written after it, then rotated
	// to the front.
	pre := len(x.buf)
	tf, trLen := -1, 0
	if o.SyntheticTranscript {
		tf = r.IntN(numTranscriptFormats)
		mk, mode, tools, ntools, lang, nums := x.mk, x.mode, x.tools, x.ntools, x.lang, x.nums
		x.transcriptOpen(st, c, tf)
		x.mk, x.mode, x.tools, x.ntools, x.lang, x.nums = mk, mode, tools, ntools, lang, nums
		trLen = len(x.buf) - pre
	}
	if cotStart {
		x.rule(g.cot)
		x.buf = append(x.buf, cotSep[r.IntN(len(cotSep))]...)
	}
	st.rotate(pre)
	if tf >= 0 {
		x.transcriptClose(st, tf, trLen)
	}
	promptEnd := len(x.buf)
	x.respond(c, o)
	return finish(x, sys, promptEnd)
}

// orDefault replaces a nil source with a fixed one: a caller's mistake
// gives repetitive text rather than a panic.
func orDefault(r *rand.Rand) *rand.Rand {
	if r == nil {
		return rand.New(rand.NewPCG(0x6e696c, 0x72616e64))
	}
	return r
}

// rotate moves x.buf[from:] to the front of the buffer.
func (st *state) rotate(from int) {
	x := &st.x
	if from <= 0 || from >= len(x.buf) {
		return
	}
	st.tmp = append(st.tmp[:0], x.buf[from:]...)
	copy(x.buf[len(st.tmp):], x.buf[:from])
	copy(x.buf, st.tmp)
}

// humanPrompt writes a procedural prompt as a person types it: sometimes a
// greeting or some context before it, a word of thanks after it, all
// lowercase, a typo.
func (x *expander) humanPrompt(c record.Capability, u uint64) {
	g := x.g
	pre := -1
	switch v := (u >> 40) % 100; {
	case v < 20:
		x.rule(g.hpAny)
		pre = len(x.buf)
	case v < 34:
		x.rule(g.hp[c])
		pre = len(x.buf)
	}
	start := len(x.buf)
	if c == record.Reasoning {
		// Puzzles name their people and things through variables, so that
		// "{%name}" is the same person throughout.
		x.setMathScene(x.r.IntN(len(mathKinds)))
	}
	x.rule(g.ff[c])
	if pre > 0 && pre < len(x.buf) && x.buf[pre-1] == ' ' && pre >= 2 && x.buf[pre-2] == ',' {
		// "hey, can you…": the request goes on in lowercase.
		if b := x.buf[start:]; len(b) > 1 && b[0] >= 'A' && b[0] <= 'Z' && b[1] >= 'a' && b[1] <= 'z' {
			b[0] += 32
		}
	}
	if (u>>48)%100 < 28 {
		if bytes.IndexByte(x.buf[start:], '\n') >= 0 {
			trimNL(x)
			x.buf = append(x.buf, "\n\n"...)
		} else {
			x.buf = append(x.buf, ' ')
		}
		x.rule(g.hsAny)
	}
	x.humanNoise(0)
}

var cotSep = []string{"\n\n", " ", "\n", "\n\n", " "}

// humanNoise makes a procedural prompt look typed by a person now and then:
// all lowercase, no final punctuation, a typo or two. Only the first
// paragraph is touched (what people type; pasted code and logs stay as they
// are), and only ASCII letters, so the text stays valid UTF-8.
func (x *expander) humanNoise(start int) {
	r := x.r
	roll := r.Uint32()
	end := start
	for end < len(x.buf) {
		if x.buf[end] == '\n' || x.buf[end] == '`' {
			break
		}
		end++
	}
	if end-start < 3 {
		return
	}
	if roll%100 < 11 {
		lowerASCII(x.buf[start:end])
	}
	if (roll>>8)%100 < 12 && end == len(x.buf) {
		if c := x.buf[end-1]; c == '.' || c == '?' || c == '!' {
			x.buf = x.buf[:end-1]
			end--
		}
	}
	if (roll>>16)%100 < 11 {
		n := 1 + r.IntN(3)
		for i := 0; i < n && end-start > 3; i++ {
			p := start + 1 + r.IntN(end-start-2)
			a, b := x.buf[p], x.buf[p+1]
			if !isLower(a) || !isLower(b) || !isLower(x.buf[p-1]) {
				continue
			}
			switch r.IntN(3) {
			case 0: // swap
				x.buf[p], x.buf[p+1] = b, a
			case 1: // drop
				copy(x.buf[p:], x.buf[p+1:])
				x.buf = x.buf[:len(x.buf)-1]
				end--
			default: // double
				x.buf = append(x.buf, 0)
				copy(x.buf[p+1:], x.buf[p:])
				end++
			}
		}
	}
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// Transcript formats: fake earlier turns inside one prompt.
const numTranscriptFormats = 9

var trRoles = [numTranscriptFormats][4]string{
	// user prefix, user suffix, assistant prefix, assistant suffix
	{"User: ", "\n", "Assistant: ", "\n"},
	{"Human: ", "\n\n", "AI: ", "\n\n"},
	{"### Instruction:\n", "\n\n", "### Response:\n", "\n\n"},
	{"{\"role\": \"user\", \"content\": \"", "\"}, ", "{\"role\": \"assistant\", \"content\": \"", "\"}, "},
	{"<|im_start|>user\n", "<|im_end|>\n", "<|im_start|>assistant\n", "<|im_end|>\n"},
	{"<s>[INST] ", " [/INST] ", "", " </s>"},
	{"Q: ", "\n", "A: ", "\n\n"},
	{"<user>", "</user>\n", "<assistant>", "</assistant>\n"},
	{"Customer: ", "\n", "Agent: ", "\n"},
}

func (x *expander) transcriptOpen(st *state, c record.Capability, f int) {
	r := x.r
	if r.IntN(2) == 0 {
		x.rule(x.g.trIntro)
		x.buf = append(x.buf, "\n\n"...)
	}
	if f == 3 {
		x.buf = append(x.buf, "messages = ["...)
	}
	turns := 1 + r.IntN(3)
	roles := &trRoles[f]
	for i := 0; i < turns; i++ {
		x.buf = append(x.buf, roles[0]...)
		s := len(x.buf)
		x.rule(x.g.tu[c])
		if f == 3 {
			x.escapeJSON(st, s)
		}
		x.buf = append(x.buf, roles[1]...)
		x.buf = append(x.buf, roles[2]...)
		s = len(x.buf)
		x.shortAnswer(c)
		if f == 3 {
			x.escapeJSON(st, s)
		}
		x.buf = append(x.buf, roles[3]...)
		if f == 5 && i < turns-1 {
			x.buf = append(x.buf, ' ')
		}
	}
	x.buf = append(x.buf, roles[0]...)
}

func (x *expander) transcriptClose(st *state, f int, bodyStart int) {
	roles := &trRoles[f]
	switch f {
	case 3:
		x.escapeJSON(st, bodyStart)
		x.buf = append(x.buf, "\"}]"...)
	case 5:
		x.buf = append(x.buf, " [/INST]"...)
	case 0, 1, 2, 6, 8:
		x.buf = append(x.buf, roles[1]...)
		x.buf = append(x.buf, strings.TrimRight(roles[2], " \n")...)
		if f == 2 {
			x.buf = append(x.buf, '\n')
		}
	case 4:
		x.buf = append(x.buf, roles[1]...)
		x.buf = append(x.buf, roles[2]...)
	case 7:
		x.buf = append(x.buf, roles[1]...)
	}
}

// escapeJSON escapes x.buf[from:] as the inside of a JSON string.
func (x *expander) escapeJSON(st *state, from int) {
	need := false
	for _, c := range x.buf[from:] {
		if c == '"' || c == '\\' || c < 0x20 {
			need = true
			break
		}
	}
	if !need {
		return
	}
	st.tmp = append(st.tmp[:0], x.buf[from:]...)
	x.buf = x.buf[:from]
	for _, c := range st.tmp {
		switch {
		case c == '"':
			x.buf = append(x.buf, '\\', '"')
		case c == '\\':
			x.buf = append(x.buf, '\\', '\\')
		case c == '\n':
			x.buf = append(x.buf, '\\', 'n')
		case c == '\t':
			x.buf = append(x.buf, '\\', 't')
		case c < 0x20:
			x.buf = append(x.buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		default:
			x.buf = append(x.buf, c)
		}
	}
}
