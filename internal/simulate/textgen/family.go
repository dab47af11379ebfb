package textgen

import (
	"maps"
	"math/rand/v2"
	"strings"

	"github.com/distillguard/distillguard/internal/record"
)

// A family is fixed wording around slots. Each fixed phrase is stored with a
// few paraphrases made by re-expanding its grammar rule with the family's
// semantic choices held fixed and the surface choices drawn again, so a
// paraphrase says the same thing in other words. Rendering picks variants
// and fills slots: a few hundred nanoseconds of copying.

type seg struct {
	lit  string
	slot int16 // -1 for literal text
}

type phrase struct {
	vars [][]seg // vars[0] is the canonical wording
}

type slotDef struct {
	kind slotKind
	v    varID // variable this slot feeds (numVars for none)
}

type style uint8

const (
	stPlain style = iota
	stBench
	stTicket
	stReview
	stAgent
	stJudge
	stHarvest
	stPipeline
	numStyles
)

var styleNames = [numStyles]string{"plain", "bench", "ticket", "review", "agent", "judge", "harvest", "pipeline"}

// styleWords maps words of FamilyOptions.Style to styles; the first match
// wins, so "eval-lab judging" is a judge before it is a lab.
var styleWords = []struct {
	word string
	st   style
}{
	{"judg", stJudge}, {"eval", stJudge}, {"rubric", stJudge}, {"grad", stJudge}, {"reward", stJudge},
	{"bench", stBench}, {"math", stBench}, {"lab", stBench}, {"gsm", stBench},
	{"ticket", stTicket}, {"support", stTicket}, {"triage", stTicket}, {"helpdesk", stTicket},
	{"review", stReview}, {"pr-", stReview}, {"lint", stReview},
	{"agent", stAgent}, {"tool", stAgent}, {"platform", stAgent},
	{"harvest", stHarvest}, {"distill", stHarvest}, {"extract", stHarvest}, {"attack", stHarvest}, {"hydra", stHarvest},
	{"pipeline", stPipeline}, {"enterprise", stPipeline}, {"batch", stPipeline}, {"etl", stPipeline},
}

// natural styles of each capability, for families drawn without a style.
var capStyles = [record.NumCapabilities][]style{
	record.General:     {stTicket, stPipeline, stHarvest, stPlain, stTicket},
	record.Coding:      {stReview, stHarvest, stPipeline, stBench, stAgent, stPlain},
	record.Agentic:     {stAgent, stHarvest, stPlain, stAgent},
	record.LongHorizon: {stAgent, stHarvest, stPlain, stPipeline},
	record.Reasoning:   {stBench, stHarvest, stPlain, stBench},
	record.Grading:     {stJudge, stHarvest, stPipeline, stJudge},
	record.Vision:      {stPipeline, stHarvest, stPlain},
}

// homeCap lists styles whose wording only fits one capability.
var homeCap = map[style]record.Capability{stTicket: record.General, stReview: record.Coding, stJudge: record.Grading}

func pickStyle(r *rand.Rand, c record.Capability, s string) style {
	s = strings.ToLower(s)
	st := numStyles
	for _, w := range styleWords {
		if strings.Contains(s, w.word) {
			st = w.st
			break
		}
	}
	if st == numStyles {
		opts := capStyles[c]
		return opts[r.IntN(len(opts))]
	}
	if h, ok := homeCap[st]; ok && h != c {
		return stPipeline
	}
	return st
}

type family struct {
	g          *generator
	capability record.Capability
	style      style
	system     string
	slots      []slotDef
	body       []phrase
	cot        phrase
	cotStart   bool
	follow     phrase
	tfmt       int
	lang       int
	mk         int8
	mode       respMode
	tools      [8]int16
	ntools     int
	vars       [numVars]string
}

// fieldDef is a labelled line "Label: value" that pipelines put around the
// task; the label's synonyms are its paraphrases.
type fieldDef struct {
	labels []string
	kind   slotKind
}

func fd(labels string, k slotKind) fieldDef { return fieldDef{strings.Split(labels, "|"), k} }

var capFields = [record.NumCapabilities][]fieldDef{
	record.General: {
		fd("Customer|Customer name|From|Requester|Submitted by", slFullName), fd("Order ID|order_id|Order number|Order #|Order ref", slID),
		fd("Product|Item|Product name", slProduct), fd("Date|Submitted|Received on|Created", slDate),
		fd("Account email|Email|Contact|Reply-to", slEmail), fd("City|Location|Customer city", slCity),
		fd("Amount|Total|Charge|Order total", slMoney), fd("Reference|Ref|Case ID|case_id", slID),
		fd("Topic|Subject|Regarding|Re", slPhrase), fd("Agent|Assigned to|Owner", slName),
	},
	record.Coding: {
		fd("File|Path|Filename|file_path", slPath), fd("Function|Method|Symbol|Entry point", slIdent),
		fd("Commit|SHA|Revision|commit_sha", slSha), fd("PR|Pull request|PR number|MR", slInt),
		fd("Author|Submitted by|Committer", slUser), fd("Version|Target version|Release", slVersion),
		fd("Error|Exception|Failure", slErr), fd("Ticket|Issue|Jira", slID), fd("Repository|Repo|Project", slIdent),
	},
	record.Agentic: {
		fd("User|Requester|On behalf of", slFullName), fd("Date|When|Target date", slDate),
		fd("Location|City|Destination", slCity), fd("Budget|Max spend|Spending limit", slMoney),
		fd("Email|Contact|Notify", slEmail), fd("Session ID|Run ID|trace_id|run_id", slUUID),
		fd("Step budget|Max steps|Max tool calls", slNum), fd("Start page|Target URL|Entry URL", slURL),
	},
	record.LongHorizon: {
		fd("Team size|Headcount|Engineers available", slNum), fd("Deadline|Due date|Target date|Launch date", slDate),
		fd("Budget|Total budget|Funding", slMoney), fd("Company|Client|Organisation|Customer", slCompany),
		fd("Project code|Project ID|Workstream", slID), fd("Product|Application|System", slApp),
		fd("Owner|Lead|Sponsor", slFullName),
	},
	record.Reasoning: {
		fd("Problem ID|Item|Question #|qid", slInt), fd("Seed|Run|Sample", slInt),
		fd("Source|Split|Set", slID), fd("Student|Learner|Name", slName),
	},
	record.Grading: {
		fd("Sample ID|Item ID|Example|sample_id", slID), fd("Run|Eval run|run_id", slUUID),
		fd("Prompt ID|Prompt #|prompt_id", slInt), fd("Annotator|Reviewer|Labeler", slUser),
		fd("Checkpoint|Model step|ckpt", slInt),
	},
	record.Vision: {
		fd("Image|File|Attachment|Upload", slImg), fd("Page|Page number|Sheet", slNum),
		fd("Document ID|Scan ID|doc_id", slID), fd("Vendor|Supplier|Customer", slCompany),
		fd("Uploaded|Date|Captured", slDate), fd("Uploader|Submitted by", slFullName),
	},
}

type famBuilder struct {
	g       *generator
	f       *family
	r       *rand.Rand
	sem     uint64
	nvar    int
	sep     string
	fieldNL bool
	slotIdx map[int]int16
	// semUsed carries the semantic alternatives already chosen from one
	// phrase to the next, so that two instruction blocks do not repeat a
	// rule; every variant of a phrase starts from the same state.
	semUsed map[int32]uint64
	defer_  [numVars]int16
}

func (g *generator) newFamily(r *rand.Rand, c record.Capability, o FamilyOptions) *family {
	if c >= record.NumCapabilities {
		c = record.General
	}
	r = orDefault(r)
	f := &family{g: g, capability: c, mk: -1}
	b := &famBuilder{
		g: g, f: f,
		r:       rand.New(rand.NewPCG(r.Uint64(), r.Uint64())),
		sem:     r.Uint64(),
		slotIdx: map[int]int16{},
	}
	br := b.r
	b.nvar = 3 + br.IntN(4)
	b.sep = famSeps[br.IntN(len(famSeps))]
	f.style = pickStyle(br, c, o.Style)
	f.lang = langPick[br.IntN(len(langPick))]
	f.tfmt = br.IntN(numTranscriptFormats)
	f.cotStart = br.IntN(3) == 0
	n := o.Slots
	if n <= 0 {
		n = 2 + br.IntN(5)
	}
	if n > 12 {
		n = 12
	}
	// Fixed scene of the family (names and things that do not vary).
	mk := br.IntN(len(mathKinds))
	sc := expander{g: g, r: br, mk: -1}
	sc.setMathScene(mk)
	f.vars = sc.vars
	f.vars[vTopic] = topics[br.IntN(len(topics))]
	f.vars[vLang] = langs[f.lang].name

	if o.System {
		x := expander{g: g, r: br, mk: -1, lang: f.lang, vars: f.vars}
		id := g.gr.lookup("fs_" + styleNames[f.style])
		if f.style == stPlain {
			id = g.gr.lookup("fs_" + capKey[c])
		}
		x.rule(id)
		f.system = string(x.buf)
		f.tools, f.ntools = x.tools, x.ntools
		if x.mode != rmNone {
			f.mode = x.mode
		}
	}
	if c == record.Agentic && f.ntools == 0 && (f.style == stAgent || br.IntN(2) == 0) {
		x := expander{g: g, r: br, mk: -1}
		x.buf = append(x.buf, toolsLead[br.IntN(len(toolsLead))]...)
		x.toolDefs(2 + br.IntN(4))
		x.buf = append(x.buf, "\n\n"...)
		f.tools, f.ntools = x.tools, x.ntools
		f.body = append(f.body, phrase{vars: [][]seg{{{lit: string(x.buf), slot: -1}}}})
	}

	b.phraseOpt("fo_"+styleNames[f.style], "fo_"+capKey[c])
	if c == record.Reasoning && (f.style == stBench || br.IntN(10) < 6) {
		b.math(mk)
	} else {
		b.phraseOpt("ft_"+capKey[c]+"_"+styleNames[f.style], "ft_"+capKey[c])
	}
	minFields := 0
	if f.mk >= 0 {
		minFields = 1 // benchmark harnesses number their items
	}
	b.fields(n, minFields)
	b.phraseOpt("fk_block_" + capKey[c])
	// Enough slot values that renderings rarely repeat.
	b.ensureVariety()
	// Forms with many or long fields come with longer instructions.
	for w := b.slotWeight(); w >= 5; w -= 4 {
		b.phraseOpt("fk_block_" + capKey[c])
	}
	b.phraseOpt("fx_"+styleNames[f.style], "fx_"+capKey[c])
	f.cot = b.build(g.cot)
	f.follow = b.build(g.gr.lookup("fw_" + capKey[c]))
	return f
}

var famSeps = []string{"\n", "\n\n", "\n", " "}

var toolsLead = []string{"Available tools:\n", "You can call these functions:\n", "TOOLS = ", "Functions available (JSON schema):\n", "tools:\n"}

var capKey = [record.NumCapabilities]string{"general", "coding", "agentic", "long", "reasoning", "grading", "vision"}

var topics = []string{"billing", "shipping", "onboarding", "security", "performance", "pricing", "privacy", "refunds", "accessibility", "localisation", "search", "notifications", "payments", "analytics", "compliance"}

// phraseOpt adds the first of the named rules that exists.
func (b *famBuilder) phraseOpt(names ...string) {
	for _, n := range names {
		if id, ok := b.g.gr.ids[n]; ok {
			b.add(b.build(id))
			return
		}
	}
}

// add appends a phrase, separated from the previous one when that one does
// not end in white space.
func (b *famBuilder) add(p phrase) {
	if len(p.vars) == 0 || len(p.vars[0]) == 0 {
		return
	}
	if n := len(b.f.body); n > 0 {
		prev := b.f.body[n-1].vars[0]
		last := prev[len(prev)-1]
		endsNL := last.slot < 0 && strings.HasSuffix(last.lit, "\n")
		if last.slot >= 0 || !strings.HasSuffix(last.lit, " ") && !endsNL {
			b.f.body = append(b.f.body, phrase{vars: [][]seg{{{lit: b.sep, slot: -1}}}})
		}
		if endsNL {
			// No blank line pile-up: drop the new phrase's own leading
			// line break.
			for i, v := range p.vars {
				if len(v) > 0 && v[0].slot < 0 && strings.HasPrefix(v[0].lit, "\n") {
					v[0].lit = v[0].lit[1:]
					p.vars[i] = v
				}
			}
		}
	}
	b.f.body = append(b.f.body, p)
}

func (b *famBuilder) slotFor(k slotKind, occ int) int16 {
	key := int(k)<<8 | occ
	if i, ok := b.slotIdx[key]; ok {
		return i
	}
	i := int16(len(b.f.slots))
	b.f.slots = append(b.f.slots, slotDef{kind: k, v: numVars})
	b.slotIdx[key] = i
	return i
}

// build expands rule id into a canonical wording and up to nvar distinct
// paraphrases.
func (b *famBuilder) build(id int32) phrase {
	var p phrase
	if id < 0 {
		return p
	}
	seen := map[string]bool{}
	var next map[int32]uint64
	defer func() {
		if next != nil {
			b.semUsed = next
		}
	}()
	for try := 0; len(p.vars) < 1+b.nvar && try < 4*(1+b.nvar); try++ {
		x := expander{
			g: b.g, r: rand.New(rand.NewPCG(b.r.Uint64(), b.r.Uint64())),
			fam: true, sem: b.sem, famSlot: b.slotFor, defer_: b.defer_,
			vars: b.f.vars, lang: b.f.lang, mk: -1,
			semOcc: map[int32]uint64{}, semUsed: maps.Clone(b.semUsed),
		}
		if x.semUsed == nil {
			x.semUsed = map[int32]uint64{}
		}
		x.rule(id)
		if len(p.vars) == 0 {
			next = x.semUsed
			if x.mode != rmNone {
				b.f.mode = x.mode
			}
			if x.lang != b.f.lang {
				b.f.lang = x.lang
			}
			if x.ntools > 0 && b.f.ntools == 0 {
				b.f.tools, b.f.ntools = x.tools, x.ntools
			}
		}
		text := string(x.buf)
		var key strings.Builder
		key.WriteString(text)
		for _, m := range x.marks {
			key.WriteByte(0)
			key.WriteByte(byte(m.pos))
			key.WriteByte(byte(m.pos >> 8))
			key.WriteByte(byte(m.slot))
		}
		if seen[key.String()] {
			continue
		}
		seen[key.String()] = true
		var segs []seg
		last := 0
		for _, m := range x.marks {
			if m.pos > last {
				segs = append(segs, seg{lit: text[last:m.pos], slot: -1})
			}
			segs = append(segs, seg{slot: m.slot})
			last = m.pos
		}
		if last < len(text) {
			segs = append(segs, seg{lit: text[last:], slot: -1})
		}
		p.vars = append(p.vars, segs)
	}
	return p
}

// usedSlots counts the slots the canonical wording uses (paraphrases may
// use a few more).
func (b *famBuilder) usedSlots() int {
	seen := map[int16]bool{}
	for _, p := range b.f.body {
		for _, s := range p.vars[0] {
			if s.slot >= 0 {
				seen[s.slot] = true
			}
		}
	}
	return len(seen)
}

// slotWeight weighs the slots of the canonical wording by how much text
// they vary: a message or a code snippet counts double.
func (b *famBuilder) slotWeight() int {
	seen := map[int16]bool{}
	w := 0
	for _, p := range b.f.body {
		for _, s := range p.vars[0] {
			if s.slot < 0 || seen[s.slot] || int(s.slot) >= len(b.f.slots) {
				continue
			}
			seen[s.slot] = true
			switch b.f.slots[s.slot].kind {
			case slCode, slHunk, slDiff, slTrace:
				w += 3
			case slMsg, slSMsg, slQuestion, slAnswer, slSentence, slCodeShort, slMath, slSQL:
				w += 2
			default:
				w++
			}
		}
	}
	return w
}

// kindValues estimates how many distinct values a slot kind takes, to tell
// whether a family's slots can make tens of thousands of distinct requests.
func kindValues(k slotKind) float64 {
	switch k {
	case slNum, slSmall, slDisp, slPct, slYear, slPort, slCountry, slDish, slIngredient, slNoun, slHLang, slPLang, slJob, slUser,
		slDomain, slFeature, slDay, slShell, slSchema, slTopic:
		return 40
	case slName, slCity, slPlace, slTime:
		return 120
	case slSMsg, slQuote, slSQL, slErr, slQuery, slCompany, slProduct, slApp, slTask, slDate, slVersion:
		return 1500
	case slSeq, slIdent, slCodeShort, slHunk, slFullName, slPhrase, slSentence, slQuestion, slAnswer:
		return 1e4
	}
	return 1e5
}

// ensureVariety adds an identifier field when the canonical wording's slots
// cannot make about 50,000 distinct renderings.
func (b *famBuilder) ensureVariety() {
	seen := map[int16]bool{}
	v := 1.0
	for _, p := range b.f.body {
		for _, s := range p.vars[0] {
			if s.slot >= 0 && !seen[s.slot] && int(s.slot) < len(b.f.slots) {
				seen[s.slot] = true
				v *= kindValues(b.f.slots[s.slot].kind)
			}
		}
	}
	if v >= 5e4 {
		return
	}
	for _, d := range capFields[b.f.capability] {
		if kindValues(d.kind) >= 1e4 {
			b.addField(d, true)
			return
		}
	}
}

// fields adds labelled slot lines until the canonical wording has n slots
// (at least min of them fields).
func (b *famBuilder) fields(n, min int) {
	fs := capFields[b.f.capability]
	have := b.usedSlots()
	if have >= n && min == 0 || len(fs) == 0 {
		return
	}
	perm := b.r.Perm(len(fs))
	b.fieldNL = b.r.IntN(3) > 0
	for k, i := range perm {
		if have >= n && k >= min {
			break
		}
		have++
		b.addField(fs[i], false)
	}
}

// addField appends one "Label: value" line; its label's synonyms are its
// paraphrases.
func (b *famBuilder) addField(d fieldDef, alone bool) {
	if n := len(b.f.body); n > 0 {
		prev := b.f.body[n-1].vars[0]
		last := prev[len(prev)-1]
		if last.slot >= 0 || !strings.HasSuffix(last.lit, "\n") && !strings.HasSuffix(last.lit, "; ") {
			lead := "\n"
			if !b.fieldNL && !alone {
				lead = " "
			}
			b.f.body = append(b.f.body, phrase{vars: [][]seg{{{lit: lead, slot: -1}}}})
		}
	}
	var p phrase
	first := b.r.IntN(len(d.labels))
	for j := range d.labels {
		l := d.labels[(first+j)%len(d.labels)]
		sep := ": "
		if strings.Contains(l, "_") {
			sep = "="
		}
		p.vars = append(p.vars, []seg{{lit: l + sep, slot: -1}})
	}
	si := int16(len(b.f.slots))
	b.f.slots = append(b.f.slots, slotDef{kind: d.kind, v: numVars})
	end := "\n"
	if !b.fieldNL && !alone {
		end = "; "
	}
	for j := range p.vars {
		p.vars[j] = append(p.vars[j], seg{slot: si}, seg{lit: end, slot: -1})
	}
	b.f.body = append(b.f.body, p)
}

// math adds a templated word problem: its numbers and the name of its
// protagonist are slots, its story is fixed.
func (b *famBuilder) math(k int) {
	f := b.f
	f.mk = int8(k)
	mk := &mathKinds[k]
	for i := 0; i < mk.shown && i < 8; i++ {
		v := vD0 + varID(i)
		b.defer_[v] = int16(len(f.slots)) + 1
		f.slots = append(f.slots, slotDef{kind: slDisp, v: v})
	}
	b.defer_[vName] = int16(len(f.slots)) + 1
	f.slots = append(f.slots, slotDef{kind: slName, v: vName})
	b.add(b.build(b.g.mathQ[k]))
	b.defer_ = [numVars]int16{}
}

func (f *family) render(r *rand.Rand, paraphrase float64, o Options) Text {
	g := f.g
	r = orDefault(r)
	st := g.get(r)
	defer g.put(st)
	x := &st.x
	x.lang, x.mode, x.tools, x.ntools, x.vars = f.lang, f.mode, f.tools, f.ntools, f.vars
	x.varsUsed = true
	if f.mk >= 0 {
		x.setMath(int(f.mk))
	}
	// Fill the slots into vbuf.
	x.buf, st.vbuf = st.vbuf[:0], x.buf
	for i := range f.slots {
		s := &f.slots[i]
		if s.kind == slDisp {
			x.buf = append(x.buf, x.nums[s.v]...)
		} else {
			x.fill(s.kind)
		}
		st.voff = append(st.voff, int32(len(x.buf)))
	}
	x.buf, st.vbuf = st.vbuf, x.buf
	// Word problems: the response needs the name the prompt used.
	for i := range f.slots {
		if v := f.slots[i].v; v < numVars && f.slots[i].kind != slDisp {
			x.nums[v] = st.slotVal(i)
		}
	}
	if paraphrase < 0 {
		paraphrase = 0
	}
	if o.SyntheticTranscript {
		mk, mode, ntools := x.mk, x.mode, x.ntools
		x.transcriptOpen(st, f.capability, f.tfmt)
		x.mk, x.mode, x.ntools = mk, mode, ntools
	}
	bodyStart := len(x.buf)
	if o.Turn > 1 {
		st.writePhrase(&f.follow, paraphrase)
	} else {
		if o.CoT && f.cotStart {
			st.writePhrase(&f.cot, paraphrase)
			x.buf = append(x.buf, "\n\n"...)
		}
		for i := range f.body {
			st.writePhrase(&f.body[i], paraphrase)
		}
		if o.CoT && !f.cotStart {
			trimNL(x)
			x.buf = append(x.buf, "\n\n"...)
			st.writePhrase(&f.cot, paraphrase)
		}
	}
	trimNL(x)
	if o.SyntheticTranscript {
		x.transcriptClose(st, f.tfmt, bodyStart)
	}
	promptEnd := len(x.buf)
	x.respond(f.capability, o)
	return finish(x, f.system, promptEnd)
}

func (st *state) slotVal(i int) []byte {
	a := int32(0)
	if i > 0 {
		a = st.voff[i-1]
	}
	return st.vbuf[a:st.voff[i]:st.voff[i]]
}

func (st *state) writePhrase(p *phrase, paraphrase float64) {
	if len(p.vars) == 0 {
		return
	}
	x := &st.x
	v := p.vars[0]
	// With probability paraphrase the wording is redrawn among all the
	// phrase's wordings (the canonical one included). Two renderings then
	// share a phrase with probability (1-p)² + p(2-p)/n, which falls
	// steadily from 1 at p = 0 to 1/n at p = 1; picking among the
	// paraphrases only would pin phrases that have a single paraphrase and
	// make overlap at p = 1 no lower than at p = 0.5.
	if n := len(p.vars); n > 1 && paraphrase > 0 && x.r.Float64() < paraphrase {
		v = p.vars[x.r.IntN(n)]
	}
	for i := range v {
		if s := v[i].slot; s >= 0 {
			if int(s) < len(st.voff) {
				x.buf = append(x.buf, st.slotVal(int(s))...)
			}
		} else {
			x.buf = append(x.buf, v[i].lit...)
		}
	}
}
